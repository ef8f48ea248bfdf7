import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import { DEFAULT_MECHANISMS } from '../policy/policy-defaults.ts';
import { addDays } from '../policy/policy-dates.ts';
import {
  factState,
  policyDateState,
  policyWindowState,
  releaseMilestones,
  testingWindowState,
  type PhaseFact,
  type ReleaseForMilestones,
} from './release-milestones.ts';
import { AT_RISK_DAYS, releaseHealth } from './release-health.ts';
import { timelineChart } from './release-timeline-chart.ts';
import type { ReleaseStatus } from './release.ts';

const calendar = createCalendar('england-and-wales');
const policy = { mechanisms: DEFAULT_MECHANISMS };

/** The demo's February 2027 release (issue 13): its RID's windows and notice start. */
const february: ReleaseForMilestones = {
  releaseType: 'february',
  goLive: '2027-02-25',
  status: 'in_test',
  noticeIssued: true,
  phases: [
    { kind: 'dcc_sit', status: 'in_progress' },
    { kind: 'user_testing', status: 'planned' },
    { kind: 'regression', status: 'passed' },
  ],
};
const windows = {
  dccTestingStart: '2026-11-23',
  dccTestingEnd: '2027-01-07',
  userTestingStart: '2027-01-15',
  userTestingEnd: '2027-02-11',
};

function stateOn(
  id: string,
  today: string,
  release: Partial<ReleaseForMilestones> = {},
): string | undefined {
  return releaseMilestones(policy, { ...february, ...release }, calendar, today, windows).find(
    (m) => m.id === id,
  )?.state;
}

const notice = releaseMilestones(policy, february, calendar, '2026-12-03', windows).find(
  (m) => m.id === 'notice_start',
)?.date as string;

