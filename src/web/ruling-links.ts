/**
 * Ruling 19: a text from the server (a one-time notice, a home-page item) says where it applies a
 * ruling with the words "secrel’s reading: ruling N", the words of the `rulingLink` macro
 * (ruling-note.njk). Shown on a page, those words link to the ruling on /rules.
 */
import { RULINGS, rulingHref } from '../modules/rules/rulings.ts';

/** The words that name a ruling in a text: `secrel’s reading: ruling N`. */
export const rulingWords = (n: number): string => `secrel’s reading: ruling ${n}`;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const KNOWN = new Set(RULINGS.map((r) => r.number));

/**
 * Ruling 19: `text` as HTML, escaped, with each "secrel’s reading: ruling N" of a ruling that
 * exists made a link to `/rules#ruling-N`.
 */
export function linkRulings(text: string): string {
  return escapeHtml(text).replace(/secrel’s reading: ruling (\d{1,2})/g, (words, n: string) =>
    KNOWN.has(Number(n))
      ? `<a class="govuk-link" href="${rulingHref(Number(n))}">${words}</a>`
      : words,
  );
}
