import {
  assertRegion,
  assertYear,
  holidayMapOf,
  prepareOverrides,
  type Holiday,
  type HolidayOverride,
} from './bank-holidays.ts';
import {
  MAX_EPOCH_DAY,
  formatEpochDay,
  isWeekend,
  parseIsoDate,
  yearOfEpochDay,
} from './civil-date.ts';
import type { Region } from './region.ts';

/** The Working Day calendar of one region, with its overrides applied. */
export interface WorkingDayCalendar {
  readonly region: Region;
  /** Rule: a Working Day is any day but Saturday, Sunday and a bank holiday of the region. */
  isWorkingDay(date: string): boolean;
  /** Rule: the region's weekday bank holidays in `year`, as `bankHolidaysOf` returns them. */
  holidaysOf(year: number): Holiday[];
}

interface YearData {
  readonly days: ReadonlySet<number>;
  readonly list: readonly Holiday[];
}

/** Fast epoch-day tests for calendars made by createCalendar, keyed by the calendar object. */
const fastTests = new WeakMap<WorkingDayCalendar, (epochDay: number) => boolean>();

/**
 * Rule: makes the Working Day calendar of `region`: a day is a Working Day unless it is a
 * Saturday, a Sunday or a bank holiday of the region (see `bankHolidaysOf` for how overrides
 * and `union` apply). The overrides are checked now (a bad one throws a RangeError) and copied,
 * so later changes to the array do not affect the calendar. Each year's holidays are worked out
 * once, on first use, and cached inside this calendar, so create one calendar per region and
 * override set and reuse it. Pure: no clock, no I/O.
 */
export function createCalendar(
  region: Region,
  overrides: readonly HolidayOverride[] = [],
): WorkingDayCalendar {
  assertRegion(region);
  const overridesByYear = prepareOverrides(overrides);
  const years = new Map<number, YearData>();

  const yearData = (year: number): YearData => {
    let data = years.get(year);
    if (data === undefined) {
      const map = holidayMapOf(year, region, overridesByYear.get(year) ?? []);
      data = { days: new Set(map.keys()), list: Object.freeze([...map.values()]) };
      years.set(year, data);
    }
    return data;
  };

  const isWorkingEpochDay = (epochDay: number): boolean =>
    !isWeekend(epochDay) && !yearData(yearOfEpochDay(epochDay)).days.has(epochDay);

  const calendar: WorkingDayCalendar = Object.freeze({
    region,
    isWorkingDay: (date: string): boolean => isWorkingEpochDay(parseIsoDate(date)),
    holidaysOf: (year: number): Holiday[] => {
      assertYear(year);
      return [...yearData(year).list];
    },
  });
  fastTests.set(calendar, isWorkingEpochDay);
  return calendar;
}

function workingTestOf(calendar: WorkingDayCalendar): (epochDay: number) => boolean {
  return (
    fastTests.get(calendar) ??
    ((epochDay: number): boolean => calendar.isWorkingDay(formatEpochDay(epochDay)))
  );
}

/**
 * Rule: "N Working Days following `date`". Day 1 is the first Working Day AFTER `date`; `date`
 * itself never counts, whether or not it is a Working Day. Returns the date of Working Day `n`
 * as `YYYY-MM-DD`; `n = 0` returns `date` itself (even if it is not a Working Day), so for
 * n ≥ 1 the result is always a Working Day. Throws a RangeError if `date` is not a strict real
 * `YYYY-MM-DD` date, if `n` is not a non-negative safe integer, or past 9999-12-31.
 * Works with any WorkingDayCalendar; those from createCalendar take a fast path.
 */
export function addWorkingDays(calendar: WorkingDayCalendar, date: string, n: number): string {
  let epochDay = parseIsoDate(date);
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`Invalid n: expected a whole number of Working Days ≥ 0, got ${n}`);
  }
  if (n === 0) return date;
  const isWorking = workingTestOf(calendar);
  let counted = 0;
  while (counted < n) {
    epochDay += 1;
    if (epochDay > MAX_EPOCH_DAY) {
      throw new RangeError(`Date out of range: ${date} + ${n} Working Days is after 9999-12-31`);
    }
    if (isWorking(epochDay)) counted += 1;
  }
  return formatEpochDay(epochDay);
}

/**
 * Rule: the number of Working Days d with `from` < d ≤ `to` (`from` itself never counts, as in
 * addWorkingDays); 0 when `to` is on or before `from`. So for n ≥ 0,
 * `workingDaysBetween(c, d, addWorkingDays(c, d, n)) === n`. Throws a RangeError if either
 * date is not a strict real `YYYY-MM-DD` date.
 */
export function workingDaysBetween(calendar: WorkingDayCalendar, from: string, to: string): number {
  const start = parseIsoDate(from, 'from');
  const end = parseIsoDate(to, 'to');
  const isWorking = workingTestOf(calendar);
  let count = 0;
  for (let epochDay = start + 1; epochDay <= end; epochDay += 1) {
    if (isWorking(epochDay)) count += 1;
  }
  return count;
}
