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

/** An act already recorded live: what it is and the date ruling 13 classifies it by. */
export interface LiveAct {
  on: string;
  what: string;
}

/**
 * Ruling 13: the cut-over may move earlier, or later only up to the earliest act already
 * recorded live on or after it: past that date the act would become history "held outside
 * secrel" though it happened in secrel. Returns why a move to `proposed` is refused, or null.
 */
export function cutOverMoveRefusal(proposed: string, earliestLive: LiveAct | null): string | null {
  if (earliestLive === null || proposed <= earliestLive.on) return null;
  return `The cut-over cannot move to ${proposed}: ${earliestLive.what} on ${earliestLive.on} is already recorded live, and a cut-over after it would make it history. The latest cut-over allowed is ${earliestLive.on}.`;
}
