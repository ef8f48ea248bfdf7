import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEpochDay, parseIsoDate } from './civil-date.ts';
import { REGIONS } from './region.ts';
import {
  addWorkingDays,
  createCalendar,
  workingDaysBetween,
  type WorkingDayCalendar,
} from './working-days.ts';

const calendars = new Map(REGIONS.map((r) => [r, createCalendar(r)]));
const calendarArb = fc.constantFrom(...REGIONS).map((r) => calendars.get(r) as WorkingDayCalendar);
const dateArb = fc
  .integer({ min: parseIsoDate('2000-01-01'), max: parseIsoDate('2060-12-31') })
  .map(formatEpochDay);
const nArb = fc.integer({ min: 0, max: 60 });
const runs = { numRuns: 200 };

describe('Working Days following (properties)', () => {
  it('Working Days following: more Working Days never gives an earlier date (monotonic in n)', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, nArb, nArb, (calendar, date, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(calendar, date, low) <= addWorkingDays(calendar, date, high)).toBe(
          true,
        );
      }),
      runs,
    );
  });

  it('Working Days following: a later start never gives an earlier result (monotonic in date)', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, dateArb, nArb, (calendar, a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(addWorkingDays(calendar, early, n) <= addWorkingDays(calendar, late, n)).toBe(true);
      }),
      runs,
    );
  });

  it('Working Days following: for n ≥ 1 the result is a Working Day after the start', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, fc.integer({ min: 1, max: 60 }), (calendar, date, n) => {
        const result = addWorkingDays(calendar, date, n);
        expect(calendar.isWorkingDay(result)).toBe(true);
        expect(result > date).toBe(true);
      }),
      runs,
    );
  });

  it('Working days between: counting back the days added gives n', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, nArb, (calendar, date, n) => {
        expect(workingDaysBetween(calendar, date, addWorkingDays(calendar, date, n))).toBe(n);
      }),
      runs,
    );
  });

  it('Working Days following: the fast path agrees with plain isWorkingDay calls', () => {
    fc.assert(
      fc.property(calendarArb, dateArb, nArb, (calendar, date, n) => {
        const plain: WorkingDayCalendar = {
          region: calendar.region,
          isWorkingDay: (d) => calendar.isWorkingDay(d),
          holidaysOf: (y) => calendar.holidaysOf(y),
        };
        expect(addWorkingDays(plain, date, n)).toBe(addWorkingDays(calendar, date, n));
      }),
      runs,
    );
  });
});
