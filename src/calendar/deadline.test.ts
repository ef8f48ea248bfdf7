import { describe, expect, it } from 'vitest';
import { deadlineAfter, endOfLondonDay, isoWithLondonOffset, londonDateOf } from './deadline.ts';
import type { Region } from './region.ts';
import { createCalendar } from './working-days.ts';

const calendars = {
  'england-and-wales': createCalendar('england-and-wales'),
  scotland: createCalendar('scotland'),
  'northern-ireland': createCalendar('northern-ireland'),
  union: createCalendar('union'),
};

describe('deadlines', () => {
  it.each<[string, Region, string, number, string]>([
    [
      'practice check: Wed 9 Jun 2021 + 10',
      'england-and-wales',
      '2021-06-09T10:00:00+01:00',
      10,
      '2021-06-23T23:59:59+01:00',
    ],
    [
      'the first second of a London day counts as that day',
      'england-and-wales',
      '2021-06-08T23:00:00Z',
      10,
      '2021-06-23T23:59:59+01:00',
    ],
    [
      'the last second of a London day counts as that day',
      'england-and-wales',
      '2021-06-09T22:59:59Z',
      10,
      '2021-06-23T23:59:59+01:00',
    ],
    [
      'late on a UTC day is the next day in London (BST)',
      'england-and-wales',
      '2021-06-09T23:30:00Z',
      10,
      '2021-06-24T23:59:59+01:00',
    ],
    [
      'late Sunday UTC is Monday in London',
      'england-and-wales',
      '2021-06-13T23:30:00Z',
      1,
      '2021-06-15T23:59:59+01:00',
    ],
    [
      'late on a UTC day in winter (GMT) is the same day',
      'england-and-wales',
      '2021-12-09T23:30:00Z',
      1,
      '2021-12-10T23:59:59+00:00',
    ],
    [
      'across Christmas and New Year',
      'england-and-wales',
      '2021-12-20T09:00:00Z',
      10,
      '2022-01-06T23:59:59+00:00',
    ],
    [
      'Christmas Eve + 1 skips both substitute days',
      'england-and-wales',
      '2021-12-24T12:00:00Z',
      1,
      '2021-12-29T23:59:59+00:00',
    ],
    [
      'across Easter (Good Friday, Easter Monday)',
      'england-and-wales',
      '2026-04-01T15:00:00+01:00',
      5,
      '2026-04-10T23:59:59+01:00',
    ],
    [
      'across Easter in Scotland (Easter Monday works)',
      'scotland',
      '2026-04-01T15:00:00+01:00',
      5,
      '2026-04-09T23:59:59+01:00',
    ],
    [
      'across the March clock change (GMT start, BST end)',
      'england-and-wales',
      '2021-03-25T12:00:00Z',
      3,
      '2021-03-30T23:59:59+01:00',
    ],
    [
      'across the October clock change (BST start, GMT end)',
      'england-and-wales',
      '2021-10-28T12:00:00+01:00',
      2,
      '2021-11-01T23:59:59+00:00',
    ],
    [
      'publication on a Saturday: day 1 is Monday',
      'england-and-wales',
      '2021-06-12T10:00:00+01:00',
      1,
      '2021-06-14T23:59:59+01:00',
    ],
    [
      'publication on a Saturday + 10',
      'england-and-wales',
      '2021-06-12T10:00:00+01:00',
      10,
      '2021-06-25T23:59:59+01:00',
    ],
    [
      'publication on a bank holiday: day 1 is the next working day',
      'england-and-wales',
      '2026-12-28T12:00:00Z',
      1,
      '2026-12-29T23:59:59+00:00',
    ],
    [
      "union: St Patrick's Day is skipped",
      'union',
      '2026-03-16T12:00:00Z',
      1,
      '2026-03-18T23:59:59+00:00',
    ],
    [
      "E&W: St Patrick's Day is a working day",
      'england-and-wales',
      '2026-03-16T12:00:00Z',
      1,
      '2026-03-17T23:59:59+00:00',
    ],
    [
      'n = 0 is the end of the day of X itself',
      'england-and-wales',
      '2021-06-09T23:30:00Z',
      0,
      '2021-06-10T23:59:59+01:00',
    ],
  ])('Deadline: %s', (_rule, region, instant, n, expected) => {
    expect(deadlineAfter(calendars[region], instant, n)).toBe(expected);
  });

  it.each([
    ['2021-06-23', '2021-06-23T23:59:59+01:00'],
    ['2021-12-24', '2021-12-24T23:59:59+00:00'],
    ['2021-03-27', '2021-03-27T23:59:59+00:00'],
    ['2021-03-28', '2021-03-28T23:59:59+01:00'],
    ['2021-10-30', '2021-10-30T23:59:59+01:00'],
    ['2021-10-31', '2021-10-31T23:59:59+00:00'],
    ['2026-03-29', '2026-03-29T23:59:59+01:00'],
    ['2026-10-25', '2026-10-25T23:59:59+00:00'],
  ])(
    'End of London day: %s ends at %s (offset of the day, clock changes included)',
    (date, end) => {
      expect(endOfLondonDay(date)).toBe(end);
      expect(endOfLondonDay(date)).toBe(end); // memoised answer is the same
    },
  );

  it.each([
    ['2021-06-09T23:30:00Z', '2021-06-10'],
    ['2021-06-09T22:59:59.999Z', '2021-06-09'],
    ['2021-12-09T23:30:00Z', '2021-12-09'],
    ['2021-12-31T23:59:59Z', '2021-12-31'],
    ['2021-06-09T01:00:00+02:00', '2021-06-09'],
    ['2021-06-09T20:00:00-05:00', '2021-06-10'],
    ['2021-03-27T23:59:59Z', '2021-03-27'],
    ['2021-03-28T00:59:59Z', '2021-03-28'],
    ['2021-10-30T23:00:00Z', '2021-10-31'],
    ['2021-06-09t23:30:00z', '2021-06-10'],
    ['2021-06-09 23:30:00Z', '2021-06-10'],
    ['2021-06-09T23:30:00+0000', '2021-06-10'],
    ['2021-06-09T23:30+00', '2021-06-10'],
  ])('London day: the day of instant %s is %s in Europe/London', (instant, date) => {
    expect(londonDateOf(instant)).toBe(date);
  });

  it.each([
    ['2021-06-09T23:30:00Z', '2021-06-10T00:30:00+01:00'],
    ['2021-06-09T23:30Z', '2021-06-10T00:30:00+01:00'],
    ['2021-06-09T23:30:00.999Z', '2021-06-10T00:30:00+01:00'],
    ['2021-12-01T12:00:00Z', '2021-12-01T12:00:00+00:00'],
    ['2021-06-09T12:00:00-05:00', '2021-06-09T18:00:00+01:00'],
    ['2021-03-28T00:59:59Z', '2021-03-28T00:59:59+00:00'],
    ['2021-03-28T01:00:00Z', '2021-03-28T02:00:00+01:00'],
    ['2021-10-31T00:30:00Z', '2021-10-31T01:30:00+01:00'],
    ['2021-10-31T01:30:00Z', '2021-10-31T01:30:00+00:00'],
  ])('London time: %s is shown as %s (seconds, UK offset, no zone name)', (instant, shown) => {
    expect(isoWithLondonOffset(instant)).toBe(shown);
  });

  it.each([
    '2021-06-09T10:00:00',
    '2021-06-09',
    'yesterday',
    '',
    '2021-06-09T10:00:00Z[Europe/London]',
    '2021-02-30T10:00:00Z',
    '2021-06-09T25:00:00Z',
    '2021-06-09T10:00:00+1:00',
  ])('Instants: %j has no valid date-time with Z or an offset, so it is a RangeError', (bad) => {
    expect(() => londonDateOf(bad)).toThrow(RangeError);
    expect(() => isoWithLondonOffset(bad)).toThrow(RangeError);
    expect(() => deadlineAfter(calendars.union, bad, 1)).toThrow(RangeError);
  });

  it('Deadline: bad dates and bad n are RangeErrors', () => {
    expect(() => endOfLondonDay('2021-02-29')).toThrow(RangeError);
    expect(() => endOfLondonDay('2021-06-23T00:00:00Z')).toThrow(RangeError);
    expect(() => deadlineAfter(calendars.union, '2021-06-09T10:00:00Z', -1)).toThrow(RangeError);
    expect(() => deadlineAfter(calendars.union, '2021-06-09T10:00:00Z', 2.5)).toThrow(RangeError);
  });
});
