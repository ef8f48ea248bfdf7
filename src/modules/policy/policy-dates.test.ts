import { describe, expect, it } from 'vitest';
import { addWorkingDays, createCalendar, workingDaysBetween } from '../../calendar/index.ts';
import { DEFAULT_MECHANISMS } from './policy-defaults.ts';
import {
  addMonths,
  changeFreezeWindow,
  noticeStart,
  scopeBaselineDates,
  standardGoLiveDate,
} from './policy-dates.ts';

const calendar = createCalendar('england-and-wales');
const policy = { mechanisms: DEFAULT_MECHANISMS };

describe('the dates a Policy version sets for a release', () => {
  it('D10.8(a), ruling 6: the default go-live dates match the releases of 2021–2022 (Thursdays)', () => {
    expect(standardGoLiveDate(policy, 'june', 2021, calendar)).toBe('2021-06-24');
    expect(standardGoLiveDate(policy, 'november', 2021, calendar)).toBe('2021-11-04');
    expect(standardGoLiveDate(policy, 'february', 2022, calendar)).toBe('2022-02-24');
    expect(standardGoLiveDate(policy, 'june', 2022, calendar)).toBe('2022-06-30');
    expect(standardGoLiveDate(policy, 'november', 2022, calendar)).toBe('2022-11-03');
  });

  it('D10.8(a): an ad-hoc or unknown release type has no standard date', () => {
    expect(standardGoLiveDate(policy, 'ad_hoc', 2022, calendar)).toBeUndefined();
    expect(standardGoLiveDate(policy, 'march', 2022, calendar)).toBeUndefined();
  });

  it('D10.8(a): a go-live day that is a bank holiday moves to the next Working Day', () => {
    // A May release on the first Monday would fall on the Early May bank holiday (2 May 2022).
    const may = {
      mechanisms: {
        allocation: {
          ...DEFAULT_MECHANISMS.allocation,
          releaseTypes: [
            {
              id: 'may',
              name: 'May release',
              kind: 'standard' as const,
              month: 5,
              goLiveWeekday: 1,
              week: 1,
              dccImpactingAllowed: false,
            },
          ],
        },
      },
    };
    expect(standardGoLiveDate(may, 'may', 2022, calendar)).toBe('2022-05-03');
  });

  it('D10.8(c), ruling 5: the notice period (months) starts go-live minus those months', () => {
    expect(noticeStart(policy, 'november', '2022-11-03', calendar)).toBe('2022-08-03');
    expect(noticeStart(policy, 'march', '2022-11-03', calendar)).toBeUndefined();
  });

  it('D10.8(c), ruling 5: a notice period in Working Days is counted back, go-live being Working Day N after its start', () => {
    const start = noticeStart(policy, 'ad_hoc', '2022-07-18', calendar) ?? '';
    expect(start).toBe('2022-06-20');
    expect(addWorkingDays(calendar, start, 20)).toBe('2022-07-18');
    expect(workingDaysBetween(calendar, start, '2022-07-18')).toBe(20);
  });

  it('D10.8(b), ruling 7: DCC-impacting scope is baselined 12 months ahead, full scope 6 months', () => {
    expect(scopeBaselineDates(policy, '2021-11-04')).toEqual([
      {
        id: 'dcc_scope',
        name: 'DCC-impacting scope baselined',
        appliesTo: 'dcc_impacting',
        date: '2020-11-04',
      },
      { id: 'full_scope', name: 'Full scope baselined', appliesTo: 'all', date: '2021-05-04' },
    ]);
  });

  it('D10.8(c): the optional change freeze runs from months before go-live to days after it', () => {
    expect(changeFreezeWindow(policy, '2022-06-30')).toBeUndefined();
    const frozen = {
      mechanisms: {
        notice: {
          ...DEFAULT_MECHANISMS.notice,
          changeFreeze: { startsMonthsBeforeGoLive: 1, endsDaysAfterGoLive: 14 },
        },
      },
    };
    expect(changeFreezeWindow(frozen, '2022-06-30')).toEqual({
      from: '2022-05-30',
      to: '2022-07-14',
    });
  });

  it('months are counted on the calendar, clamped to the end of a shorter month', () => {
    expect(addMonths('2022-05-31', -3)).toBe('2022-02-28');
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-29');
    expect(addMonths('2022-01-15', -12)).toBe('2021-01-15');
    expect(addMonths('2022-11-30', 3)).toBe('2023-02-28');
  });
});
