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

/**
 * Ruling 13: from the cut-over on, acts happen live. A cut-over later than today would leave
 * every live rule off until then, so anything recorded meanwhile would escape them: the
 * cut-over is never later than `today` (the London date). Returns why `proposed` is refused, or
 * null.
 */
export function cutOverAfterTodayRefusal(proposed: string, today: string): string | null {
  if (proposed <= today) return null;
  return `The cut-over cannot be ${proposed}: it may not be later than today (${today}), as until then the live rules of ruling 13 would not apply to anything recorded. Choose today or an earlier date.`;
}

/** The longest record window an installation may set, in Working Days. */
export const MAX_PANEL_RECORD_WORKING_DAYS = 30;

/**
 * Ruling 13: "a Panel decision is recorded at most 5 Working Days (configurable) after the
 * meeting that took it". The installation's window is a whole number of Working Days from 1 to
 * MAX_PANEL_RECORD_WORKING_DAYS. Returns why `workingDays` is refused, or null.
 */
export function recordWindowProblem(workingDays: number): string | null {
  if (
    !Number.isInteger(workingDays) ||
    workingDays < 1 ||
    workingDays > MAX_PANEL_RECORD_WORKING_DAYS
  ) {
    return `The Panel's record window must be a whole number of Working Days from 1 to ${MAX_PANEL_RECORD_WORKING_DAYS}`;
  }
  return null;
}
