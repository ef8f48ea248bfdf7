import {
  addWorkingDays,
  endOfLondonDay,
  londonDateOf,
  type WorkingDayCalendar,
} from '../../calendar/index.ts';

/** D10.17: an appeal against a RID approval may be lodged within this many Working Days. */
export const APPEAL_WINDOW_WORKING_DAYS = 10;

/**
 * D10.17, ruling 1: the last instant an appeal against a RID approval may be lodged: 23:59:59
 * UK time on the 10th Working Day after the London day the approval was published. Publication
 * on a day that is not a Working Day counts as publication on the next Working Day, so counting
 * starts on the Working Day after that. Returns e.g. `2027-01-12T23:59:59+00:00`.
 */
export function appealDeadline(calendar: WorkingDayCalendar, publishedAt: string): string {
  let published = londonDateOf(publishedAt);
  if (!calendar.isWorkingDay(published)) published = addWorkingDays(calendar, published, 1);
  return endOfLondonDay(addWorkingDays(calendar, published, APPEAL_WINDOW_WORKING_DAYS));
}

/** D10.17: whether an appeal at `now` is still within the window that closes at `deadline`. */
export function withinAppealWindow(deadline: string, now: Date): boolean {
  return now.getTime() <= Date.parse(deadline);
}
