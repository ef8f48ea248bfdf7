import { describe, expect, it } from 'vitest';
import { bankHolidaysOf, type HolidayOverride } from './bank-holidays.ts';
import type { Region } from './region.ts';
import { addWorkingDays, createCalendar } from './working-days.ts';

const add = (date: string, region: HolidayOverride['region'], reason = 'Extra day') =>
  ({ date, region, kind: 'add', reason }) as const satisfies HolidayOverride;
const remove = (date: string, region: HolidayOverride['region'], reason = 'Not this year') =>
  ({ date, region, kind: 'remove', reason }) as const satisfies HolidayOverride;

function working(region: Region, overrides: readonly HolidayOverride[], date: string): boolean {
  return createCalendar(region, overrides).isWorkingDay(date);
}

describe('holiday overrides', () => {
  it("Overrides: 'add' makes a weekday a holiday in its region only", () => {
    const overrides = [add('2026-06-15', 'scotland', 'Royal event')];
    expect(working('scotland', overrides, '2026-06-15')).toBe(false);
    expect(working('england-and-wales', overrides, '2026-06-15')).toBe(true);
    expect(working('northern-ireland', overrides, '2026-06-15')).toBe(true);
    expect(bankHolidaysOf(2026, 'scotland', overrides)).toContainEqual({
      date: '2026-06-15',
      name: 'Royal event',
      region: 'scotland',
      source: 'override',
    });
  });

  it("Overrides: 'remove' makes a library holiday a working day", () => {
    const overrides = [remove('2026-05-25', 'england-and-wales')];
    expect(working('england-and-wales', overrides, '2026-05-25')).toBe(true);
    expect(working('scotland', overrides, '2026-05-25')).toBe(false);
    expect(bankHolidaysOf(2026, 'england-and-wales', overrides).map((h) => h.date)).not.toContain(
      '2026-05-25',
    );
    expect(addWorkingDays(createCalendar('england-and-wales', overrides), '2026-05-22', 1)).toBe(
      '2026-05-25',
    );
  });

  it("Overrides: 'remove' never makes a Saturday or Sunday a working day; 'add' on one is not listed", () => {
    expect(working('england-and-wales', [remove('2026-12-26', 'all')], '2026-12-26')).toBe(false);
    const weekendAdd = [add('2026-06-13', 'all')];
    expect(working('england-and-wales', weekendAdd, '2026-06-13')).toBe(false);
    expect(bankHolidaysOf(2026, 'england-and-wales', weekendAdd)).toHaveLength(8);
  });

  it("Overrides: 'all' applies to every region, with region 'all' on the holiday", () => {
    const overrides = [add('2026-06-15', 'all', 'National day of mourning')];
    for (const region of ['england-and-wales', 'scotland', 'northern-ireland', 'union'] as const) {
      expect(working(region, overrides, '2026-06-15')).toBe(false);
      expect(bankHolidaysOf(2026, region, overrides).find((h) => h.date === '2026-06-15')).toEqual({
        date: '2026-06-15',
        name: 'National day of mourning',
        region: 'all',
        source: 'override',
      });
    }
  });

  it('Overrides: a region-specific override beats an "all" override on the same date', () => {
    const overrides = [add('2026-06-15', 'all'), remove('2026-06-15', 'northern-ireland')];
    expect(working('england-and-wales', overrides, '2026-06-15')).toBe(false);
    expect(working('northern-ireland', overrides, '2026-06-15')).toBe(true);
    const back = [remove('2026-12-25', 'all'), add('2026-12-25', 'scotland', 'Christmas Day')];
    expect(working('england-and-wales', back, '2026-12-25')).toBe(true);
    expect(working('scotland', back, '2026-12-25')).toBe(false);
  });

  it("Overrides: 'remove' beats 'add' for the same date and region, whatever the order", () => {
    const both = [
      add('2026-05-25', 'england-and-wales'),
      remove('2026-05-25', 'england-and-wales'),
    ];
    expect(working('england-and-wales', both, '2026-05-25')).toBe(true);
    expect(working('england-and-wales', [...both].reverse(), '2026-05-25')).toBe(true);
  });

  it('Union: a division override applies to its division, then the divisions are unioned', () => {
    expect(working('union', [add('2026-06-15', 'northern-ireland')], '2026-06-15')).toBe(false);
    // Easter Monday is removed in E&W but is still a holiday in Northern Ireland.
    expect(working('union', [remove('2026-04-06', 'england-and-wales')], '2026-04-06')).toBe(false);
    const both = [
      remove('2026-04-06', 'england-and-wales'),
      remove('2026-04-06', 'northern-ireland'),
    ];
    expect(working('union', both, '2026-04-06')).toBe(true);
  });

  it("Union: an override with region 'union' applies to the union calendar only", () => {
    expect(working('union', [remove('2026-03-17', 'union')], '2026-03-17')).toBe(true);
    expect(working('northern-ireland', [remove('2026-03-17', 'union')], '2026-03-17')).toBe(false);
    expect(working('union', [add('2026-06-15', 'union')], '2026-06-15')).toBe(false);
    expect(working('scotland', [add('2026-06-15', 'union')], '2026-06-15')).toBe(true);
  });

  it('Overrides: a calendar copies its overrides, so changing the array later has no effect', () => {
    const overrides: HolidayOverride[] = [];
    const calendar = createCalendar('england-and-wales', overrides);
    overrides.push(add('2026-06-15', 'all'));
    expect(calendar.isWorkingDay('2026-06-15')).toBe(true);
  });

  it.each([
    [{ date: '2026-02-30', region: 'all', kind: 'add', reason: 'x' }, /overrides\[0\]\.date/],
    [{ date: '2026-06-15', region: 'wales', kind: 'add', reason: 'x' }, /overrides\[0\]\.region/],
    [{ date: '2026-06-15', region: 'all', kind: 'move', reason: 'x' }, /overrides\[0\]\.kind/],
    [{ date: '2026-06-15', region: 'all', kind: 'add', reason: 7 }, /overrides\[0\]\.reason/],
  ])('Overrides: a bad override is a RangeError naming its field (%o)', (override, message) => {
    const overrides = [override] as unknown as HolidayOverride[];
    expect(() => createCalendar('england-and-wales', overrides)).toThrow(RangeError);
    expect(() => createCalendar('england-and-wales', overrides)).toThrow(message);
    expect(() => bankHolidaysOf(2026, 'england-and-wales', overrides)).toThrow(message);
  });
});
