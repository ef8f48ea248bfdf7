/**
 * WCAG 2.2 reflow (1.4.10), issue 13: at 320 CSS pixels a page must not scroll sideways. A data
 * table cannot reflow without losing its columns, so each one scrolls inside its own container:
 * a region, labelled and focusable so a keyboard user can scroll it too
 * (`<div class="app-table-wrap" role="region" aria-label="…" tabindex="0">`).
 *
 * Every page's HTML passes through `wrapTables` once rendered, so no template has to remember
 * the wrapper; a table a template already put in a focusable region is left as it is.
 */

const TABLE = /<table\b[^>]*>[\s\S]*?<\/table>/gi;
const CAPTION = /<caption\b[^>]*>([\s\S]*?)<\/caption>/i;
const HEADING = /<h[1-4]\b[^>]*>([\s\S]*?)<\/h[1-4]>/gi;
/** A region opened just before the table (only white space between them). */
const REGION_BEFORE = /<div\b[^>]*\brole="region"[^>]*>\s*$/i;
const LABEL_MAX = 120;

/** The words of some HTML: its tags dropped, white space collapsed (entities stay escaped). */
function wordsOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What the region is called: the table's caption, else the nearest heading above it. */
function labelOf(table: string, before: string): string {
  const caption = CAPTION.exec(table);
  if (caption?.[1] !== undefined && wordsOf(caption[1]) !== '') return wordsOf(caption[1]);
  let heading = '';
  // The last few thousand characters hold the table's heading: no need to scan a whole long page.
  for (const match of before.slice(-8000).matchAll(HEADING)) heading = wordsOf(match[1] ?? '');
  return heading || 'Table';
}

/** `html` with each table not already in a region wrapped in a scrolling, labelled region. */
export function wrapTables(html: string): string {
  if (!html.includes('<table')) return html;
  return html.replace(TABLE, (table: string, offset: number) => {
    const before = html.slice(0, offset);
    if (REGION_BEFORE.test(before.slice(-400))) return table;
    const label = labelOf(table, before).slice(0, LABEL_MAX).replace(/"/g, '&quot;');
    return `<div class="app-table-wrap" role="region" aria-label="${label}" tabindex="0">${table}</div>`;
  });
}
