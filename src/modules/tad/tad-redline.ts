/**
 * The redline between two TAD versions: section against section (D10.19 (a)–(c)), word level
 * inside each, with the Policy's redline engine. PURE.
 */
import { redlineClauses, type RedlineClause } from '../policy/policy-redline.ts';
import { TAD_SECTIONS, type TadText } from './tad.ts';

/** D10.19: a version's three sections as clauses the redline can match by id. */
export function tadClauses(text: TadText): { id: string; heading: string; text: string }[] {
  return TAD_SECTIONS.map((section) => ({
    id: section.letter,
    heading: section.heading,
    text: text[section.field],
  }));
}

/** D10.20: what an amendment changed, word by word, in each of (a)–(c). */
export function redlineTad(from: TadText, to: TadText): RedlineClause[] {
  return redlineClauses(tadClauses(from), tadClauses(to));
}

/** The sections an amendment changed, in (a)–(c) order. */
export function changedSections(redline: readonly RedlineClause[]): string[] {
  return redline.filter((clause) => clause.change !== 'same').map((clause) => clause.id);
}