describe('issue 13: a milestone is done only when its fact happened', () => {
  it('D10.8(b): on 3 December 2026 the February 2027 release has the notice start, DCC testing and User testing not done', () => {
    const milestones = releaseMilestones(policy, february, calendar, '2026-12-03', windows);
    const state = Object.fromEntries(milestones.map((m) => [m.id, m.state]));
    expect(notice > '2026-12-03').toBe(true);
    expect(state).toMatchObject({
      notice_start: 'upcoming',
      rid_approval: 'done',
      dcc_testing: 'in_progress',
      user_testing: 'upcoming',
      go_live: 'upcoming',
    });
  });

  it('D10.8(b): a scope baseline (a date the Policy sets) is upcoming on its day and done the day after', () => {
    expect(policyDateState('2026-08-25', '2026-08-24')).toBe('upcoming');
    expect(policyDateState('2026-08-25', '2026-08-25')).toBe('upcoming');
    expect(policyDateState('2026-08-25', '2026-08-26')).toBe('done');
  });

  it('D10.8(b): the change freeze is upcoming the day before it, in progress on its first and last days, done after', () => {
    expect(policyWindowState('2027-01-25', '2027-03-04', '2027-01-24')).toBe('upcoming');
    expect(policyWindowState('2027-01-25', '2027-03-04', '2027-01-25')).toBe('in_progress');
    expect(policyWindowState('2027-01-25', '2027-03-04', '2027-03-04')).toBe('in_progress');
    expect(policyWindowState('2027-01-25', '2027-03-04', '2027-03-05')).toBe('done');
  });

  it('D10.15, ruling 5: the RID must be approved before the notice period starts: upcoming the day before, late on the day, done once approved whatever the date', () => {
    const planned = { status: 'planned' as const };
    expect(stateOn('rid_approval', addDays(notice, -1), planned)).toBe('upcoming');
    expect(stateOn('rid_approval', notice, planned)).toBe('late');
    expect(stateOn('rid_approval', addDays(notice, -100), { status: 'rid_approved' })).toBe('done');
    expect(stateOn('rid_approval', addDays(notice, 1), { status: 'rid_approved' })).toBe('done');
  });

  it('D10.8(c): the notice period start is upcoming until its day has passed, even with a notice issued early; then done with a notice, late without', () => {
    const without = { noticeIssued: false };
    expect(stateOn('notice_start', addDays(notice, -1), without)).toBe('upcoming');
    expect(stateOn('notice_start', notice, without)).toBe('upcoming');
    expect(stateOn('notice_start', addDays(notice, 1), without)).toBe('late');
    expect(stateOn('notice_start', addDays(notice, -30))).toBe('upcoming');
    expect(stateOn('notice_start', notice)).toBe('upcoming');
    expect(stateOn('notice_start', addDays(notice, 1))).toBe('done');
  });

  it('D10.13(b), D10.16: DCC testing: upcoming until its first day, late the day after it with SIT not started, in progress while it runs, late after its last day unless passed', () => {
    const none: PhaseFact[] = [{ kind: 'dcc_sit', status: 'planned' }];
    expect(stateOn('dcc_testing', '2026-11-22', { phases: none, status: 'rid_approved' })).toBe(
      'upcoming',
    );
    expect(stateOn('dcc_testing', '2026-11-23', { phases: none, status: 'rid_approved' })).toBe(
      'upcoming',
    );
    expect(stateOn('dcc_testing', '2026-11-24', { phases: none, status: 'rid_approved' })).toBe(
      'late',
    );
    expect(stateOn('dcc_testing', '2026-11-24')).toBe('in_progress');
    expect(stateOn('dcc_testing', '2027-01-07')).toBe('in_progress');
    expect(stateOn('dcc_testing', '2027-01-08')).toBe('late');
    const passed: PhaseFact[] = [{ kind: 'dcc_sit', status: 'passed' }];
    expect(stateOn('dcc_testing', '2026-12-20', { phases: passed })).toBe('done');
    expect(stateOn('dcc_testing', '2027-01-08', { phases: passed })).toBe('done');
  });

  it('D10.16: a window is done only when every phase of its kind not cancelled has passed; a failed phase keeps it open', () => {
    const window = { from: '2027-01-15', until: '2027-02-11' };
    const on = (phases: PhaseFact[], today: string) =>
      testingWindowState('user_testing', window, { status: 'in_test', phases }, today);
    expect(on([], '2027-01-14')).toBe('upcoming');
    expect(on([], '2027-01-16')).toBe('late');
    expect(on([{ kind: 'user_testing', status: 'failed' }], '2027-01-20')).toBe('in_progress');
    expect(on([{ kind: 'user_testing', status: 'failed' }], '2027-02-12')).toBe('late');
    expect(
      on(
        [
          { kind: 'user_testing', status: 'passed' },
          { kind: 'user_testing', status: 'cancelled' },
        ],
        '2027-02-12',
      ),
    ).toBe('done');
    expect(
      on(
        [
          { kind: 'user_testing', status: 'passed' },
          { kind: 'user_testing', status: 'in_progress' },
        ],
        '2027-02-01',
      ),
    ).toBe('in_progress');
    expect(on([{ kind: 'dcc_sit', status: 'passed' }], '2027-02-12')).toBe('late');
  });

  it('D10.8(e): go-live is upcoming on its day, late the day after without the go-live decision, done once live', () => {
    expect(stateOn('go_live', '2027-02-25')).toBe('upcoming');
    expect(stateOn('go_live', '2027-02-26')).toBe('late');
    expect(stateOn('go_live', '2027-02-26', { status: 'live' })).toBe('done');
  });

  it('issue 13, D10.8(b): each milestone of the February 2027 release, computed for the release, on both sides of its dates', () => {
    // The scope baselines: dates the Policy sets, passed once their day is over.
    for (const id of ['dcc_scope', 'full_scope']) {
      const date = releaseMilestones(policy, february, calendar, '2026-12-03', windows).find(
        (m) => m.id === id,
      )?.date as string;
      expect([addDays(date, -1), date, addDays(date, 1)].map((day) => stateOn(id, day))).toEqual([
        'upcoming',
        'upcoming',
        'done',
      ]);
    }
    // User testing (15 January to 11 February 2027): its first day, its last day, and after.
    const planned: PhaseFact[] = [{ kind: 'user_testing', status: 'planned' }];
    const running: PhaseFact[] = [{ kind: 'user_testing', status: 'in_progress' }];
    const passed: PhaseFact[] = [{ kind: 'user_testing', status: 'passed' }];
    expect(
      ['2027-01-14', '2027-01-15', '2027-01-16'].map((day) =>
        stateOn('user_testing', day, { phases: planned }),
      ),
    ).toEqual(['upcoming', 'upcoming', 'late']);
    expect(
      ['2027-01-16', '2027-02-11', '2027-02-12'].map((day) =>
        stateOn('user_testing', day, { phases: running }),
      ),
    ).toEqual(['in_progress', 'in_progress', 'late']);
    expect(
      ['2027-02-11', '2027-02-12'].map((day) => stateOn('user_testing', day, { phases: passed })),
    ).toEqual(['done', 'done']);
    // Go-live (25 February 2027): not late until the day after it, done only once live.
    expect(
      ['2027-02-24', '2027-02-25', '2027-02-26'].map((day) => stateOn('go_live', day)),
    ).toEqual(['upcoming', 'upcoming', 'late']);
    expect(stateOn('go_live', '2027-02-24', { status: 'live' })).toBe('done');
  });

  it('D10.8(b): a live or cancelled release has nothing late: what it never recorded shows as not recorded', () => {
    for (const status of ['live', 'cancelled'] as ReleaseStatus[]) {
      expect(factState(false, '2026-01-01', status, '2027-06-01')).toBe('unrecorded');
      expect(stateOn('notice_start', '2027-06-01', { status, noticeIssued: false })).toBe(
        'unrecorded',
      );
      expect(stateOn('user_testing', '2027-06-01', { status })).toBe('unrecorded');
    }
    expect(stateOn('go_live', '2027-06-01', { status: 'cancelled' })).toBe('unrecorded');
    expect(factState(true, '2026-01-01', 'live', '2027-06-01')).toBe('done');
  });

  it('D10.8(b): each fact milestone says who must act and where', () => {
    const milestones = releaseMilestones(policy, february, calendar, '2026-12-03', windows);
    expect(
      Object.fromEntries(milestones.filter((m) => m.fact).map((m) => [m.id, m.fact?.actor])),
    ).toEqual({
      rid_approval: 'panel',
      notice_start: 'secas',
      dcc_testing: 'dcc',
      user_testing: 'dcc',
      go_live: 'panel',
    });
    expect(milestones.find((m) => m.id === 'dcc_scope')?.fact).toBeUndefined();
  });
});

