import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Region } from './region.ts';
import {
  addWorkingDays,
  createCalendar,
  workingDaysBetween,
  type WorkingDayCalendar,
} from './working-days.ts';

const calendars = {
  'england-and-wales': createCalendar('england-and-wales'),
  scotland: createCalendar('scotland'),
  'northern-ireland': createCalendar('northern-ireland'),
  union: createCalendar('union'),
} satisfies Record<Region, WorkingDayCalendar>;
const ew = calendars['england-and-wales'];

describe('Working Day', () => {
  it.each([
    ['2022-06-02', 'Spring bank holiday moved for the Platinum Jubilee'],
    ['2022-06-03', 'Platinum Jubilee'],
    ['2022-09-19', 'State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'Coronation of King Charles III'],
    ['2020-05-08', 'VE Day (early May bank holiday moved)'],
    ['2020-12-28', 'Boxing Day substitute'],
    ['2021-12-27', 'Christmas Day substitute'],
    ['2021-12-28', 'Boxing Day substitute'],
    ['2022-01-03', "New Year's Day substitute"],
    ['2022-12-26', 'Boxing Day'],
    ['2022-12-27', 'Christmas Day substitute'],
    ['2023-01-02', "New Year's Day substitute"],
    ['2026-12-28', 'Boxing Day substitute'],
    ['2027-12-27', 'Christmas Day substitute'],
    ['2027-12-28', 'Boxing Day substitute'],
    ['2026-04-03', 'Good Friday'],
    ['2026-04-06', 'Easter Monday'],
    ['2026-12-25', 'Christmas Day'],
    ['2026-12-26', 'Saturday (Boxing Day)'],
    ['2021-06-12', 'Saturday'],
    ['2021-06-13', 'Sunday'],
  ])('Working Day: %s %s is not a working day in England and Wales', (date) => {
    expect(ew.isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2021-06-09', 'an ordinary Wednesday'],
    ['2020-05-04', 'the first Monday of May 2020 (moved to VE Day)'],
    ['2022-05-30', 'the last Monday of May 2022 (moved to 2 June)'],
    ['2026-12-24', 'Christmas Eve'],
    ['2026-12-31', "New Year's Eve"],
    ['2026-03-17', "St Patrick's Day (Northern Ireland only)"],
    ['2026-08-03', 'the first Monday of August (Scotland only)'],
    ['2026-11-30', "St Andrew's Day (Scotland only)"],
  ])('Working Day: %s %s is a working day in England and Wales', (date) => {
    expect(ew.isWorkingDay(date)).toBe(true);
  });

  it.each<[Region, string, boolean]>([
    ['scotland', '2026-04-03', false],
    ['scotland', '2026-04-06', true],
    ['scotland', '2026-01-02', false],
    ['scotland', '2026-08-03', false],
    ['scotland', '2026-08-31', true],
    ['scotland', '2026-11-30', false],
    ['scotland', '2025-12-01', false],
    ['northern-ireland', '2026-04-06', false],
    ['northern-ireland', '2026-03-17', false],
    ['northern-ireland', '2024-03-18', false],
    ['northern-ireland', '2026-07-13', false],
    ['northern-ireland', '2025-07-14', false],
    ['northern-ireland', '2026-01-02', true],
    ['union', '2026-04-06', false],
    ['union', '2026-03-17', false],
    ['union', '2026-01-02', false],
    ['union', '2026-08-03', false],
    ['union', '2026-08-31', false],
    ['union', '2026-11-30', false],
    ['union', '2026-07-13', false],
    ['union', '2026-06-10', true],
  ])('Working Day: in %s, %s is a working day: %s', (region, date, working) => {
    expect(calendars[region].isWorkingDay(date)).toBe(working);
  });

  it.each<[Region, string, number, string, string]>([
    ['england-and-wales', '2021-06-09', 10, '2021-06-23', 'practice check: Wed 9 Jun 2021 + 10'],
    ['england-and-wales', '2021-06-09', 0, '2021-06-09', 'n = 0 is the date itself'],
    ['england-and-wales', '2021-06-12', 0, '2021-06-12', 'n = 0 even on a Saturday'],
    ['england-and-wales', '2021-06-09', 1, '2021-06-10', 'day 1 is the next working day'],
    ['england-and-wales', '2021-06-11', 1, '2021-06-14', 'Friday + 1 skips the weekend'],
    ['england-and-wales', '2021-06-12', 1, '2021-06-14', 'Saturday + 1 is Monday'],
    ['england-and-wales', '2021-06-13', 1, '2021-06-14', 'Sunday + 1 is Monday'],
    ['england-and-wales', '2021-12-27', 1, '2021-12-29', 'a holiday start does not count'],
    ['england-and-wales', '2021-12-20', 10, '2022-01-06', 'across Christmas and New Year'],
    ['england-and-wales', '2026-12-24', 1, '2026-12-29', 'Christmas 2026 and its substitute'],
    ['england-and-wales', '2027-12-24', 1, '2027-12-29', 'both 2027 substitutes'],
    ['england-and-wales', '2022-06-01', 1, '2022-06-06', 'across the Platinum Jubilee'],
    ['england-and-wales', '2026-04-01', 5, '2026-04-10', 'across Good Friday and Easter Monday'],
    ['scotland', '2026-04-01', 5, '2026-04-09', 'Easter Monday is a working day in Scotland'],
    ['england-and-wales', '2026-03-16', 1, '2026-03-17', 'St Patrick is a working day in E&W'],
    ['union', '2026-03-16', 1, '2026-03-18', 'St Patrick is a holiday in the union'],
    ['scotland', '2026-08-28', 1, '2026-08-31', 'late August is a working day in Scotland'],
    ['union', '2026-08-28', 1, '2026-09-01', 'late August is a holiday in the union'],
  ])('Working Days following: %s %s + %i = %s (%s)', (region, date, n, expected) => {
    expect(addWorkingDays(calendars[region], date, n)).toBe(expected);
  });

  it.each([
    ['2021-06-09', '2021-06-23', 10],
    ['2021-06-09', '2021-06-09', 0],
    ['2021-06-23', '2021-06-09', 0],
    ['2021-06-11', '2021-06-13', 0],
    ['2021-06-11', '2021-06-14', 1],
    ['2021-12-24', '2021-12-31', 3],
    ['2021-12-20', '2022-01-06', 10],
  ])('Working days between: from %s (excluded) to %s (included) is %i', (from, to, expected) => {
    expect(workingDaysBetween(ew, from, to)).toBe(expected);
  });

  it.each([
    ['2021-02-29', 1],
    ['2021-6-9', 1],
    ['9 June 2021', 1],
    ['2021-06-09', -1],
    ['2021-06-09', 1.5],
    ['2021-06-09', Number.NaN],
    ['2021-06-09', Number.POSITIVE_INFINITY],
  ])('Working Days following: %s + %s is a RangeError', (date, n) => {
    expect(() => addWorkingDays(ew, date, n)).toThrow(RangeError);
  });

  it('Working Days following: a bad date is a RangeError everywhere', () => {
    expect(() => ew.isWorkingDay('2021-13-01')).toThrow(RangeError);
    expect(() => workingDaysBetween(ew, '2021-06-31', '2021-07-10')).toThrow(/Invalid from/);
    expect(() => workingDaysBetween(ew, '2021-06-01', '2021-07-32')).toThrow(/Invalid to/);
    expect(() => addWorkingDays(ew, '9999-12-31', 1)).toThrow(RangeError);
    expect(() => createCalendar('wales' as Region)).toThrow(RangeError);
  });

  it('Working Day calendar: holidaysOf gives the same list as bank holidays, as a fresh array', () => {
    const first = ew.holidaysOf(2026);
    expect(first.map((h) => h.date)).toContain('2026-12-28');
    first.pop();
    expect(ew.holidaysOf(2026)).toHaveLength(8);
    expect(ew.region).toBe('england-and-wales');
    expect(() => ew.holidaysOf(2026.5)).toThrow(RangeError);
  });

  it('Working Days following: works with any WorkingDayCalendar, not only createCalendar ones', () => {
    const mondaysOnly: WorkingDayCalendar = {
      region: 'england-and-wales',
      isWorkingDay: (date) => Temporal.PlainDate.from(date).dayOfWeek === 1,
      holidaysOf: () => [],
    };
    expect(addWorkingDays(mondaysOnly, '2021-06-09', 2)).toBe('2021-06-21');
    expect(workingDaysBetween(mondaysOnly, '2021-06-09', '2021-06-21')).toBe(2);
  });
});
