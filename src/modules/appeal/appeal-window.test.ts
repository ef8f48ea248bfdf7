import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { createCalendar, londonDateOf, workingDaysBetween } from '../../calendar/index.ts';
import { appealDeadline, withinAppealWindow } from './appeal-window.ts';

const calendar = createCalendar('england-and-wales');

/**
 * Worked by hand. England & Wales bank holidays used: 2026 Mon 31 Aug, Fri 25 Dec, Mon 28 Dec
 * (Boxing Day falls on a Saturday: substitute Monday); 2027 Fri 1 Jan, Fri 26 Mar (Good Friday),
 * Mon 29 Mar (Easter Monday). BST ends Sun 25 Oct 2026 and starts Sun 28 Mar 2027.
 * "Day 1" is the first Working Day after the London day of publication, whatever day that is
 * (a weekend or a bank holiday too: ruling 1, ruling 18); the deadline is 23:59:59 UK time on
 * day 10. (The rows for publication on a non-Working Day used to assert the appeal window's own
 * rule, which counted such a day as the next Working Day and so gave one Working Day more.)
 */
const ROWS: { name: string; publishedAt: string; deadline: string }[] = [
  {
    // Wed 3 Jun 2026: days 1–10 = Thu 4, Fri 5, Mon 8 … Fri 12, Mon 15, Tue 16, Wed 17 Jun.
    name: 'an ordinary Wednesday closes on the Wednesday two weeks later',
    publishedAt: '2026-06-03T09:00:00Z',
    deadline: '2026-06-17T23:59:59+01:00',
  },
  {
    // Fri 5 Jun 2026: the weekend is skipped: day 1 Mon 8 … day 5 Fri 12, day 10 Fri 19 Jun.
    name: 'a Friday skips the weekends and closes on the Friday two weeks later',
    publishedAt: '2026-06-05T13:00:00Z',
    deadline: '2026-06-19T23:59:59+01:00',
  },
  {
    // 23:30 UTC on Tue 9 Jun 2026 is 00:30 BST on Wed 10 Jun: day 1 Thu 11 … day 10 Wed 24 Jun
    // (counting from the UTC date would wrongly give Tue 23 Jun).
    name: 'late evening 23:30 UTC in summer is the next London day',
    publishedAt: '2026-06-09T23:30:00Z',
    deadline: '2026-06-24T23:59:59+01:00',
  },
  {
    // 23:30 UTC on Fri 5 Jun 2026 is 00:30 BST on Sat 6 Jun: a Saturday publication; day 1 is
    // Mon 8 … day 10 Fri 19 Jun, as for the Friday itself (the Friday's own day does not count
    // either).
    name: 'late Friday evening UTC that is already Saturday in London: day 1 is Monday',
    publishedAt: '2026-06-05T23:30:00Z',
    deadline: '2026-06-19T23:59:59+01:00',
  },
  {
    // Sat 6 Jun 2026: day 1 Mon 8, day 5 Fri 12, day 6 Mon 15, day 10 Fri 19 Jun.
    name: 'Ruling 1: a Saturday publication: day 1 is the Monday',
    publishedAt: '2026-06-06T10:00:00Z',
    deadline: '2026-06-19T23:59:59+01:00',
  },
  {
    // Sun 7 Jun 2026: as the Saturday: day 1 Mon 8, day 10 Fri 19 Jun.
    name: 'Ruling 1: a Sunday publication: day 1 is the Monday',
    publishedAt: '2026-06-07T15:00:00Z',
    deadline: '2026-06-19T23:59:59+01:00',
  },
  {
    // Sat 28 Nov 2026 10:00 UTC (the example): day 1 Mon 30 Nov, day 5 Fri 4 Dec,
    // day 10 Fri 11 Dec 2026 (not Mon 14 Dec, as the old rule gave).
    name: 'Ruling 1: published Saturday 28 November 2026, closes Friday 11 December 2026',
    publishedAt: '2026-11-28T10:00:00Z',
    deadline: '2026-12-11T23:59:59+00:00',
  },
  {
    // Easter Monday 29 Mar 2027 (a bank holiday): day 1 Tue 30 Mar, Wed 31, Thu 1, Fri 2,
    // Mon 5, Tue 6, Wed 7, Thu 8, Fri 9, day 10 Mon 12 Apr.
    name: 'Ruling 1: Easter Monday (a bank holiday): day 1 is the Tuesday',
    publishedAt: '2027-03-29T09:00:00Z',
    deadline: '2027-04-12T23:59:59+01:00',
  },
  {
    // Good Friday 26 Mar 2027: Sat, Sun and Easter Monday follow, so day 1 is Tue 30 Mar and it
    // closes as the Easter Monday row, Mon 12 Apr.
    name: 'Ruling 1: Good Friday: day 1 is the Tuesday after Easter Monday',
    publishedAt: '2027-03-26T11:00:00Z',
    deadline: '2027-04-12T23:59:59+01:00',
  },
  {
    // Thu 25 Mar 2027 (GMT): Good Friday and Easter Monday are skipped: day 1 Tue 30 Mar,
    // Wed 31, Thu 1, Fri 2, Mon 5, Tue 6, Wed 7, Thu 8, Fri 9, day 10 Mon 12 Apr, now in BST.
    name: 'the day before Good Friday skips the Easter bank holidays and the clocks go forward',
    publishedAt: '2027-03-25T15:00:00Z',
    deadline: '2027-04-12T23:59:59+01:00',
  },
  {
    // Fri 18 Dec 2026: day 1 Mon 21, Tue 22, Wed 23, day 4 Thu 24; Fri 25 (Christmas), Mon 28
    // (Boxing Day substitute) skipped; day 5 Tue 29, Wed 30, day 7 Thu 31; Fri 1 Jan skipped;
    // day 8 Mon 4, day 9 Tue 5, day 10 Wed 6 Jan 2027.
    name: 'across Christmas and New Year from Friday 18 December 2026',
    publishedAt: '2026-12-18T12:00:00Z',
    deadline: '2027-01-06T23:59:59+00:00',
  },
  {
    // Wed 23 Dec 2026: day 1 Thu 24; 25 and 28 Dec skipped; day 2 Tue 29, Wed 30, day 4 Thu 31;
    // 1 Jan skipped; day 5 Mon 4, Tue 5, Wed 6, Thu 7, Fri 8, day 10 Mon 11 Jan 2027.
    name: 'across Christmas and New Year from Wednesday 23 December 2026',
    publishedAt: '2026-12-23T16:00:00Z',
    deadline: '2027-01-11T23:59:59+00:00',
  },
  {
    // Thu 24 Dec 2026: day 1 Tue 29 Dec, Wed 30, day 3 Thu 31; day 4 Mon 4 Jan … day 8 Fri 8,
    // day 9 Mon 11, day 10 Tue 12 Jan 2027.
    name: 'Christmas Eve 2026 closes on Tuesday 12 January 2027',
    publishedAt: '2026-12-24T10:00:00Z',
    deadline: '2027-01-12T23:59:59+00:00',
  },
  {
    // Wed 14 Oct 2026 at 10:00 BST: day 1 Thu 15, Fri 16, Mon 19 … Fri 23, day 8 Mon 26,
    // Tue 27, day 10 Wed 28 Oct: after the clocks went back on Sun 25 Oct, so +00:00.
    name: 'published in BST, the deadline after 25 October 2026 carries +00:00 (GMT)',
    publishedAt: '2026-10-14T09:00:00Z',
    deadline: '2026-10-28T23:59:59+00:00',
  },
  {
    // Fri 9 Oct 2026: day 1 Mon 12 … day 5 Fri 16, day 10 Fri 23 Oct: still BST, so +01:00.
    name: 'a deadline before the clocks go back carries +01:00 (BST)',
    publishedAt: '2026-10-09T09:00:00Z',
    deadline: '2026-10-23T23:59:59+01:00',
  },
];

