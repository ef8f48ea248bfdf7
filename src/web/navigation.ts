import type { Principal } from '../modules/identity/identity.ts';
import { canReadAudit } from '../modules/audit/audit.access.ts';
import { canReadCatalogue } from '../modules/catalogue/catalogue.access.ts';
import { canAdminister } from '../modules/identity/identity.access.ts';
import { overseesActions } from '../modules/meeting/meeting.access.ts';
import { canReadModifications } from '../modules/modification/modification.access.ts';
import { canListViewRequests } from '../modules/refinement/refinement.access.ts';

export interface NavItem {
  href: string;
  text: string;
  active: boolean;
}

/** The service navigation a person sees: only links to pages their roles may open. */
export function navigationFor(principal: Principal | null, currentPath: string): NavItem[] {
  const items: { href: string; text: string }[] = [];
  if (principal) items.push({ href: '/home', text: 'Home' });
  if (canReadModifications(principal))
    items.push({ href: '/modifications', text: 'Modifications' });
  if (canReadCatalogue(principal)) items.push({ href: '/catalogue', text: 'SEC documents' });
  items.push({ href: '/consultations', text: 'Consultations' });
  items.push({ href: '/calendar', text: 'Calendar' });
  items.push({ href: '/releases', text: 'Releases' });
  items.push({ href: '/policy', text: 'Release Policy' });
  items.push({ href: '/code', text: 'The Code' });
  if (canListViewRequests(principal)) items.push({ href: '/views', text: 'Views requested' });
  if (overseesActions(principal)) items.push({ href: '/meetings', text: 'Panel meetings' });
  if (canReadAudit(principal)) items.push({ href: '/audit', text: 'Audit trail' });
  if (canAdminister(principal)) {
    items.push({ href: '/admin/users', text: 'Users' });
    items.push({ href: '/admin/outbox', text: 'Outbox' });
  }
  if (principal) items.push({ href: '/account', text: 'Your account' });
  return items.map((item) => ({
    ...item,
    active: currentPath === item.href || currentPath.startsWith(`${item.href}/`),
  }));
}
