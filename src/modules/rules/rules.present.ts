/** Ruling 19: the rulings and the drafting points, shaped for `/rules` and `GET /api/v1/rules`. */
import { DRAFTING_POINTS, LEGAL_TEXT_SOURCE, RULINGS } from './rulings.ts';

/** Ruling 19: every ruling and drafting point with its address on the rules page. */
export function presentRules() {
  return {
    source: LEGAL_TEXT_SOURCE,
    rulings: RULINGS.map((r) => ({
      ...r,
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
