/**
 * Ruling 18 (ruling 1 is one case): every "within N Working Days following X" in secrel is the
 * calendar's one function, `deadlineAfter`. Exhaustively, for every day X from 2000 to 2060 at
 * times around midnight UK time (in GMT and in BST, so on the days the clocks change too) and at
 * midday, each period's own function gives what `deadlineAfter` gives, and `deadlineAfter` gives
 * what an independent model gives: the London date of X by Intl, then N Working Days counted one
 * by one, ending 23:59:59 UK time.
 */
import { describe, expect, it } from 'vitest';
import {
  createCalendar,
  deadlineAfter,
  londonDateOf,
  type WorkingDayCalendar,
} from '../../calendar/index.ts';
import { closeAfterWorkingDays } from '../consultation/consultation-time.ts';
import { lastRecordDay, PANEL_RECORD_WORKING_DAYS } from '../meeting/meeting.ts';
import { adoptionDeadline } from '../modification/adoption-window.ts';
import { ADOPTION_WINDOW_WORKING_DAYS } from '../modification/modification.ts';
import { DEFAULT_RESPONSE_WORKING_DAYS } from '../refinement/refinement.ts';
import { defaultRespondBy } from '../refinement/respond-by.ts';
import { APPEAL_WINDOW_WORKING_DAYS, appealDeadline, appealDeadlineOf } from './appeal-window.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const FIRST = Date.parse('2000-01-01T00:00:00Z');
const LAST = Date.parse('2060-12-31T00:00:00Z');
/**
 * Times of day (UTC): midnight (the first second of a London day in GMT; 01:00 in BST),
 * and 22:59:59 and 23:00 (the last second of a London day in BST and the first of the next).
 */
const TIMES_MS = [0, 22 * 3600e3 + 3599e3, 23 * 3600e3];

/** Every instant tested, in order. */
function* instants(): Generator<string> {
  for (let day = FIRST; day <= LAST; day += DAY_MS)
    for (const time of TIMES_MS) yield new Date(day + time).toISOString();
}

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The model: the London day of X (by Intl), then N Working Days counted one by one. */
function modelDay(calendar: WorkingDayCalendar, instant: string, n: number): string {
  let day = new Date(`${LONDON_DATE.format(new Date(instant))}T00:00:00Z`).getTime();
  for (let counted = 0; counted < n;) {
    day += DAY_MS;
    if (calendar.isWorkingDay(new Date(day).toISOString().slice(0, 10))) counted += 1;
  }
  return new Date(day).toISOString().slice(0, 10);
}

/** The instants where `actual` differs from `expected`: none, when they agree (cheap to run). */
function disagreements(
  actual: (instant: string) => string,
  expected: (instant: string) => string,
): string[] {
  const found: string[] = [];
  for (const instant of instants()) {
    const a = actual(instant);
    const e = expected(instant);
    if (a !== e && found.length < 10) found.push(`${instant}: ${a}, expected ${e}`);
  }
  return found;
}

const TIMEOUT_MS = 120_000;

describe('Ruling 18: every "within N Working Days following X" agrees with the calendar (every day of 2000–2060)', () => {
  const calendar = createCalendar('england-and-wales');

  it(
    'Ruling 18: deadlineAfter is the model: Working Day N after the London day of X, at 23:59:59 UK time',
    () => {
      const model = (instant: string): string =>
        `${modelDay(calendar, instant, APPEAL_WINDOW_WORKING_DAYS)} 23:59:59`;
      const deadline = (instant: string): string => {
        const end = new Date(deadlineAfter(calendar, instant, APPEAL_WINDOW_WORKING_DAYS));
        return `${LONDON_DATE.format(end)} ${LONDON_TIME.format(end)}`;
      };
      expect(disagreements(deadline, model)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'D10.17, ruling 1: the appeal window closes where deadlineAfter says, and the stored deadline reads back the same',
    () => {
      const expected = (instant: string): string =>
        deadlineAfter(calendar, instant, APPEAL_WINDOW_WORKING_DAYS);
      expect(disagreements((x) => appealDeadline(calendar, x), expected)).toEqual([]);
      const stored = (instant: string): string =>
        appealDeadlineOf(calendar, {
          publishedAt: instant,
          appealDeadline: new Date(appealDeadline(calendar, instant)).toISOString(),
        }) ?? '';
      expect(disagreements(stored, expected)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'Ruling 18: the adoption window of a withdrawn proposal closes where deadlineAfter says',
    () => {
      expect(
        disagreements(
          (x) => adoptionDeadline(calendar, x),
          (x) => deadlineAfter(calendar, x, ADOPTION_WINDOW_WORKING_DAYS),
        ),
      ).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'Ruling 18: a sub-committee’s default respond-by date is the day deadlineAfter gives',
    () => {
      expect(
        disagreements(
          (x) => defaultRespondBy(calendar, x),
          (x) => londonDateOf(deadlineAfter(calendar, x, DEFAULT_RESPONSE_WORKING_DAYS)),
        ),
      ).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'Ruling 13, ruling 18: the last day a Panel meeting’s decisions may be recorded is the day deadlineAfter gives',
    () => {
      expect(
        disagreements(
          (x) => lastRecordDay(calendar, londonDateOf(x)),
          (x) => londonDateOf(deadlineAfter(calendar, x, PANEL_RECORD_WORKING_DAYS)),
        ),
      ).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'Ruling 18: a consultation closing N Working Days after it opens closes where deadlineAfter says',
    () => {
      expect(
        disagreements(
          (x) => new Date(closeAfterWorkingDays(calendar, x, 10)).toISOString(),
          (x) => new Date(deadlineAfter(calendar, x, 10)).toISOString(),
        ),
      ).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
