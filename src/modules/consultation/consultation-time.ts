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

/** An instant in the form `Date.prototype.toISOString` gives: UTC, to the millisecond. */
function utcInstant(instant: Temporal.Instant): string {
  return Temporal.Instant.fromEpochMilliseconds(instant.epochMilliseconds).toString({
    fractionalSecondDigits: 3,
  });
}

/**
 * Consultations: an opening given as a date (`YYYY-MM-DD`) opens at the start of that day in UK
 * time; a close given as a date closes at its end (23:59:59 UK time). Instants need `Z` or an
 * offset. A 400 names `field` otherwise. Returns the instant in UTC to the millisecond
 * (`2021-06-08T23:00:00.000Z`).
 */
export function instantOf(field: string, value: string, edge: 'start' | 'end'): string {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    if (!isIsoDate(text)) throw invalid(field, `${value.trim()} is not a real date`);
    if (edge === 'end') return utcInstant(Temporal.Instant.from(endOfLondonDay(text)));
    const start = Temporal.PlainDate.from(text).toZonedDateTime({ timeZone: LONDON });
    return utcInstant(start.toInstant());
  }
  try {
    return utcInstant(Temporal.Instant.from(text));
  } catch {
    throw invalid(
      field,
      `Enter a date as YYYY-MM-DD or an instant with its offset, like 2021-06-09T09:00:00+01:00, not "${text}"`,
    );
  }
}

/**
 * Consultations: a close "N Working Days after opening" is the end (23:59:59 UK time) of Working
 * Day N, day 1 being the first Working Day after the day it opens. `opensAt` is an instant with
 * `Z` or an offset; the close comes back as {@link instantOf} gives it.
 */
export function closeAfterWorkingDays(
  calendar: WorkingDayCalendar,
  opensAt: string,
  days: number,
): string {
  if (!Number.isInteger(days) || days < 1 || days > MAX_CONSULTATION_WORKING_DAYS) {
    throw invalid(
      'closesAfterWorkingDays',
      `Enter a whole number of Working Days from 1 to ${MAX_CONSULTATION_WORKING_DAYS}`,
    );
  }
  return utcInstant(Temporal.Instant.from(deadlineAfter(calendar, opensAt, days)));
}

/**
 * D10.9, D10.20: a consultation on a Policy or TAD version runs at least the minimum the Policy
 * sets (`days` Working Days): it closes no earlier than the end of Working Day `days` after the
 * day it opens ({@link closeAfterWorkingDays}). Returns that earliest close (ISO, UTC) when
 * `closesAt` is earlier, else null.
 */
export function tooShort(
  calendar: WorkingDayCalendar,
  opensAt: Date,
  closesAt: Date,
  days: number,
): string | null {
  const earliest = closeAfterWorkingDays(calendar, opensAt.toISOString(), days);
  return closesAt.getTime() < Date.parse(earliest) ? earliest : null;
}
