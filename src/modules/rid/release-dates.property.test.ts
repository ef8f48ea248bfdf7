/**
 * Issue 9, done-when: the RID freeze date (D10.15, ruling 5), the release milestones (D10.8(b))
 * and the Policy version that governs a release (A-POL, ruling 14) against a model, for random
 * releases and dates from 2000 to 2060 in every region's calendar.
 *
 * The model is written from the obligations, not from the code: dates by JavaScript's UTC
 * calendar; a Working Day is a weekday that is not one of the region's bank holidays (the
 * calendar's list, `holidaysOf`); the notice period in Working Days ends on go-live, so it starts
 * on the latest day from which N Working Days following it reach no later than go-live; which
 * version governs is simulated day by day: the version in force that day, until the first day on
 * which its freeze date has come, when the release is fixed (ruling 14).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../calendar/region.ts';
import { createCalendar, type WorkingDayCalendar } from '../../calendar/working-days.ts';
import { governingVersion } from '../policy/policy-governance.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import { releaseMilestones, type TestingWindows } from '../release/release-milestones.ts';
import type { ReleaseStatus } from '../release/release.ts';
import { ridFreezeDate } from './rid.ts';

// ---------------------------------------------------------------- the model

const DAY_MS = 86_400_000;
const msOf = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const plusDays = (date: string, days: number): string => dateOf(msOf(date) + days * DAY_MS);

/** Calendar months from `date`, the day clamped to the last of the month (31 May − 3 = 28/29 Feb). */
function plusMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12; // 0–11
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return dateOf(Date.UTC(year, month, Math.min(d, last)));
}

/** A Working Day: Monday to Friday and not one of the region's bank holidays. */
function workingDayModel(calendar: WorkingDayCalendar) {
  const holidays = new Map<number, Set<string>>();
  return (date: string): boolean => {
    const weekday = new Date(msOf(date)).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    const year = Number(date.slice(0, 4));
    let set = holidays.get(year);
    if (!set) {
      set = new Set(calendar.holidaysOf(year).map((h) => h.date));
      holidays.set(year, set);
    }
    return !set.has(date);
  };
}

/** The Nth Working Day following `date` (day 1 is the first Working Day after it). */
function nthWorkingDayAfter(isWorking: (d: string) => boolean, date: string, n: number): string {
  let day = date;
  for (let counted = 0; counted < n;) {
    day = plusDays(day, 1);
    if (isWorking(day)) counted += 1;
  }
  return day;
}

type Period = { amount: number; unit: 'months' | 'working_days' };

/**
 * D10.8(c), ruling 5: the start of the notice period, which is the RID freeze: go-live less the
 * months; or the latest day from which `amount` Working Days following it end on or before
 * go-live (go-live is the last of them when it is a Working Day).
 */
function noticeStartModel(
  period: Period | undefined,
  goLive: string,
  isWorking: (d: string) => boolean,
): string | undefined {
  if (!period) return undefined;
  if (period.unit === 'months') return plusMonths(goLive, -period.amount);
  let start = plusDays(goLive, -(3 * period.amount + 30));
  while (nthWorkingDayAfter(isWorking, plusDays(start, 1), period.amount) <= goLive)
    start = plusDays(start, 1);
  return start;
}

/**
 * Milestones as D10.8(b) and rulings 5 and 7 describe them: id, date, last day, and what meets
 * it (issue 13): a date the Policy sets, a window the Policy sets, or a fact (met, and the first
 * day it is late without it).
 */
interface ModelMilestone {
  id: string;
  date: string;
  until?: string;
  meets: { policy: 'date' } | { policy: 'window' } | { met: boolean; lateFrom: string };
}

const FORWARD_MODEL = ['planned', 'rid_approved', 'in_test', 'live'];

/** Ruling 16: the release has reached a status on its forward path (never when cancelled). */
function reached(status: ReleaseStatus, stage: ReleaseStatus): boolean {
  return status !== 'cancelled' && FORWARD_MODEL.indexOf(status) >= FORWARD_MODEL.indexOf(stage);
}

/**
 * D10.8(b), issue 13: a Policy date is done once passed; a Policy window runs from its first to
 * its last day; a fact is done when met, else unrecorded for a live or cancelled release, late
 * from its late day, upcoming before.
 */
