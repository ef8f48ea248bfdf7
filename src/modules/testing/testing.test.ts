import { describe, expect, it } from 'vitest';
import {
  canMovePhase,
  checkPhasePlan,
  checkPhaseResults,
  checkUnderTest,
  hasSitStarted,
  phaseLateness,
  phasesFromRid,
  TEST_PHASE_STATUSES,
  type PhaseResults,
  type TestPhaseStatus,
} from './testing.ts';

describe('D10.16: test phases against the approved RID', () => {
  const results = (over: Partial<PhaseResults> = {}): PhaseResults => ({
    status: 'in_progress',
    actualStart: '2026-10-05',
    actualEnd: null,
    testsPassed: 412,
    testsFailed: 9,
    defects: { critical: 0, high: 2, medium: 5, low: 11 },
    notes: '',
    ...over,
  });

  it('D10.13(b), D10.16: the RID’s two testing windows give the DCC SIT and User testing phases', () => {
    expect(
      phasesFromRid({
        dccTestingStart: '2026-10-01',
        dccTestingEnd: '2026-12-18',
        userTestingStart: '2027-01-04',
        userTestingEnd: '2027-02-05',
        milestones: [],
        notes: '',
      }),
    ).toEqual([
      {
        name: 'DCC System Integration Testing',
        kind: 'dcc_sit',
        plannedStart: '2026-10-01',
        plannedEnd: '2026-12-18',
      },
      {
        name: 'User testing',
        kind: 'user_testing',
        plannedStart: '2027-01-04',
        plannedEnd: '2027-02-05',
      },
    ]);
    expect(
      phasesFromRid({
        dccTestingStart: '2026-10-01',
        dccTestingEnd: null,
        userTestingStart: null,
        userTestingEnd: null,
        milestones: [],
        notes: '',
      }),
    ).toMatchObject({ code: 'rid_incomplete' });
  });

  const moves: [TestPhaseStatus, TestPhaseStatus, boolean][] = [
    ['planned', 'in_progress', true],
    ['planned', 'cancelled', true],
    ['planned', 'passed', false],
    ['planned', 'failed', false],
    ['in_progress', 'passed', true],
    ['in_progress', 'failed', true],
    ['in_progress', 'cancelled', true],
    ['in_progress', 'planned', false],
    ['failed', 'in_progress', true],
    ['failed', 'passed', false],
    ['passed', 'failed', false],
    ['passed', 'in_progress', false],
    ['cancelled', 'in_progress', false],
    ['cancelled', 'planned', false],
  ];
  it.each(moves)('D10.16: a phase moves from %s to %s: %s', (from, to, allowed) => {
    expect(canMovePhase(from, to)).toBe(allowed);
  });

  it('D10.16: a phase may always stay in its status (more results recorded)', () => {
    for (const status of TEST_PHASE_STATUSES) expect(canMovePhase(status, status)).toBe(true);
  });

  it('D10.16: results with a sensible move, dates in order and whole counts are accepted', () => {
    expect(checkPhaseResults('planned', results(), '2026-11-27')).toBeNull();
    expect(
      checkPhaseResults(
        'in_progress',
        results({ status: 'passed', actualEnd: '2026-11-20' }),
        '2026-11-27',
      ),
    ).toBeNull();
    expect(
      checkPhaseResults(
        'planned',
        results({ status: 'cancelled', actualStart: null }),
        '2026-11-27',
      ),
    ).toBeNull();
  });

  const refusals: [string, TestPhaseStatus, Partial<PhaseResults>, string, string][] = [
    [
      'passed straight from planned',
      'planned',
      { status: 'passed', actualEnd: '2026-11-20' },
      'status',
      'invalid_transition',
    ],
    ['an unknown status', 'planned', { status: 'done' }, 'status', 'validation_failed'],
    [
      'end before start',
      'in_progress',
      { status: 'passed', actualEnd: '2026-10-01' },
      'actualEnd',
      'validation_failed',
    ],
    [
      'a start in the future',
      'planned',
      { actualStart: '2026-11-28' },
      'actualStart',
      'validation_failed',
    ],
    [
      'a date that is not real',
      'planned',
      { actualStart: '2026-02-30' },
      'actualStart',
      'validation_failed',
    ],
    [
      'in progress without a start',
      'planned',
      { actualStart: null },
      'actualStart',
      'validation_failed',
    ],
    [
      'passed without an end',
      'in_progress',
      { status: 'passed' },
      'actualEnd',
      'validation_failed',
    ],
    [
      'an end without a start',
      'planned',
      { status: 'cancelled', actualStart: null, actualEnd: '2026-10-05' },
      'actualStart',
      'validation_failed',
    ],
    ['negative tests passed', 'planned', { testsPassed: -1 }, 'testsPassed', 'validation_failed'],
    [
      'fractional tests failed',
      'planned',
      { testsFailed: 1.5 },
      'testsFailed',
      'validation_failed',
    ],
    [
      'negative high defects',
      'planned',
      { defects: { critical: 0, high: -2, medium: 0, low: 0 } },
      'defects.high',
      'validation_failed',
    ],
    ['an unknown severity', 'planned', { defects: { blocker: 1 } }, 'defects', 'validation_failed'],
  ];
  it.each(refusals)('D10.16: %s is refused', (_name, from, over, field, code) => {
    expect(checkPhaseResults(from, results(over), '2026-11-27')).toMatchObject({ field, code });
  });

  it('D10.16: an added phase is regression, performance or other with planned dates in order', () => {
    const plan = {
      name: 'Regression',
      kind: 'regression',
      plannedStart: '2026-11-02',
      plannedEnd: '2026-11-13',
    };
    expect(checkPhasePlan(plan)).toBeNull();
    expect(checkPhasePlan({ ...plan, kind: 'dcc_sit' })).toMatchObject({ field: 'kind' });
    expect(checkPhasePlan({ ...plan, plannedEnd: '2026-11-01' })).toMatchObject({
      field: 'plannedEnd',
    });
    expect(checkPhasePlan({ ...plan, name: ' ' })).toMatchObject({ field: 'name' });
  });

  const late: [string, Parameters<typeof phaseLateness>[0], string, string[]][] = [
    [
      'on plan',
      {
        status: 'passed',
        plannedStart: '2026-10-01',
        plannedEnd: '2026-10-31',
        actualStart: '2026-10-01',
        actualEnd: '2026-10-30',
      },
      '2026-11-27',
      [],
    ],
    [
      'started late',
      {
        status: 'in_progress',
        plannedStart: '2026-10-01',
        plannedEnd: '2026-12-31',
        actualStart: '2026-10-05',
        actualEnd: null,
      },
      '2026-11-27',
      ['started after its planned start'],
    ],
    [
      'ended late',
      {
        status: 'passed',
        plannedStart: '2026-10-01',
        plannedEnd: '2026-10-31',
        actualStart: '2026-10-01',
        actualEnd: '2026-11-02',
      },
      '2026-11-27',
      ['ended after its planned end'],
    ],
    [
      'not started though the planned start passed',
      {
        status: 'planned',
        plannedStart: '2026-11-20',
        plannedEnd: '2026-12-31',
        actualStart: null,
        actualEnd: null,
      },
      '2026-11-27',
      ['not started though its planned start has passed'],
    ],
    [
      'not late on its planned start day',
      {
        status: 'planned',
        plannedStart: '2026-11-27',
        plannedEnd: '2026-12-31',
        actualStart: null,
        actualEnd: null,
      },
      '2026-11-27',
      [],
    ],
    [
      'still running after its planned end',
      {
        status: 'in_progress',
        plannedStart: '2026-10-01',
        plannedEnd: '2026-11-20',
        actualStart: '2026-10-01',
        actualEnd: null,
      },
      '2026-11-27',
      ['not ended though its planned end has passed'],
    ],
    [
      'cancelled is never late',
      {
        status: 'cancelled',
        plannedStart: '2026-10-01',
        plannedEnd: '2026-10-31',
        actualStart: null,
        actualEnd: null,
      },
      '2026-11-27',
      [],
    ],
  ];
  it.each(late)('D10.16: a phase %s', (_name, phase, today, reasons) => {
    expect(phaseLateness(phase, today)).toEqual(reasons);
  });
});

