import Holidays from 'date-holidays';
import { isWeekend, parseIsoDate, tryParseIsoDate } from './civil-date.ts';
import type { Division } from './region.ts';

/**
 * The bank-holiday rules: GB bank holidays as the date-holidays library computes them, with the
 * few days it gets wrong corrected. Pure and memoised (the answer depends only on the year and
 * division; `getHolidays` is always given the year, so it never reads the clock).
 */

const STATE_CODES: Record<Division, string> = {
  'england-and-wales': 'ENG',
  scotland: 'SCT',
  'northern-ireland': 'NIR',
};

/** The date-holidays types that close banks. (For GB it only uses `public`; `bank` is kept.) */
const HOLIDAY_TYPES: ReadonlySet<string> = new Set(['public', 'bank']);

/**
 * Days date-holidays 3.37.0 gets wrong (checked against the royal proclamations; GOV.UK's own
 * list starts later). They apply in every division and count as `rules`, not overrides.
 */
const LIBRARY_CORRECTIONS: readonly { date: string; kind: 'add' | 'remove'; name: string }[] = [
  { date: '2002-05-27', kind: 'remove', name: 'Spring bank holiday (moved to 4 June)' },
  { date: '2002-06-03', kind: 'add', name: 'Golden Jubilee bank holiday' },
  { date: '2002-06-04', kind: 'add', name: 'Spring bank holiday' },
  { date: '2011-04-29', kind: 'add', name: 'Royal wedding' },
  { date: '2012-05-28', kind: 'remove', name: 'Spring bank holiday (moved to 4 June)' },
  { date: '2012-06-04', kind: 'add', name: 'Spring bank holiday' },
];

const libraries = new Map<Division, Holidays>();
const ruleCache = new Map<string, ReadonlyMap<number, string>>();

function libraryFor(division: Division): Holidays {
  let library = libraries.get(division);
  if (library === undefined) {
    library = new Holidays('GB', STATE_CODES[division]);
    libraries.set(division, library);
  }
  return library;
}

/** Rule: records `name` for a day, joining distinct names on the same day with " / ". */
function addName(names: Map<number, string>, epochDay: number, name: string): void {
  const existing = names.get(epochDay);
  if (existing === undefined) names.set(epochDay, name);
  else if (!existing.split(' / ').includes(name)) names.set(epochDay, `${existing} / ${name}`);
}

/**
 * Rule: the weekday bank holidays of one division in one year from date-holidays' rules (types
 * `public` and `bank`), plus {@link LIBRARY_CORRECTIONS}, as epoch day → name. date-holidays
 * lists a holiday that falls on a weekend on its weekend date AND its substitute weekday; only
 * the substitute weekday is kept, since the weekend date is not a working day anyway. Memoised:
 * the result depends only on the arguments.
 */
export function ruleHolidaysOf(year: number, division: Division): ReadonlyMap<number, string> {
  const key = `${division}:${year}`;
  const cached = ruleCache.get(key);
  if (cached !== undefined) return cached;
  const names = new Map<number, string>();
  for (const holiday of libraryFor(division).getHolidays(year, 'en')) {
    if (!HOLIDAY_TYPES.has(holiday.type)) continue;
    const epochDay = tryParseIsoDate(holiday.date.slice(0, 10));
    if (epochDay === undefined || isWeekend(epochDay)) continue;
    addName(names, epochDay, holiday.name);
  }
  for (const correction of LIBRARY_CORRECTIONS) {
    if (!correction.date.startsWith(`${year}-`)) continue;
    const epochDay = parseIsoDate(correction.date);
    if (correction.kind === 'remove') names.delete(epochDay);
    else names.set(epochDay, correction.name);
  }
  const sorted = new Map([...names].sort(([a], [b]) => a - b));
  ruleCache.set(key, sorted);
  return sorted;
}
