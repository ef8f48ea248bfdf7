import {
  deadlineAfter,
  isoWithLondonOffset,
  type WorkingDayCalendar,
} from '../../calendar/index.ts';

/** D10.17: an appeal against a RID approval may be lodged within this many Working Days. */
export const APPEAL_WINDOW_WORKING_DAYS = 10;

/**
 * D10.17, ruling 1, ruling 18: the last instant an appeal against a RID approval may be lodged:
 * "within 10 Working Days following" publication, by the calendar's one rule (`deadlineAfter`):
 * day 1 is the first Working Day after the London day of publication, whatever day that is (a
 * Saturday, a bank holiday), and the window closes at 23:59:59 UK time on day 10. E.g. published
 * Saturday 28 November 2026 → `2026-12-11T23:59:59+00:00` (Friday 11 December). Computed once,
 * when the approval is published, and stored (see `appealDeadlineOf`).
 */
export function appealDeadline(calendar: WorkingDayCalendar, publishedAt: string): string {
  return deadlineAfter(calendar, publishedAt, APPEAL_WINDOW_WORKING_DAYS);
}

/**
 * Ruling 18: the deadline of a published approval: the one stored when it was published (so a
 * later bank-holiday override or region change does not shorten the window), shown with its UK
 * offset; for an approval published before deadlines were stored (migration 0009), computed from
 * its publication. Null while unpublished.
 */
export function appealDeadlineOf(
  calendar: WorkingDayCalendar,
  version: { publishedAt: string | null; appealDeadline: string | null },
): string | null {
  if (version.appealDeadline !== null) return isoWithLondonOffset(version.appealDeadline);
  return version.publishedAt === null ? null : appealDeadline(calendar, version.publishedAt);
}

/** D10.17: whether an appeal at `now` is still within the window that closes at `deadline`. */
export function withinAppealWindow(deadline: string, now: Date): boolean {
  return now.getTime() <= Date.parse(deadline);
}
