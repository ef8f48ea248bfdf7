import { describe, expect, it } from 'vitest';
import { longDate, monthAndYear } from './date-words.ts';

describe('dates in words (GOV.UK style)', () => {
  it.each([
    ['2021-06-23', '23 June 2021'],
    ['2026-03-03', '3 March 2026'],
    ['2022-12-31', '31 December 2022'],
  ])('%s reads as %s', (iso, words) => {
    expect(longDate(iso)).toBe(words);
  });

  it.each(['2021-13-01', '23/06/2021', ''])('%s is left as it is', (text) => {
    expect(longDate(text)).toBe(text);
  });
});

describe('monthAndYear names a month in words', () => {
  it.each([
    ['2027-06', 'June 2027'],
    ['2027-06-24', 'June 2027'],
    ['2026-12-01', 'December 2026'],
    ['2027-13', '2027-13'],
    ['June', 'June'],
  ])('%s → %s', (iso, words) => {
    expect(monthAndYear(iso)).toBe(words);
  });
});
