import { describe, expect, it } from 'vitest';
import {
  checkReportContent,
  checkReportDate,
  missingMeasures,
  missingReports,
  readinessSchedule,
  reportStates,
} from './readiness.ts';

describe('D10.13(c): the readiness schedule', () => {
  const cases: {
    name: string;
    frequency: 'weekly' | 'fortnightly' | 'monthly';
    first: string;
    goLive: string;
    dates: string[];
  }[] = [
    {
      name: 'weekly across a month and a year end',
      frequency: 'weekly',
      first: '2026-12-17',
      goLive: '2027-01-14',
      dates: ['2026-12-17', '2026-12-24', '2026-12-31', '2027-01-07', '2027-01-14'],
    },
    {
      name: 'fortnightly across the end of February in a leap year',
      frequency: 'fortnightly',
      first: '2028-02-17',
      goLive: '2028-03-20',
      dates: ['2028-02-17', '2028-03-02', '2028-03-16'],
    },
    {
      name: 'fortnightly, stopping before a go-live that falls between two dates',
      frequency: 'fortnightly',
      first: '2027-01-07',
      goLive: '2027-02-01',
      dates: ['2027-01-07', '2027-01-21'],
    },
    {
      name: 'monthly from the 31st: clamped to short months, back to the 31st after',
      frequency: 'monthly',
      first: '2027-01-31',
      goLive: '2027-05-31',
      dates: ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31'],
    },
    {
      name: 'monthly from 31 January in a leap year gives 29 February',
      frequency: 'monthly',
      first: '2028-01-31',
      goLive: '2028-03-01',
      dates: ['2028-01-31', '2028-02-29'],
    },
    {
      name: 'monthly from the 29th of February, then the 29th of each month',
      frequency: 'monthly',
      first: '2028-02-29',
      goLive: '2028-04-30',
      dates: ['2028-02-29', '2028-03-29', '2028-04-29'],
    },
    {
      name: 'a report due on the go-live date is included',
      frequency: 'weekly',
      first: '2027-02-11',
      goLive: '2027-02-25',
      dates: ['2027-02-11', '2027-02-18', '2027-02-25'],
    },
    {
      name: 'a first report after go-live gives no schedule',
      frequency: 'weekly',
      first: '2027-03-01',
      goLive: '2027-02-25',
      dates: [],
    },
  ];
  it.each(cases)('D10.13(c): $name', ({ frequency, first, goLive, dates }) => {
    expect(readinessSchedule({ frequency, firstReportDue: first }, goLive)).toEqual(dates);
  });

  it('D10.13(c): no frequency or first date in the RID gives no schedule', () => {
    expect(
      readinessSchedule({ frequency: null, firstReportDue: '2027-01-01' }, '2027-02-25'),
    ).toEqual([]);
    expect(readinessSchedule({ frequency: 'weekly', firstReportDue: null }, '2027-02-25')).toEqual(
      [],
    );
  });
});

describe('D10.13(c), D10.16: missing readiness reports', () => {
  const schedule = ['2027-01-07', '2027-01-21', '2027-02-04', '2027-02-18'];

  it('D10.16: a due date passed without a report is missing; on its due date it is only due', () => {
    const submitted = new Map([['2027-01-07', '2027-01-07']]);
    expect(missingReports(schedule, submitted, '2027-01-21')).toEqual([]);
    expect(missingReports(schedule, submitted, '2027-01-22')).toEqual(['2027-01-21']);
    expect(missingReports(schedule, new Map(), '2027-02-05')).toEqual([
      '2027-01-07',
      '2027-01-21',
      '2027-02-04',
    ]);
  });

  it('D10.13(c): each date is submitted (late when after its date), missing, due (the next) or upcoming', () => {
    const submitted = new Map([
      ['2027-01-07', '2027-01-06'],
      ['2027-01-21', '2027-01-25'],
    ]);
    expect(reportStates(schedule, submitted, '2027-02-05')).toEqual([
      { due: '2027-01-07', state: 'submitted', submittedOn: '2027-01-06', late: false },
      { due: '2027-01-21', state: 'submitted', submittedOn: '2027-01-25', late: true },
      { due: '2027-02-04', state: 'missing', submittedOn: null, late: false },
      { due: '2027-02-18', state: 'due', submittedOn: null, late: false },
    ]);
    expect(reportStates(schedule, new Map(), '2027-01-01').map((r) => r.state)).toEqual([
      'due',
      'upcoming',
      'upcoming',
      'upcoming',
    ]);
  });

  it('D10.13(c): a report for a date not in the schedule, or beyond the next due date, is refused', () => {
    expect(checkReportDate(schedule, '2027-01-21', '2027-02-10')).toBeNull();
    expect(checkReportDate(schedule, '2027-02-18', '2027-02-10')).toBeNull();
    const unscheduled = checkReportDate(schedule, '2027-01-14', '2027-02-10');
    expect(unscheduled).toMatchObject({ code: 'validation_failed', field: 'periodDue' });
    expect(unscheduled?.message).toContain('not a due date');
    expect(checkReportDate(schedule, '2027-02-18', '2027-01-10')?.message).toBe(
      'The report due 2027-02-18 cannot be submitted yet: the next report is due 2027-01-21',
    );
    expect(checkReportDate(schedule, 'soon', '2027-01-10')).toMatchObject({ field: 'periodDue' });
    expect(checkReportDate(schedule, '2027-02-18', '2027-03-01')).toBeNull();
  });

  it('D10.13(c): a report needs a value for every measure the RID names, naming those missing', () => {
    const measures = ['SIT tests passed (%)', 'Open critical defects', 'Environments ready'];
    expect(missingMeasures(measures, { 'Open critical defects': '0' })).toEqual([
      'SIT tests passed (%)',
      'Environments ready',
    ]);
    const refusal = checkReportContent(
      measures,
      { 'SIT tests passed (%)': '97', 'Open critical defects': ' ' },
      'On track',
    );
    expect(refusal).toMatchObject({ field: 'measures' });
    expect(refusal?.message).toBe(
      'Give a value for every measure the approved RID names; missing: Open critical defects; Environments ready',
    );
    const all = {
      'SIT tests passed (%)': '97',
      'Open critical defects': '0',
      'Environments ready': 'Yes',
    };
    expect(checkReportContent(measures, all, 'On track')).toBeNull();
    expect(checkReportContent(measures, { ...all, Mood: 'good' }, 'On track')?.message).toContain(
      'Not a measure the approved RID names: Mood',
    );
    expect(checkReportContent(measures, all, ' ')).toMatchObject({ field: 'summary' });
  });
});
