import { describe, expect, it } from 'vitest';
import { principalWith } from '../../test/support/principals.ts';
import { breadcrumbsFor } from './breadcrumbs.ts';

describe('issue 13: breadcrumbs from a page’s route, its parameters and its model', () => {
  it('issue 13: a RID version’s page leads through the release (named from the model) to the RID', () => {
    expect(
      breadcrumbsFor('/releases/:id/rid/versions/:n/appeal', { id: '7', n: '2' }, null, {
        release: { name: 'June 2027 SEC Release' },
      }),
    ).toEqual([
      { text: 'Home', href: '/' },
      { text: 'Releases', href: '/releases' },
      { text: 'June 2027 SEC Release', href: '/releases/7' },
      { text: 'Release Implementation Document', href: '/releases/7/rid' },
      { text: 'RID version 2', href: '/releases/7/rid/versions/2' },
    ]);
  });

  it('issue 13: signed-in readers start from their home page; a modification is named by its reference', () => {
    expect(
      breadcrumbsFor(
        '/modifications/:id/refinement/items/:purpose',
        { id: '12', purpose: 'a' },
        principalWith('code_administrator'),
        { m: { reference: 'MP102A' } },
      ),
    ).toEqual([
      { text: 'Home', href: '/home' },
      { text: 'Modifications', href: '/modifications' },
      { text: 'MP102A', href: '/modifications/12' },
      { text: 'Refinement', href: '/modifications/12/refinement' },
    ]);
  });

  it('issue 13: a step its reader may not open is left out (the legal-text page is SECAS’s; the outbox SECAS’s)', () => {
    const path = '/modifications/:id/legal-text/provisions/:pid';
    const params = { id: '3', pid: '9' };
    const model = { m: { reference: 'MP200' } };
    const texts = (role: Parameters<typeof principalWith>[0]) =>
      breadcrumbsFor(path, params, principalWith(role), model).map((crumb) => crumb.text);
    expect(texts('code_administrator')).toContain('Legal text');
    expect(texts('party')).toEqual(['Home', 'Modifications', 'MP200']);
    expect(breadcrumbsFor('/admin/outbox/:id', { id: '1' }, principalWith('party'), {})).toEqual(
      [],
    );
    expect(
      breadcrumbsFor('/admin/outbox/:id', { id: '1' }, principalWith('code_administrator'), {}),
    ).toEqual([
      { text: 'Home', href: '/home' },
      { text: 'E-mail outbox', href: '/admin/outbox' },
    ]);
  });

  it('issue 13: top-level pages, unknown routes and routes without their parameters have no breadcrumbs', () => {
    for (const route of ['/releases', '/home', '/', '/search'])
      expect(breadcrumbsFor(route, {}, null, {}), route).toEqual([]);
    expect(breadcrumbsFor(undefined, {}, null, {})).toEqual([]);
    expect(breadcrumbsFor('/releases/:id/testing', {}, null, {})).toEqual([
      { text: 'Home', href: '/' },
      { text: 'Releases', href: '/releases' },
    ]);
  });
});