function stateModel(m: ModelMilestone, status: ReleaseStatus, today: string): string {
  const { meets } = m;
  if ('policy' in meets) {
    if (meets.policy === 'date') return m.date < today ? 'done' : 'upcoming';
    if (today < m.date) return 'upcoming';
    return today <= (m.until ?? '') ? 'in_progress' : 'done';
  }
  if (meets.met) return 'done';
  if (status === 'live' || status === 'cancelled') return 'unrecorded';
  return today >= meets.lateFrom ? 'late' : 'upcoming';
}

// ---------------------------------------------------------------- the generators

const calendars = new Map(REGIONS.map((r) => [r, createCalendar(r)]));
const calendarArb = fc.constantFrom(...REGIONS).map((r) => calendars.get(r) as WorkingDayCalendar);
const dateArb = (from: string, to: string) =>
  fc.integer({ min: msOf(from) / DAY_MS, max: msOf(to) / DAY_MS }).map((d) => dateOf(d * DAY_MS));
const goLiveArb = dateArb('2000-01-01', '2060-12-31');
const RELEASE_TYPES = ['february', 'june', 'november', 'ad_hoc'] as const;
const periodArb: fc.Arbitrary<Period> = fc.oneof(
  fc.record({ amount: fc.integer({ min: 1, max: 12 }), unit: fc.constant('months' as const) }),
  fc.record({
    amount: fc.integer({ min: 1, max: 60 }),
    unit: fc.constant('working_days' as const),
  }),
);

/** A Policy's date mechanisms: a notice period per type (or none), baselines, an optional freeze. */
const mechanismsArb: fc.Arbitrary<PolicyMechanisms> = fc
  .record({
    periods: fc.tuple(...RELEASE_TYPES.map(() => fc.option(periodArb, { nil: undefined }))),
    baselines: fc.array(fc.integer({ min: 0, max: 24 }), { maxLength: 3 }),
    freeze: fc.option(
      fc.record({
        startsMonthsBeforeGoLive: fc.integer({ min: 0, max: 6 }),
        endsDaysAfterGoLive: fc.integer({ min: 0, max: 30 }),
      }),
      { nil: null },
    ),
  })
  .map(({ periods, baselines, freeze }) => ({
    oversight: {
      scopeBaselines: baselines.map((months, i) => ({
        id: `baseline_${i}`,
        name: `Baseline ${i}`,
        monthsBeforeGoLive: months,
        appliesTo: 'all' as const,
      })),
      milestones: [],
      reporting: '',
    },
    notice: {
      noticePeriods: RELEASE_TYPES.flatMap((type, i) => {
        const period = periods[i];
        return period ? [{ releaseType: type, ...period }] : [];
      }),
      recipients: 'all_parties_users_mandatory' as const,
      changeFreeze: freeze,
    },
  }));

const periodOf = (mechanisms: PolicyMechanisms, type: string): Period | undefined =>
  mechanisms.notice?.noticePeriods.find((p) => p.releaseType === type);

const runs = { numRuns: 100 };

// ---------------------------------------------------------------- the properties

describe('D10.15, ruling 5: the RID freeze date agrees with the model (2000–2060)', () => {
  it('D10.15, ruling 5: the freeze is go-live less the notice period the Policy sets for the type, in months or Working Days', () => {
    fc.assert(
      fc.property(
        calendarArb,
        mechanismsArb,
        goLiveArb,
        fc.constantFrom(...RELEASE_TYPES),
        (calendar, mechanisms, goLive, releaseType) => {
          const expected = noticeStartModel(
            periodOf(mechanisms, releaseType),
            goLive,
            workingDayModel(calendar),
          );
          expect(ridFreezeDate({ mechanisms }, { releaseType, goLive }, calendar)).toBe(expected);
        },
      ),
      runs,
    );
  });

  it('D10.15, ruling 5: in Working Days, go-live (or the last Working Day before it) is day N following the freeze, and the day after the freeze would not leave N', () => {
    fc.assert(
      fc.property(
        calendarArb,
        goLiveArb,
        fc.integer({ min: 1, max: 60 }),
        (calendar, goLive, amount) => {
          const mechanisms: PolicyMechanisms = {
            notice: {
              noticePeriods: [{ releaseType: 'ad_hoc', amount, unit: 'working_days' }],
              recipients: 'all_parties_users_mandatory',
              changeFreeze: null,
            },
          };
          const freeze = ridFreezeDate({ mechanisms }, { releaseType: 'ad_hoc', goLive }, calendar);
          const isWorking = workingDayModel(calendar);
          expect(freeze).toBeDefined();
          const f = freeze ?? '';
          expect(f < goLive).toBe(true);
          const last = nthWorkingDayAfter(isWorking, f, amount);
          expect(last <= goLive).toBe(true);
          expect(nthWorkingDayAfter(isWorking, plusDays(f, 1), amount) > goLive).toBe(true);
        },
      ),
      runs,
    );
  });
});

