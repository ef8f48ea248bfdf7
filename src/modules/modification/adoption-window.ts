import { deadlineAfter, type WorkingDayCalendar } from '../../calendar/index.ts';
import { ADOPTION_WINDOW_WORKING_DAYS } from './modification.ts';

/**
 * Ruling 18 (domain.md §4, withdrawal): a withdrawn proposal may be adopted by another Party
 * "within 10 Working Days following" its withdrawal: the calendar's one rule (`deadlineAfter`):
 * day 1 is the first Working Day after the London day of withdrawal, whatever day that is, and
 * the window closes at 23:59:59 UK time on day 10. Computed once at withdrawal and stored on the
 * modification (`adoption_deadline`), so a later calendar override does not shorten it.
 */
export function adoptionDeadline(calendar: WorkingDayCalendar, withdrawnAt: string): string {
  return deadlineAfter(calendar, withdrawnAt, ADOPTION_WINDOW_WORKING_DAYS);
}