describe('D10.16: testing records change only for a release going ahead with an approved RID', () => {
  const release = { name: 'June 2027 SEC Release', status: 'in_test' };
  it('D10.16: a release going ahead with an approved RID is under test', () => {
    expect(checkUnderTest(release, true)).toBeNull();
  });
  it.each(['closed', 'cancelled'])(
    'D10.16: a %s release’s records can no longer change',
    (status) => {
      expect(checkUnderTest({ ...release, status }, true)).toEqual({
        code: 'invalid_transition',
        message: `June 2027 SEC Release is ${status}: its testing records can no longer change`,
      });
    },
  );
  it('D10.16: without an approved RID the Panel must approve it first', () => {
    expect(checkUnderTest(release, false)?.code).toBe('rid_not_approved');
    expect(checkUnderTest({ ...release, status: 'closed' }, false)?.code).toBe(
      'invalid_transition',
    );
  });
});

describe('ruling 16: DCC SIT starting puts the release in test', () => {
  it('Ruling 16, D10.16: SIT has started once a DCC SIT phase is in progress or has a result', () => {
    expect(hasSitStarted({ kind: 'dcc_sit', status: 'planned' })).toBe(false);
    expect(hasSitStarted({ kind: 'dcc_sit', status: 'in_progress' })).toBe(true);
    expect(hasSitStarted({ kind: 'dcc_sit', status: 'passed' })).toBe(true);
    expect(hasSitStarted({ kind: 'dcc_sit', status: 'failed' })).toBe(true);
    expect(hasSitStarted({ kind: 'dcc_sit', status: 'cancelled' })).toBe(false);
    expect(hasSitStarted({ kind: 'regression', status: 'in_progress' })).toBe(false);
    expect(hasSitStarted({ kind: 'user_testing', status: 'in_progress' })).toBe(false);
  });
});
