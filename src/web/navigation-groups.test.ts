import { describe, expect, it } from 'vitest';
import { principalWith } from '../../test/support/principals.ts';
import { ROLES } from '../modules/identity/identity.ts';
import { groupedNavigationFor } from './navigation-groups.ts';
import { navigationFor } from './navigation.ts';

const hrefs = (nav: ReturnType<typeof groupedNavigationFor>) => [
  ...nav.primary.map((item) => item.href),
  ...nav.more.flatMap((group) => group.items.map((item) => item.href)),
];

describe('issue 13: the service navigation is grouped so the bar holds one row', () => {
  it('issue 13: "Appeals" is in the bar for everyone who may read appeals (D10.17: the public too)', () => {
    for (const principal of [null, ...ROLES.map((role) => principalWith(role))]) {
      const nav = groupedNavigationFor(principal, '/home');
      expect(nav.primary.map((item) => item.text)).toContain('Appeals');
    }
  });

  it('issue 13: at most five links in the bar; every other link of navigationFor is under a heading of "More", none dropped or doubled', () => {
    for (const principal of [null, ...ROLES.map((role) => principalWith(role))]) {
      const nav = groupedNavigationFor(principal, '/home');
      expect(nav.primary.length).toBeLessThanOrEqual(5);
      const flat = navigationFor(principal, '/home').map((item) => item.href);
      expect(hrefs(nav).toSorted()).toEqual([...new Set([...flat, '/appeals'])].toSorted());
      for (const group of nav.more) expect(group.items.length).toBeGreaterThan(0);
    }
  });

  it('issue 13: SECAS sees the administration pages under "Records and administration"; the public sees no account link', () => {
    const secas = groupedNavigationFor(principalWith('code_administrator'), '/admin/users/3');
    const admin = secas.more.find((group) => group.heading === 'Records and administration');
    expect(admin?.items.map((item) => item.text)).toEqual(['Audit trail', 'Users', 'Outbox']);
    expect(secas.moreActive).toBe(true);
    expect(admin?.items.find((item) => item.href === '/admin/users')?.active).toBe(true);
    const publicNav = groupedNavigationFor(null, '/appeals/4');
    expect(hrefs(publicNav)).not.toContain('/account');
    expect(hrefs(publicNav)).not.toContain('/admin/users');
    expect(publicNav.moreActive).toBe(false);
    expect(publicNav.primary.find((item) => item.href === '/appeals')?.active).toBe(true);
  });
});
