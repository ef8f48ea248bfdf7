import { Temporal } from 'temporal-polyfill';
import { parseIsoDate } from './civil-date.ts';
import { addWorkingDays, type WorkingDayCalendar } from './working-days.ts';

/** The time zone every SEC day, deadline and displayed instant is reckoned in. */
export const LONDON = 'Europe/London';

/**
 * An instant as secrel accepts it: a date, `T` (or a space), hours and minutes, optional
 * seconds and fraction, then `Z` or a numeric offset (`+01:00`, `+0100` or `+01`). No bracketed
 * time-zone annotation, and never a local time without an offset.
 */
const INSTANT_PATTERN =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$/;

const TO_SECONDS = { smallestUnit: 'second', timeZoneName: 'never' } as const;

/** Memo of endOfLondonDay (a pure function of the date); bounded, emptied when full. */
const END_OF_DAY_CACHE_SIZE = 4096;
const endOfDayCache = new Map<string, string>();

function parseInstant(instant: string): Temporal.Instant {
  if (typeof instant !== 'string' || !INSTANT_PATTERN.test(instant)) {
    throw new RangeError(
      `Invalid instant: expected an ISO date-time with Z or an offset, got ${JSON.stringify(instant)}`,
    );
  }
  try {
    return Temporal.Instant.from(instant);
  } catch {
    throw new RangeError(`Invalid instant: ${JSON.stringify(instant)} is not a real date-time`);
  }
}

/**
 * Rule: the day of an instant is its calendar date in Europe/London, so
 * `2021-06-09T23:30:00Z` is 10 June (00:30 BST). The instant must carry `Z` or an offset;
 * anything else throws a RangeError. Returns `YYYY-MM-DD`.
 */
/** Today for the rules: the London date of the unit of work's instant (its clock's `now`). */
export function todayOf(now: Date): string {
  return londonDateOf(now.toISOString());
}

export function londonDateOf(instant: string): string {
  return parseInstant(instant).toZonedDateTimeISO(LONDON).toPlainDate().toString();
}

/**
 * Rule: a deadline day ends at 23:59:59 London wall-clock time, with the offset in force then
 * (`+01:00` in BST, `+00:00` in GMT; never `Z`), including on the days the clocks change.
 * Returns e.g. `2021-06-23T23:59:59+01:00`. Throws a RangeError on a bad `YYYY-MM-DD` date.
 */
export function endOfLondonDay(date: string): string {
  const cached = endOfDayCache.get(date);
  if (cached !== undefined) return cached;
  parseIsoDate(date);
  const end = Temporal.PlainDate.from(date)
    .toZonedDateTime({ timeZone: LONDON, plainTime: '23:59:59' })
    .toString(TO_SECONDS);
  if (endOfDayCache.size >= END_OF_DAY_CACHE_SIZE) endOfDayCache.clear();
  endOfDayCache.set(date, end);
  return end;
}

/**
 * Rule: "within `n` Working Days following X" ends at the end (23:59:59 Europe/London) of
 * Working Day `n`, where day 1 is the first Working Day after X's London calendar day — X's
 * own day never counts, even if X falls on a weekend or holiday. E.g. any time on Wed
 * 9 Jun 2021 + 10 → `2021-06-23T23:59:59+01:00`. `n = 0` gives the end of X's own day.
 * Throws a RangeError for a bad instant or an `n` that is not a whole number ≥ 0.
 */
export function deadlineAfter(calendar: WorkingDayCalendar, instant: string, n: number): string {
  return endOfLondonDay(addWorkingDays(calendar, londonDateOf(instant), n));
}

/**
 * Rule: shows any instant as London wall-clock time with its UK offset, to the second
 * (fractions are truncated, not rounded), with no bracketed zone: e.g. `2021-06-09T23:30:00Z`
 * → `2021-06-10T00:30:00+01:00`, and `+00:00` (not `Z`) in winter. Throws a RangeError for an
 * instant without `Z` or an offset.
 */
export function isoWithLondonOffset(instant: string): string {
  return parseInstant(instant).toZonedDateTimeISO(LONDON).toString(TO_SECONDS);
}
