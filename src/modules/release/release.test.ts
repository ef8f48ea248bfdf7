import { describe, expect, it } from 'vitest';
import { createCalendar } from '../../calendar/index.ts';
import { DEFAULT_MECHANISMS } from '../policy/policy-defaults.ts';
import { releaseMilestones } from './release-milestones.ts';
import {
  canMoveRelease,
  checkCancellation,
  checkPlanningYear,
  checkDeferral,
  checkHandSet,
  checkPanelDecision,
  checkNewRelease,
  checkStatusDecision,
  statusAfterFact,
  planStandardReleases,
  RELEASE_STATUSES,
  standardReleaseName,
} from './release.ts';
import { buildTimeline, timelineWindow } from './release-timeline.ts';

const calendar = createCalendar('england-and-wales');
const policy = { mechanisms: DEFAULT_MECHANISMS };

describe('the release lifecycle', () => {
  it('Ruling 16: the statuses are those the facts give (planned, RID approved, in test, live) and the Panel’s cancellation; no scoped, go-live decision or closed', () => {
    expect(RELEASE_STATUSES).toEqual(['planned', 'rid_approved', 'in_test', 'live', 'cancelled']);
  });

  it('D10.8(b), ruling 16: planned → RID approved → in test → live, forward only', () => {
    const path = ['planned', 'rid_approved', 'in_test', 'live'] as const;
    for (let i = 0; i + 1 < path.length; i += 1) {
      const from = path[i] ?? 'planned';
      expect(canMoveRelease(from, path[i + 1] ?? 'live')).toBe(true);
    }
    expect(canMoveRelease('planned', 'in_test')).toBe(false);
    expect(canMoveRelease('rid_approved', 'planned')).toBe(false);
    expect(canMoveRelease('live', 'in_test')).toBe(false);
  });

  it('D10.8(b): any status before live may be cancelled; live and cancelled may not', () => {
    const cancellable = RELEASE_STATUSES.filter((s) => canMoveRelease(s, 'cancelled'));
    expect(cancellable).toEqual(['planned', 'rid_approved', 'in_test']);
  });

  it('A-REL, ruling 16: the Panel cancels a release not yet live and holding no part', () => {
    const release = { name: 'June 2027 SEC Release', status: 'planned' as const };
    expect(checkCancellation(release, 0)).toBeNull();
    expect(checkCancellation(release, 2)?.message).toMatch(/de-scope/);
    expect(checkCancellation({ ...release, status: 'live' }, 0)?.code).toBe('invalid_transition');
  });
});

describe('ruling 16: release status follows facts', () => {
  it('Ruling 16: RID approved, DCC SIT started and the go-live decision move a release forward only', () => {
    expect(statusAfterFact('planned', 'rid_approved')).toBe('rid_approved');
    expect(statusAfterFact('in_test', 'rid_approved')).toBe('in_test');
    expect(statusAfterFact('rid_approved', 'sit_started')).toBe('in_test');
    expect(statusAfterFact('live', 'sit_started')).toBe('live');
    expect(statusAfterFact('in_test', 'went_live')).toBe('live');
    expect(statusAfterFact('cancelled', 'sit_started')).toBe('cancelled');
    expect(statusAfterFact('cancelled', 'went_live')).toBe('cancelled');
  });

  it('Ruling 16: only cancelled and deferred are set by hand; every other status is refused', () => {
    expect(checkHandSet('cancelled')).toBeNull();
    expect(checkHandSet('deferred')).toBeNull();
    for (const to of RELEASE_STATUSES.filter((s) => s !== 'cancelled'))
      expect(checkHandSet(to)).toMatchObject({ code: 'status_follows_facts', field: 'to' });
    expect(checkHandSet('in_test')?.message).toContain('DCC System Integration Testing');
    expect(checkHandSet('live')?.message).toContain('record the go-live decision instead');
  });

  it('Ruling 16: a hand-set status is a Panel decision at a meeting held, with reasons', () => {
    expect(checkStatusDecision({ reasons: 'Costs' }, '2026-11-20', '2026-11-27')).toBeNull();
    expect(checkStatusDecision({ reasons: 'Costs' }, undefined, '2026-11-27')?.field).toBe(
      'meetingId',
    );
    expect(checkStatusDecision({ reasons: 'Costs' }, '2026-12-01', '2026-11-27')?.field).toBe(
      'meetingId',
    );
    expect(checkStatusDecision({ reasons: ' ' }, '2026-11-20', '2026-11-27')?.field).toBe(
      'reasons',
    );
  });

  it('Rulings 16 and 10: a deferral moves a release not yet live to a later go-live date', () => {
    const release = { name: 'June 2027 SEC Release', status: 'rid_approved' as const };
    const goLive = '2027-06-24';
    expect(checkDeferral({ ...release, goLive }, '2027-11-04')).toBeNull();
    expect(checkDeferral({ ...release, goLive }, '2027-06-24')?.field).toBe('deferredTo');
    expect(checkDeferral({ ...release, goLive }, '2027-13-01')?.field).toBe('deferredTo');
    expect(checkDeferral({ ...release, status: 'live', goLive }, '2027-11-04')?.code).toBe(
      'invalid_transition',
    );
  });
});