describe('D10.17, ruling 1: the appeal deadline (within 10 Working Days following publication)', () => {
  it.each(ROWS)('D10.17: $name', ({ publishedAt, deadline }) => {
    expect(appealDeadline(calendar, publishedAt)).toBe(deadline);
  });

  it('D10.17: a deadline in BST is 22:59:59 UTC and one in GMT 23:59:59 UTC', () => {
    expect(new Date(appealDeadline(calendar, '2026-06-03T09:00:00Z')).toISOString()).toBe(
      '2026-06-17T22:59:59.000Z',
    );
    expect(new Date(appealDeadline(calendar, '2026-10-14T09:00:00Z')).toISOString()).toBe(
      '2026-10-28T23:59:59.000Z',
    );
  });

  it('D10.17: the window is open at the deadline itself and closed one second later', () => {
    const deadline = appealDeadline(calendar, '2026-12-24T10:00:00Z');
    expect(withinAppealWindow(deadline, new Date('2027-01-12T23:59:58Z'))).toBe(true);
    expect(withinAppealWindow(deadline, new Date('2027-01-12T23:59:59Z'))).toBe(true);
    expect(withinAppealWindow(deadline, new Date('2027-01-13T00:00:00Z'))).toBe(false);
  });

  it('Ruling 18: the deadline is always a Working Day ending 23:59:59 UK time, strictly after publication, exactly 10 Working Days after its day', () => {
    const from = Date.parse('2000-01-01T00:00:00Z');
    const to = Date.parse('2060-12-31T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const publishedAt = new Date(ms).toISOString();
        const deadline = appealDeadline(calendar, publishedAt);
        const london = Temporal.Instant.from(deadline).toZonedDateTimeISO('Europe/London');
        expect(calendar.isWorkingDay(london.toPlainDate().toString())).toBe(true);
        expect(london.toPlainTime().toString()).toBe('23:59:59');
        expect(Date.parse(deadline)).toBeGreaterThan(ms);
        // Exactly 10 Working Days lie after the publication day and up to the deadline's day,
        // whatever day publication fell on (ruling 18).
        const published = londonDateOf(publishedAt);
        const between = workingDaysBetween(calendar, published, london.toPlainDate().toString());
        expect(between).toBe(10);
      }),
      { numRuns: 200 },
    );
  });
});
