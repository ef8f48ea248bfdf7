/**
 * Ruling 13 (a system of record starts somewhere): each installation has a cut-over date. Acts
 * dated before it are history recorded from outside secrel ("held outside secrel"); from the
 * cut-over on, acts happen live and the live rules apply.
 */

/** The words pages and the API use for a record dated before the cut-over. */
export const HELD_OUTSIDE_LABEL = 'Held outside secrel';

/** Ruling 13: an act dated `on` (YYYY-MM-DD) before the cut-over is history, not a live act. */
export function isHeldOutside(on: string, cutOver: string): boolean {
  return on < cutOver;
}

/**
 * Ruling 13: history satisfies a gate only for an act that is itself before the cut-over; a live
 * act needs a live record (a consultation, a meeting, an approval) to rest on.
 */
export function satisfiesGate(recordOn: string, actOn: string, cutOver: string): boolean {
  return !isHeldOutside(recordOn, cutOver) || isHeldOutside(actOn, cutOver);
}
