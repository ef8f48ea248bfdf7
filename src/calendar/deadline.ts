import { Temporal } from 'temporal-polyfill';
import { formatEpochDay, parseIsoDate, tryParseIsoDate, yearOfEpochDay } from './civil-date.ts';
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

/**
 * The UK offsets of one UTC year, from Temporal's time-zone data: `at[i]` (epoch ms) is when
 * `offset[i]` (ms) starts. Worked out once per year and kept: the fast path of londonDateOf and
 * endOfLondonDay, which every "within N Working Days following X" runs through (Temporal's
 * zoned conversions cost a thousand times more, and the property tests run them for every day
 * of 2000–2060).
 */
interface OffsetYear {
  readonly at: readonly number[];
  readonly offset: readonly number[];
}
const offsetYears = new Map<number, OffsetYear>();

function offsetYear(year: number): OffsetYear {
  let data = offsetYears.get(year);
  if (data === undefined) {
    const end = Date.UTC(year + 1, 0, 1);
    let zoned = Temporal.Instant.fromEpochMilliseconds(Date.UTC(year, 0, 1)).toZonedDateTimeISO(
      LONDON,
    );
    const at = [zoned.epochMilliseconds];
    const offset = [zoned.offsetNanoseconds / 1e6];
    for (;;) {
      const next = zoned.getTimeZoneTransition('next');
      if (next === null || next.epochMilliseconds >= end) break;
      at.push(next.epochMilliseconds);
      offset.push(next.offsetNanoseconds / 1e6);
      zoned = next;
    }
    data = { at, offset };
    offsetYears.set(year, data);
  }
  return data;
}

const DAY_MS = 86_400_000;

/** The UK offset (ms) in force at epoch ms `ms`. */
function londonOffsetAt(ms: number): number {
  const { at, offset } = offsetYear(yearOfEpochDay(Math.floor(ms / DAY_MS)));
  let i = at.length - 1;
  while (i > 0 && (at[i] ?? 0) > ms) i -= 1;
  return offset[i] ?? 0;
}

/** Years the fast path covers; outside them (and for odd offsets) Temporal answers. */
const FAST_FROM = Date.UTC(1972, 0, 1);
const FAST_TO = Date.UTC(9999, 0, 1);
const ISO_UTC_MS = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;

/** The epoch ms of an instant in `Date#toISOString` form, or undefined (then Temporal parses). */
function fastEpochMs(instant: string): number | undefined {
  const match = typeof instant === 'string' ? ISO_UTC_MS.exec(instant) : null;
  if (match === null) return undefined;
  const [, date = '', hh = '', mm = '', ss = '', fraction = ''] = match;
  const epochDay = tryParseIsoDate(date);
  if (epochDay === undefined || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59)
    return undefined;
  const ms =
    epochDay * DAY_MS +
    ((Number(hh) * 60 + Number(mm)) * 60 + Number(ss)) * 1000 +
    Number(fraction);
  return ms < FAST_FROM || ms >= FAST_TO ? undefined : ms;
}

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
  const ms = fastEpochMs(instant);
  if (ms !== undefined) return formatEpochDay(Math.floor((ms + londonOffsetAt(ms)) / DAY_MS));
  return parseInstant(instant).toZonedDateTimeISO(LONDON).toPlainDate().toString();
}

/** `+01:00` for 3 600 000 ms. */
function offsetText(offsetMs: number): string {
  const minutes = Math.abs(offsetMs) / 60000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${offsetMs < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** endOfLondonDay by the offset table, or undefined where Temporal must decide. */
function fastEndOfLondonDay(date: string): string | undefined {
  const wall = parseIsoDate(date) * DAY_MS + DAY_MS - 1000;
  if (wall < FAST_FROM || wall >= FAST_TO) return undefined;
  const offset = londonOffsetAt(wall - londonOffsetAt(wall));
  // The wall-clock time must exist once, with that offset, and the offset be whole minutes.
  if (londonOffsetAt(wall - offset) !== offset || offset % 60000 !== 0) return undefined;
  return `${date}T23:59:59${offsetText(offset)}`;
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
  const end =
    fastEndOfLondonDay(date) ??
    Temporal.PlainDate.from(date)
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