describe('issue 13, D10.8(b): release health for the Panel', () => {
  it('late when a milestone is late, with what is late', () => {
    const milestones = releaseMilestones(policy, february, calendar, '2027-01-08', windows);
    const health = releaseHealth('in_test', milestones, '2027-01-08');
    expect(health.state).toBe('late');
    expect(health.late.map((m) => m.id)).toEqual(['dcc_testing']);
    const noNotice = releaseMilestones(
      policy,
      { ...february, noticeIssued: false },
      calendar,
      '2027-01-08',
      windows,
    );
    expect(releaseHealth('in_test', noNotice, '2027-01-08').late.map((m) => m.id)).toEqual([
      'dcc_testing',
      'notice_start',
    ]);
  });

  it(`at risk when a milestone waiting for its fact is due within ${String(AT_RISK_DAYS)} days; on track the day before that`, () => {
    const outside = addDays(notice, -(AT_RISK_DAYS + 1));
    const inside = addDays(notice, -AT_RISK_DAYS);
    const ready = {
      ...february,
      noticeIssued: false,
      phases: [{ kind: 'dcc_sit', status: 'passed' }],
    };
    const at = (today: string) =>
      releaseHealth('in_test', releaseMilestones(policy, ready, calendar, today, windows), today);
    expect(at(outside).state).toBe('on_track');
    expect(at(inside).state).toBe('at_risk');
    expect(at(inside).atRisk.map((m) => m.id)).toEqual(['notice_start']);
    // A notice issued early: nothing is waiting, so nothing is at risk.
    const issued = { ...ready, noticeIssued: true };
    expect(
      releaseHealth('in_test', releaseMilestones(policy, issued, calendar, inside, windows), inside)
        .state,
    ).toBe('on_track');
  });

  it('the next milestone is the first upcoming or in progress; live and cancelled releases say so', () => {
    const milestones = releaseMilestones(policy, february, calendar, '2026-12-03', windows);
    expect(releaseHealth('in_test', milestones, '2026-12-03').next?.id).toBe('dcc_testing');
    expect(releaseHealth('live', milestones, '2026-12-03').state).toBe('live');
    expect(releaseHealth('cancelled', milestones, '2026-12-03').state).toBe('cancelled');
  });
});

describe('issue 13, D10.8(b): the timeline chart', () => {
  const window = { from: '2026-12-01', to: '2028-12-01' };
  const milestones = releaseMilestones(policy, february, calendar, '2026-12-03', windows);
  const chart = timelineChart(
    [{ id: 7, name: 'February 2027 SEC Release', milestones }],
    window,
    '2026-12-03',
  );

  it('places a release as a row: dates as points, windows as bars clipped to the window, go-live as its own shape', () => {
    const [row] = chart.rows;
    expect(row?.shapes.map((s) => [s.name, s.kind, s.state])).toEqual([
      ['DCC testing (RID)', 'bar', 'in_progress'],
      ['RID approved', 'point', 'done'],
      ['Notice period starts', 'point', 'upcoming'],
      ['User testing (RID)', 'bar', 'upcoming'],
      ['Go-live', 'go_live', 'upcoming'],
    ]);
    const dcc = row?.shapes[0];
    // Starts before the window (23 November): clipped to its left edge.
    expect(dcc?.x).toBe(chart.plotLeft);
    expect(dcc?.width).toBeGreaterThan(0);
  });

  it('marks today and the first of each month on the axis, quarters labelled', () => {
    expect(chart.ticks).toHaveLength(24);
    expect(chart.ticks[0]).toMatchObject({ x: chart.plotLeft, month: '2026-12-01', label: '' });
    expect(chart.ticks[1]).toMatchObject({ month: '2027-01-01', label: 'January 2027' });
    expect(chart.today).toBeGreaterThan(chart.plotLeft);
    expect(chart.today).toBeLessThan(chart.ticks[1]?.x ?? 0);
  });
});
