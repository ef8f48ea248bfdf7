import { describe, expect, it } from 'vitest';
import { proseProblems } from '../support/site-crawl.ts';

const page = (prose: string) =>
  `<html><head><title>A page</title></head><body><p>${prose}</p></body></html>`;

describe('issue 13: the crawl’s raw-text patterns find nested brackets in prose, not clause labels', () => {
  it('brackets inside brackets in prose are a problem', () => {
    for (const prose of [
      'Signed in as Tom Okafor (Code Administrator (SECAS)).',
      'Tom Okafor (SECAS (Gemserv)) raised it',
      'Sarah Lindqvist (Ofgem (the Authority))',
      'the SIT and UIT dates (an information request on section (b))',
      'DCC testing (RID (b))',
      'the rules (see (a) and (b)) apply',
      '(as in Section (e))',
      '(see D10.8(d) and section (b))',
    ])
      expect(proseProblems(page(prose)).join(), prose).toContain('nested brackets');
  });

  it('clause labels, in brackets or not, flat names and brackets side by side are not', () => {
    for (const prose of [
      'D10.8(d)',
      'the cost report (D10.8(d))',
      'the checklist (a)–(l) of D6.8',
      '(Section D10.8 (d))',
      'items (a) and (b) (Section D6.8)',
      'D10.8(c), D10.8(d)',
      'Signed in as Tom Okafor, SECAS (Gemserv) — Code Administrator (SECAS).',
      'Tom Okafor, SECAS (Gemserv) raised it',
      'DCC testing, RID (b)',
      '(see D10.8(d) and D10.9(a))',
      'Views that must be sought (D6.8(f)–(i))',
      'its support for User testing (D10.13(d) and (e))',
      'as the RID says (Sections D10.13(b) and (c), D10.16)',
      'Policy [deleted: (in accordance with ] Section D10.8(d) [deleted: ) ]',
    ])
      expect(proseProblems(page(prose)).join(), prose).not.toContain('nested brackets');
  });

  it('GOV.UK: breadcrumbs and a back link on one page are a problem; either alone is not', () => {
    const crumbs = '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb"></nav>';
    const back = '<a href="/admin/outbox" class="govuk-back-link">Back</a>';
    const both = `<html><head><title>A page</title></head><body>${crumbs}${back}</body></html>`;
    expect(proseProblems(both)).toContain('breadcrumbs and a back link on one page');
    for (const one of [crumbs, back])
      expect(
        proseProblems(`<html><head><title>A page</title></head><body>${one}</body></html>`),
      ).toEqual([]);
  });
});
