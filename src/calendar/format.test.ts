import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatDate, formatInstant } from './format.ts';

/** The plain reading of the rule, through Temporal for every value: what the fast path must match. */
function reference(value: Date): string {
  const zoned = Temporal.Instant.from(value.toISOString()).toZonedDateTimeISO('Europe/London');
  const hour12 = zoned.hour % 12 === 0 ? 12 : zoned.hour % 12;
  const suffix = zoned.hour < 12 ? 'am' : 'pm';
  const seconds = zoned.second ? `:${String(zoned.second).padStart(2, '0')}` : '';
  const time = `${hour12}:${String(zoned.minute).padStart(2, '0')}${seconds}${suffix}`;
  return `${formatDate(zoned.toPlainDate().toString())} at ${time}`;
}

describe('formatInstant shows instants in UK time', () => {
  it.each([
    ['2021-06-23T22:59:59Z', '23 June 2021 at 11:59:59pm'],
    ['2021-06-23T23:00:00Z', '24 June 2021 at 12:00am'],
    ['2026-12-25T12:05:00Z', '25 December 2026 at 12:05pm'],
    // The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October.
    ['2026-03-29T00:59:59Z', '29 March 2026 at 12:59:59am'],
    ['2026-03-29T01:00:00Z', '29 March 2026 at 2:00am'],
    ['2026-10-25T00:59:59Z', '25 October 2026 at 1:59:59am'],
    ['2026-10-25T01:00:00Z', '25 October 2026 at 1:00am'],
  ])('%s → %s', (instant, expected) => {
    expect(formatInstant(instant)).toBe(expected);
    expect(formatInstant(new Date(instant))).toBe(expected);
  });

  it('matches the Temporal reading every 197 minutes from 2016 to 2027, clock changes included', () => {
    const step = 197 * 60_000 + 13_000;
    let mismatches = 0;
    for (let t = Date.UTC(2016, 0, 1); t < Date.UTC(2028, 0, 1); t += step) {
      const value = new Date(t);
      if (formatInstant(value) !== reference(value)) mismatches += 1;
    }
    expect(mismatches).toBe(0);
  });
});
