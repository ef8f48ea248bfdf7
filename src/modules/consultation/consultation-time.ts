import { Temporal } from 'temporal-polyfill';
import {
  LONDON,
  deadlineAfter,
  endOfLondonDay,
  isIsoDate,
  type WorkingDayCalendar,
} from '../../calendar/index.ts';
import { invalid } from '../../errors.ts';

/** The most Working Days a consultation may run when its close is given that way. */
export const MAX_CONSULTATION_WORKING_DAYS = 250;

/**
 * Consultations: an opening given as a date (`YYYY-MM-DD`) opens at the start of that day in UK
 * time; a close given as a date closes at its end (23:59:59 UK time). Instants need `Z` or an
 * offset. A 400 names `field` otherwise.
 */
export function instantOf(field: string, value: string, edge: 'start' | 'end'): Date {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isIsoDate(text)) throw invalid(field, `${value.trim()} is not a real date`);
    if (edge === 'end') return new Date(endOfLondonDay(text));
    const start = Temporal.PlainDate.from(text).toZonedDateTime({ timeZone: LONDON });
    return new Date(start.toInstant().epochMilliseconds);
  }
  try {
    return new Date(Temporal.Instant.from(text).epochMilliseconds);
  } catch {
    throw invalid(
      field,
      `Enter a date as YYYY-MM-DD or an instant with its offset, like 2021-06-09T09:00:00+01:00, not "${text}"`,
    );
  }
}

/**
 * Consultations: a close "N Working Days after opening" is the end (23:59:59 UK time) of Working
 * Day N, day 1 being the first Working Day after the day it opens.
 */
export function closeAfterWorkingDays(
  calendar: WorkingDayCalendar,
  opensAt: Date,
  days: number,
): Date {
  if (!Number.isInteger(days) || days < 1 || days > MAX_CONSULTATION_WORKING_DAYS) {
    throw invalid(
      'closesAfterWorkingDays',
      `Enter a whole number of Working Days from 1 to ${MAX_CONSULTATION_WORKING_DAYS}`,
    );
  }
  return new Date(deadlineAfter(calendar, opensAt.toISOString(), days));
}