describe('standard and ad-hoc releases', () => {
  it('ruling 6: standard releases are named after their go-live month', () => {
    expect(standardReleaseName('2027-11-04')).toBe('November 2027 SEC Release');
    expect(standardReleaseName('2027-02-25')).toBe('February 2027 SEC Release');
  });

  it('D10.8(a), ruling 6: the standard releases of 2027 go live on the Policy’s Thursdays', () => {
    const plan = planStandardReleases(policy, 2027, calendar, new Set());
    expect(plan.create).toEqual([
      {
        name: 'February 2027 SEC Release',
        releaseType: 'february',
        goLive: '2027-02-25',
        dccImpacting: false,
      },
      {
        name: 'June 2027 SEC Release',
        releaseType: 'june',
        goLive: '2027-06-24',
        dccImpacting: true,
      },
      {
        name: 'November 2027 SEC Release',
        releaseType: 'november',
        goLive: '2027-11-04',
        dccImpacting: true,
      },
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('ruling 6: a release whose name exists is skipped, the others are planned', () => {
    const plan = planStandardReleases(policy, 2027, calendar, new Set(['June 2027 SEC Release']));
    expect(plan.create.map((r) => r.releaseType)).toEqual(['february', 'november']);
    expect(plan.skipped.map((r) => r.name)).toEqual(['June 2027 SEC Release']);
  });

  it('ruling 7: an ad-hoc release needs a Policy in force, a name, a known type and a real future date', () => {
    const ok = {
      name: 'July 2022 SEC Release (MP200)',
      releaseType: 'ad_hoc',
      goLive: '2022-07-18',
    };
    expect(checkNewRelease(policy, ok, '2022-06-01')).toBeNull();
    expect(checkNewRelease(undefined, ok, '2022-06-01')?.field).toBe('releaseType');
    expect(checkNewRelease(policy, { ...ok, name: ' ' }, '2022-06-01')?.field).toBe('name');
    expect(checkNewRelease(policy, { ...ok, releaseType: 'march' }, '2022-06-01')?.field).toBe(
      'releaseType',
    );
    expect(checkNewRelease(policy, { ...ok, goLive: '2022-02-30' }, '2022-01-01')?.field).toBe(
      'goLive',
    );
    expect(checkNewRelease(policy, ok, '2022-07-19')?.field).toBe('goLive');
  });
});

describe('Panel decisions on a release’s scope', () => {
  it('D10.8(a), ruling 13: a Panel decision is dated the day of the meeting that took it', () => {
    expect(checkPanelDecision({}, '2026-11-26')).toBeNull();
    expect(checkPanelDecision({ decidedOn: '' }, '2026-11-26')).toBeNull();
    expect(checkPanelDecision({ decidedOn: '2026-11-26' }, '2026-11-26')).toBeNull();
    expect(checkPanelDecision({ decidedOn: '2026-11-25' }, '2026-11-26')).toMatchObject({
      code: 'validation_failed',
      field: 'decidedOn',
    });
  });
});

describe('milestones and the timeline', () => {
  const november = { releaseType: 'november', goLive: '2027-11-04', status: 'planned' as const };

  it('D10.8(b): baselines, the RID approval and notice start, and go-live come from the governing Policy, in date order', () => {
    const milestones = releaseMilestones(policy, november, calendar, '2026-11-27');
    expect(milestones.map((m) => [m.id, m.date, m.state])).toEqual([
      ['dcc_scope', '2026-11-04', 'done'],
      ['full_scope', '2027-05-04', 'upcoming'],
      ['rid_approval', '2027-08-04', 'upcoming'],
      ['notice_start', '2027-08-04', 'upcoming'],
      ['go_live', '2027-11-04', 'upcoming'],
    ]);
  });

  it('D10.8(b): the change freeze shows only when the Policy has one', () => {
    const withFreeze = {
      mechanisms: {
        ...DEFAULT_MECHANISMS,
        notice: {
          ...DEFAULT_MECHANISMS.notice,
          changeFreeze: { startsMonthsBeforeGoLive: 1, endsDaysAfterGoLive: 7 },
        },
      },
    };
    const freeze = releaseMilestones(withFreeze, november, calendar, '2026-11-27').find(
      (m) => m.id === 'change_freeze',
    );
    expect(freeze).toMatchObject({ date: '2027-10-04', until: '2027-11-11' });
    expect(
      releaseMilestones(policy, november, calendar, '2026-11-27').map((m) => m.id),
    ).not.toContain('change_freeze');
  });

  it('D10.13(b): the approved RID adds its DCC and User testing windows; without one there are none', () => {
    const windows = {
      dccTestingStart: '2027-06-01',
      dccTestingEnd: '2027-07-30',
      userTestingStart: '2027-08-02',
      userTestingEnd: '2027-09-24',
    };
    const ids = releaseMilestones(policy, november, calendar, '2026-11-27', windows).map(
      (m) => m.id,
    );
    expect(ids).toContain('dcc_testing');
    expect(ids).toContain('user_testing');
    expect(
      releaseMilestones(policy, november, calendar, '2026-11-27', null).map((m) => m.id),
    ).not.toContain('dcc_testing');
  });

  it('D10.8(b): the timeline groups the next two years of milestones by month', () => {
    const window = timelineWindow('2026-11-27');
    expect(window).toEqual({ from: '2026-11-01', to: '2028-11-01' });
    const milestones = releaseMilestones(policy, november, calendar, '2026-11-27');
    const months = buildTimeline(
      [{ id: 3, name: 'November 2027 SEC Release', milestones }],
      window,
    );
    expect(months.map((m) => m.month)).toEqual(['2026-11', '2027-05', '2027-08', '2027-11']);
    expect(months.at(-1)?.entries[0]).toMatchObject({ isGoLive: true, releaseId: 3 });
  });
});

describe('Ruling 14: standard releases are created at most 3 years ahead', () => {
  it('accepts this year and the next three; refuses a past year and one further ahead', () => {
    expect(checkPlanningYear(2026, '2026-12-03')).toBeNull();
    expect(checkPlanningYear(2029, '2026-12-03')).toBeNull();
    expect(checkPlanningYear(2030, '2026-12-03')).toEqual({
      code: 'validation_failed',
      field: 'year',
      message: 'Give a year from 2026 to 2029',
    });
    expect(checkPlanningYear(2025, '2026-12-03')?.field).toBe('year');
    expect(checkPlanningYear(2100, '2026-12-03')?.code).toBe('validation_failed');
  });

  it('a release of a standard type created one by one is held to the same limit; an ad-hoc one is not', () => {
    const november = { name: 'November 2029 SEC Release', releaseType: 'november' };
    expect(checkNewRelease(policy, { ...november, goLive: '2029-11-01' }, '2026-12-03')).toBeNull();
    expect(checkNewRelease(policy, { ...november, goLive: '2030-11-07' }, '2026-12-03')).toEqual({
      code: 'validation_failed',
      field: 'goLive',
      message:
        'A standard release is created at most 3 years ahead: give a go-live date in 2029 or earlier (ruling 14)',
    });
    expect(
      checkNewRelease(policy, { ...november, goLive: '2099-11-05' }, '2026-12-03')?.field,
    ).toBe('goLive');
    const adHoc = { name: 'An ALV release', releaseType: 'ad_hoc', goLive: '2031-03-06' };
    expect(checkNewRelease(policy, adHoc, '2026-12-03')).toBeNull();
  });
});
