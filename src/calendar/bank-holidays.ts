import { formatEpochDay, isWeekend, parseIsoDate } from './civil-date.ts';
import { ruleHolidaysOf } from './holiday-rules.ts';
import { DIVISIONS, isRegion, type Division, type Region } from './region.ts';

/** A bank holiday that falls on a weekday and so makes that day a non-working day. */
export interface Holiday {
  /** `YYYY-MM-DD`. */
  date: string;
  /** The holiday's name, or an override's reason; distinct names on one date are joined by " / ". */
  name: string;
  /** The division it belongs to; `all` when it is a holiday in every division. */
  region: Exclude<Region, 'union'> | 'all';
  /** `rules` if it comes from date-holidays' rules, `override` if an override added it. */
  source: 'rules' | 'override';
}

/** A correction to the rules, one row of the `calendar_override` table (or an imported event). */
export interface HolidayOverride {
  /** `YYYY-MM-DD`. */
  date: string;
  region: Region | 'all';
  kind: 'add' | 'remove';
  reason: string;
}

/** An override checked and indexed by epoch day. Internal to the calendar module. */
export interface PreparedOverride {
  readonly epochDay: number;
  readonly date: string;
  readonly region: Region | 'all';
  readonly kind: 'add' | 'remove';
  readonly reason: string;
}

/**
 * Rule: checks every override (strict `YYYY-MM-DD` date, a Region or `all`, kind `add` or
 * `remove`, a string reason) and groups them by calendar year. Throws a RangeError naming the
 * first bad override, e.g. `overrides[2].date`.
 */
export function prepareOverrides(
  overrides: readonly HolidayOverride[],
): Map<number, PreparedOverride[]> {
  const byYear = new Map<number, PreparedOverride[]>();
  overrides.forEach((override, index) => {
    const where = `overrides[${index}]`;
    const epochDay = parseIsoDate(override.date, `${where}.date`);
    const region: string = override.region;
    if (region !== 'all' && !isRegion(region)) {
      throw new RangeError(`Invalid ${where}.region: ${JSON.stringify(region)} is not a region`);
    }
    const kind: string = override.kind; // rows may come from untyped sources
    if (kind !== 'add' && kind !== 'remove') {
      throw new RangeError(`Invalid ${where}.kind: expected "add" or "remove"`);
    }
    if (typeof override.reason !== 'string') {
      throw new RangeError(`Invalid ${where}.reason: expected a string`);
    }
    const year = Number(override.date.slice(0, 4));
    const list = byYear.get(year) ?? [];
    list.push({
      epochDay,
      date: override.date,
      region,
      kind: override.kind,
      reason: override.reason,
    });
    byYear.set(year, list);
  });
  return byYear;
}

/**
 * Rule: applies overrides to a map of holidays. Adds first, then removes, so that where the same
 * date has both an `add` and a `remove` at the same level, `remove` wins. An `add` on a Saturday
 * or Sunday is ignored (the day is not a working day either way).
 */
function applyOverrides(
  holidays: Map<number, Holiday>,
  overrides: readonly PreparedOverride[],
  label: Holiday['region'],
): void {
  for (const o of overrides) {
    if (o.kind === 'add' && !isWeekend(o.epochDay)) {
      holidays.set(o.epochDay, { date: o.date, name: o.reason, region: label, source: 'override' });
    }
  }
  for (const o of overrides) if (o.kind === 'remove') holidays.delete(o.epochDay);
}

function levelOf(
  overrides: readonly PreparedOverride[],
  level: Region | 'all',
): PreparedOverride[] {
  return overrides.filter((o) => o.region === level);
}

function divisionHolidays(
  year: number,
  division: Division,
  overrides: readonly PreparedOverride[],
): Map<number, Holiday> {
  const holidays = new Map<number, Holiday>();
  for (const [epochDay, name] of ruleHolidaysOf(year, division)) {
    holidays.set(epochDay, {
      date: formatEpochDay(epochDay),
      name,
      region: division,
      source: 'rules',
    });
  }
  // The more specific level is applied last, so it wins: `all` first, then the division's own.
  applyOverrides(holidays, levelOf(overrides, 'all'), 'all');
  applyOverrides(holidays, levelOf(overrides, division), division);
  return holidays;
}

function unionHolidays(year: number, overrides: readonly PreparedOverride[]): Map<number, Holiday> {
  const perDivision = DIVISIONS.map((d) => divisionHolidays(year, d, overrides));
  const days = new Set(perDivision.flatMap((m) => [...m.keys()]));
  const merged = new Map<number, Holiday>();
  for (const epochDay of days) {
    const found = perDivision.flatMap((m) => m.get(epochDay) ?? []);
    const first = found[0];
    if (first === undefined) continue;
    merged.set(epochDay, {
      date: first.date,
      name: [...new Set(found.map((h) => h.name))].join(' / '),
      region: found.length === DIVISIONS.length ? 'all' : first.region,
      source: found.every((h) => h.source === 'rules') ? 'rules' : 'override',
    });
  }
  applyOverrides(merged, levelOf(overrides, 'union'), 'all');
  return merged;
}

/**
 * Rule: the effective weekday bank holidays of a region in one year, as epoch day → Holiday,
 * given that year's prepared overrides. For a division: its rules, then `all` overrides, then
 * its own overrides (overrides for other regions are ignored). For `union`: each division's
 * effective holidays (each with its own and `all` overrides), unioned one entry per date, then
 * the `union` overrides. Holiday objects are frozen, as callers cache them.
 */
export function holidayMapOf(
  year: number,
  region: Region,
  overrides: readonly PreparedOverride[],
): Map<number, Holiday> {
  const map =
    region === 'union' ? unionHolidays(year, overrides) : divisionHolidays(year, region, overrides);
  const sorted = new Map([...map].sort(([a], [b]) => a - b));
  for (const holiday of sorted.values()) Object.freeze(holiday);
  return sorted;
}

/**
 * Rule: the bank holidays of `region` in `year` that make a weekday a non-working day, sorted by
 * date, one entry per date. A holiday that falls on a Saturday or Sunday is NOT listed; its
 * substitute weekday (e.g. Mon 28 Dec 2026 for Boxing Day) is. This is the same list GOV.UK
 * publishes. Overrides are applied as in {@link holidayMapOf}. In `union`, a date that is a
 * holiday in several divisions is one entry: `region` is `all` if it is a holiday in all three,
 * otherwise the first division (GOV.UK order) that has it; the distinct names are joined.
 * Throws a RangeError for a year outside 1–9999, an unknown region or a bad override.
 */
export function bankHolidaysOf(
  year: number,
  region: Region,
  overrides: readonly HolidayOverride[] = [],
): Holiday[] {
  assertYear(year);
  assertRegion(region);
  const forYear = prepareOverrides(overrides).get(year) ?? [];
  return [...holidayMapOf(year, region, forYear).values()];
}

/** Rule: a year must be an integer from 1 to 9999; throws RangeError otherwise. */
export function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Invalid year: expected an integer from 1 to 9999, got ${String(year)}`);
  }
}

/** Rule: a region must be one of REGIONS; throws RangeError otherwise. */
export function assertRegion(region: string): asserts region is Region {
  if (!isRegion(region)) {
    throw new RangeError(`Invalid region: ${JSON.stringify(region)} is not one of REGIONS`);
  }
}
