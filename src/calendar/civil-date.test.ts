import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  MAX_EPOCH_DAY,
  MIN_EPOCH_DAY,
  dayOfWeek,
  formatEpochDay,
  isIsoDate,
  parseIsoDate,
  tryParseIsoDate,
} from './civil-date.ts';

describe('civil dates', () => {
  it.each([
    ['2021-06-09', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2021-04-31', false],
    ['2021-13-01', false],
    ['2021-00-10', false],
    ['2021-06-00', false],
    ['0000-01-01', false],
    ['2021-6-9', false],
    ['20210609', false],
    ['2021-06-09T00:00:00Z', false],
    [' 2021-06-09', false],
    ['2021-06-09\n', false],
    ['', false],
  ])('Date strings: %s is a strict real YYYY-MM-DD date: %s', (value, valid) => {
    expect(isIsoDate(value)).toBe(valid);
    expect(tryParseIsoDate(value) !== undefined).toBe(valid);
  });

  it('Date strings: a bad date throws a RangeError that names the parameter and the value', () => {
    expect(() => parseIsoDate('2021-02-30', 'from')).toThrow(RangeError);
    expect(() => parseIsoDate('2021-02-30', 'from')).toThrow(/Invalid from: .*"2021-02-30"/);
    expect(() => parseIsoDate(20210609)).toThrow(RangeError);
  });

  it('Epoch days: 1970-01-01 is day 0, a Thursday; the range ends are 0001-01-01 and 9999-12-31', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(dayOfWeek(0)).toBe(4);
    expect(formatEpochDay(MIN_EPOCH_DAY)).toBe('0001-01-01');
    expect(formatEpochDay(MAX_EPOCH_DAY)).toBe('9999-12-31');
    expect(() => formatEpochDay(MAX_EPOCH_DAY + 1)).toThrow(RangeError);
  });

  it('Epoch days: round-trip and day of week agree with Temporal for every date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_EPOCH_DAY, max: MAX_EPOCH_DAY }), (epochDay) => {
        const date = formatEpochDay(epochDay);
        const temporal = Temporal.PlainDate.from('1970-01-01').add({ days: epochDay });
        expect(date).toBe(temporal.toString());
        expect(parseIsoDate(date)).toBe(epochDay);
        expect(dayOfWeek(epochDay)).toBe(temporal.dayOfWeek);
      }),
      { numRuns: 500 },
    );
  });
});