describe('D10.8(b): the release milestones agree with the model (2000–2060)', () => {
  const statusArb = fc.constantFrom<ReleaseStatus>(
    'planned',
    'rid_approved',
    'in_test',
    'live',
    'cancelled',
  );
  const windowsArb: fc.Arbitrary<TestingWindows | null> = fc.option(
    fc
      .tuple(
        goLiveArb,
        fc.integer({ min: 0, max: 120 }),
        goLiveArb,
        fc.integer({ min: 0, max: 120 }),
      )
      .map(([dcc, dccDays, user, userDays]) => ({
        dccTestingStart: dcc,
        dccTestingEnd: plusDays(dcc, dccDays),
        userTestingStart: user,
        userTestingEnd: plusDays(user, userDays),
      })),
    { nil: null },
  );

  it('D10.8(b), D10.13(b), rulings 5 and 7: baselines, notice start, testing windows, change freeze and go-live, with their dates, order and state', () => {
    fc.assert(
      fc.property(
        calendarArb,
        mechanismsArb,
        goLiveArb,
        fc.constantFrom(...RELEASE_TYPES),
        statusArb,
        dateArb('1998-01-01', '2061-12-31'),
        windowsArb,
        fc.boolean(),
        (calendar, mechanisms, goLive, releaseType, status, today, testing, noticeIssued) => {
          const model: ModelMilestone[] = (mechanisms.oversight?.scopeBaselines ?? []).map((b) => ({
            id: b.id,
            date: plusMonths(goLive, -b.monthsBeforeGoLive),
            meets: { policy: 'date' as const },
          }));
          const notice = noticeStartModel(
            periodOf(mechanisms, releaseType),
            goLive,
            workingDayModel(calendar),
          );
          if (notice) {
            model.push({
              id: 'rid_approval',
              date: notice,
              meets: { met: reached(status, 'rid_approved'), lateFrom: notice },
            });
            // The notice period starts on its day: met once that day has passed with a notice.
            model.push({
              id: 'notice_start',
              date: notice,
              meets: { met: noticeIssued && notice < today, lateFrom: plusDays(notice, 1) },
            });
          }
          if (testing) {
            model.push({
              id: 'dcc_testing',
              date: testing.dccTestingStart ?? '',
              until: testing.dccTestingEnd ?? '',
              meets: { met: false, lateFrom: plusDays(testing.dccTestingStart ?? '', 1) },
            });
            model.push({
              id: 'user_testing',
              date: testing.userTestingStart ?? '',
              until: testing.userTestingEnd ?? '',
              meets: { met: false, lateFrom: plusDays(testing.userTestingStart ?? '', 1) },
            });
          }
          const freeze = mechanisms.notice?.changeFreeze;
          if (freeze)
            model.push({
              id: 'change_freeze',
              date: plusMonths(goLive, -freeze.startsMonthsBeforeGoLive),
              until: plusDays(goLive, freeze.endsDaysAfterGoLive),
              meets: { policy: 'window' },
            });
          model.push({
            id: 'go_live',
            date: goLive,
            meets: { met: status === 'live', lateFrom: plusDays(goLive, 1) },
          });
          // In date order; milestones on one day keep the order above.
          const expected = model
            .map((m, i) => ({ m, i }))
            .sort((a, b) => (a.m.date < b.m.date ? -1 : a.m.date > b.m.date ? 1 : a.i - b.i))
            .map(({ m }) => ({
              id: m.id,
              date: m.date,
              until: m.until,
              state: stateModel(m, status, today),
            }));

          const actual = releaseMilestones(
            { mechanisms },
            { releaseType, goLive, status, noticeIssued },
            calendar,
            today,
            testing,
          ).map((m) => ({ id: m.id, date: m.date, until: m.until, state: m.state }));
          expect(actual).toEqual(expected);
        },
      ),
      runs,
    );
  });
});

