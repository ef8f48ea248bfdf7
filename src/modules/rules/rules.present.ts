/** Ruling 19: the rulings and the drafting points, shaped for `/rules` and `GET /api/v1/rules`. */
import { DRAFTING_POINTS, LEGAL_TEXT_SOURCE, RULINGS } from './rulings.ts';

/**
 * Ruling 13's reading, as written, then the record window this installation has set
 * (`recordWindow`, in Working Days).
 */
function readingOf(number: number, reading: string, recordWindow: number): string {
  if (number !== 13) return reading;
  return `${reading} This installation’s record window is ${String(recordWindow)} Working Days.`;
}

/** Ruling 19: every ruling and drafting point with its address on the rules page. */
export function presentRules(recordWindow = 5) {
  return {
    source: LEGAL_TEXT_SOURCE,
    rulings: RULINGS.map((r) => ({
      ...r,
      reading: readingOf(r.number, r.reading, recordWindow),
      href: `/rules#${r.anchor}`,
      clauses: [...r.clauses],
      quotations: [...r.quotations],
      appliedIn: [...r.appliedIn],
    })),
    draftingPoints: DRAFTING_POINTS.map((d) => ({
      ...d,
      href: `/rules#${d.anchor}`,
      clauses: [...d.clauses],
      quotations: [...d.quotations],
    })),
  };
}
