import { canReadAppeals } from '../modules/appeal/appeal.access.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { navigationFor, type NavItem } from './navigation.ts';

/** A heading of the "More" menu and the links under it. */
export interface NavGroup {
  heading: string;
  items: NavItem[];
}

/** The service navigation as shown: a few links in the bar, the rest grouped under "More". */
export interface GroupedNavigation {
  primary: NavItem[];
  more: NavGroup[];
  /** Whether the page shown is one of those under "More" (the menu is marked as current). */
  moreActive: boolean;
}

/** Issue 13: the links kept in the bar, in this order; the bar holds one row at 1280 px. */
const PRIMARY = ['/home', '/modifications', '/releases', '/consultations', '/appeals'];

/** Issue 13: the headings of the "More" menu, in order, and the pages under each. */
const GROUPS: readonly { heading: string; hrefs: readonly string[] }[] = [
  { heading: 'The Code and the Policy', hrefs: ['/code', '/catalogue', '/policy', '/calendar'] },
  { heading: 'Panel and sub-committees', hrefs: ['/meetings', '/views'] },
  { heading: 'Records and administration', hrefs: ['/audit', '/admin/users', '/admin/outbox'] },
  { heading: 'You', hrefs: ['/account'] },
];

/** Pages not named in a group above go under this heading, so no link is ever dropped. */
const OTHER_HEADING = 'Other pages';

/**
 * Issue 13: the navigation a person sees, grouped in the GOV.UK service navigation style: the
 * pages most people use in the bar (with "Appeals" for those who may read appeals, D10.17), the
 * others under headings in a "More" menu that is a plain disclosure (`<details>`), so it works
 * without JavaScript. Only links to pages the reader may open (navigationFor decides).
 */
export function groupedNavigationFor(
  principal: Principal | null,
  currentPath: string,
): GroupedNavigation {
  const items = [...navigationFor(principal, currentPath)];
  if (canReadAppeals(principal) && !items.some((item) => item.href === '/appeals'))
    items.push({
      href: '/appeals',
      text: 'Appeals',
      active: currentPath === '/appeals' || currentPath.startsWith('/appeals/'),
    });
  const primary = PRIMARY.flatMap((href) => items.filter((item) => item.href === href));
  const rest = items.filter((item) => !PRIMARY.includes(item.href));
  const more: NavGroup[] = [];
  for (const group of GROUPS) {
    const under = group.hrefs.flatMap((href) => rest.filter((item) => item.href === href));
    if (under.length) more.push({ heading: group.heading, items: under });
  }
  const named = new Set(GROUPS.flatMap((group) => group.hrefs));
  const other = rest.filter((item) => !named.has(item.href));
  if (other.length) more.push({ heading: OTHER_HEADING, items: other });
  return { primary, more, moreActive: rest.some((item) => item.active) };
}