describe('A-POL, ruling 14: the governing Policy version and the day it is fixed agree with a day-by-day model', () => {
  interface Version {
    number: number;
    status: 'approved' | 'rejected' | 'submitted';
    effectiveFrom: string | null;
    mechanisms: PolicyMechanisms;
  }

  const releaseArb = fc.record({
    goLive: dateArb('2003-01-01', '2060-12-31'),
    releaseType: fc.constantFrom(...RELEASE_TYPES),
  });

  /** Up to four versions taking effect within three years before go-live (some never approved). */
  const versionsArb = (goLive: string) =>
    fc
      .array(
        fc.record({
          status: fc.constantFrom('approved', 'approved', 'approved', 'rejected', 'submitted'),
          effectiveFrom: fc.option(dateArb(plusDays(goLive, -3 * 366), plusDays(goLive, 60)), {
            nil: null,
          }),
          mechanisms: mechanismsArb,
        }),
        { minLength: 1, maxLength: 4 },
      )
      .map((list) =>
        list.map((v, i): Version => ({
          number: i + 1,
          status: v.status,
          effectiveFrom:
            v.status === 'approved' ? (v.effectiveFrom ?? plusDays(goLive, -400)) : v.effectiveFrom,
          mechanisms: v.mechanisms,
        })),
      );

  const caseArb = releaseArb.chain((release) =>
    fc.record({
      release: fc.constant(release),
      versions: versionsArb(release.goLive),
      today: dateArb(plusDays(release.goLive, -3 * 366), plusDays(release.goLive, 366)),
      calendar: calendarArb,
    }),
  );

  /** The version in force on `day`: approved, latest to take effect by then (two on one day: the higher number). */
  function inForceOn(versions: readonly Version[], day: string): Version | undefined {
    let best: Version | undefined;
    for (const v of versions) {
      if (v.status !== 'approved' || v.effectiveFrom === null || v.effectiveFrom > day) continue;
      if (
        !best ||
        (best.effectiveFrom ?? '') < v.effectiveFrom ||
        (best.effectiveFrom === v.effectiveFrom && best.number < v.number)
      )
        best = v;
    }
    return best;
  }

  it('A-POL, ruling 14, ruling 5: the release follows the version in force until the first day its freeze has come, then that version is fixed', () => {
    fc.assert(
      fc.property(caseArb, ({ release, versions, today, calendar }) => {
        const isWorking = workingDayModel(calendar);
        const freezeOf = new Map(
          versions.map((v) => [
            v.number,
            noticeStartModel(
              periodOf(v.mechanisms, release.releaseType),
              release.goLive,
              isWorking,
            ),
          ]),
        );
        const starts = versions
          .filter((v) => v.status === 'approved' && v.effectiveFrom !== null)
          .map((v) => v.effectiveFrom ?? '')
          .filter((d) => d <= today)
          .sort();
        let expected: { number: number; fixedOn: string | undefined } | undefined;
        for (let day = starts[0]; day !== undefined && day <= today; day = plusDays(day, 1)) {
          const v = inForceOn(versions, day);
          const freeze = v && freezeOf.get(v.number);
          if (v && freeze !== undefined && freeze <= day) {
            expected = { number: v.number, fixedOn: day };
            break;
          }
        }
        if (!expected) {
          const current = inForceOn(versions, today);
          expected = current && { number: current.number, fixedOn: undefined };
        }

        const actual = governingVersion(versions, release, calendar, today);
        expect(actual && { number: actual.version.number, fixedOn: actual.fixedOn }).toEqual(
          expected,
        );
        // D10.15, ruling 5: the RID freezes on the date the governing version gives.
        if (actual)
          expect(ridFreezeDate(actual.version, release, calendar)).toBe(
            freezeOf.get(actual.version.number),
          );
      }),
      runs,
    );
  });
});
