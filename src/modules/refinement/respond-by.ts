import { deadlineAfter, londonDateOf, type WorkingDayCalendar } from '../../calendar/index.ts';
import { DEFAULT_RESPONSE_WORKING_DAYS } from './refinement.ts';

/**
 * D6.8(f)–(i), ruling 18: the default date a sub-committee's views are due: "within 15 Working
 * Days following" the request, by the calendar's one rule (`deadlineAfter`): the London date of
 * Working Day 15, day 1 being the first Working Day after the London day of the request. Stored
 * on the request (`respond_by`) when it is made.
 */
export function defaultRespondBy(calendar: WorkingDayCalendar, requestedAt: string): string {
  return londonDateOf(deadlineAfter(calendar, requestedAt, DEFAULT_RESPONSE_WORKING_DAYS));
}
