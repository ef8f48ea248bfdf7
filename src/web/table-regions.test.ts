import { describe, expect, it } from 'vitest';
import { wrapTables } from './table-regions.ts';

const TABLE = '<table class="govuk-table"><tr><td>MP201</td></tr></table>';

describe('issue 13, WCAG 2.2 1.4.10: tables scroll in their own labelled, focusable region', () => {
  it('wraps a table in a region named by its caption', () => {
    const html = `<table class="govuk-table"><caption class="govuk-table__caption">Releases &amp; dates</caption><tr><td>1</td></tr></table>`;
    expect(wrapTables(html)).toBe(
      `<div class="app-table-wrap" role="region" aria-label="Releases &amp; dates" tabindex="0">${html}</div>`,
    );
  });

  it('names a table without a caption by the nearest heading above it, without its markup', () => {
    const html = `<h2 class="govuk-heading-m">Decisions</h2><h2 class="govuk-heading-m" id="t">Allocated <span>modifications</span></h2>\n${TABLE}`;
    expect(wrapTables(html)).toContain(
      `<div class="app-table-wrap" role="region" aria-label="Allocated modifications" tabindex="0">${TABLE}</div>`,
    );
  });

  it('calls a table with neither caption nor heading "Table", and escapes a quote in a label', () => {
    expect(wrapTables(TABLE)).toContain('aria-label="Table"');
    expect(wrapTables(`<h3>The "late" ones</h3>${TABLE}`)).toContain(
      'aria-label="The &quot;late&quot; ones"',
    );
  });

  it('wraps every table of a page, and leaves one already in a region as it is', () => {
    const inRegion = `<div class="secrel-table-scroll" role="region" aria-label="Audit events" tabindex="0">\n${TABLE}</div>`;
    const page = `<h2>One</h2>${TABLE}<p>text</p>${inRegion}<h2>Two</h2>${TABLE}`;
    const wrapped = wrapTables(page);
    expect(wrapped.match(/class="app-table-wrap"/g)).toHaveLength(2);
    expect(wrapped).toContain(inRegion);
    expect(wrapped).toContain('aria-label="One"');
    expect(wrapped).toContain('aria-label="Two"');
  });

  it('leaves a page without tables unchanged', () => {
    const page = '<main><p>No tables here</p></main>';
    expect(wrapTables(page)).toBe(page);
  });
});
