import { describe, expect, it } from 'vitest';
import {
  challengeProblem,
  daysBetween,
  implementationDateProblem,
  isRequestOutstanding,
  moveDueDates,
  outOfStep,
  timetableAmendmentRefusal,
} from './timetable.ts';

describe('implementation timetables (D6.8(c), D10.5, D10.6)', () => {
  it('D6.8(c) Path 1 / ALV timetable cannot be amended', () => {
    for (const path of ['path1', 'alv'] as const) {
      const refusal = timetableAmendmentRefusal({ path, status: 'refinement', reference: 'MP200' });
      expect(refusal?.code).toBe('path1_timetable_fixed');
      expect(refusal?.message).toContain('MP200');
    }
  });

  it('D6.8(c): other paths are amended during refinement only', () => {
    for (const path of ['path2', 'path3', 'fast_track'] as const) {
      expect(
        timetableAmendmentRefusal({ path, status: 'refinement', reference: 'MP109' }),
      ).toBeNull();
      expect(
        timetableAmendmentRefusal({ path, status: 'modification_proposal', reference: 'MP109' }),
      ).toBeNull();
      expect(
        timetableAmendmentRefusal({ path, status: 'report_phase', reference: 'MP109' }),
      ).toMatchObject({
        code: 'invalid_transition',
      });
    }
  });

  it('D10.5 a direction replaces the timetable and moves the open actions', () => {
    const actions = [
      { id: 1, status: 'open' as const, dueDate: '2026-12-10' },
      { id: 2, status: 'done' as const, dueDate: '2026-11-20' },
      { id: 3, status: 'open' as const, dueDate: '2027-02-01' },
    ];
    // 25 February → 24 June 2027 is 119 days.
    expect(daysBetween('2027-02-25', '2027-06-24')).toBe(119);
    expect(moveDueDates(actions, '2027-02-25', '2027-06-24')).toEqual([
      { id: 1, from: '2026-12-10', to: '2027-04-08' },
      { id: 3, from: '2027-02-01', to: '2027-05-31' },
    ]);
    // An earlier direction moves the open actions earlier by the same number of days.
    expect(moveDueDates(actions, '2027-06-24', '2027-06-14')).toEqual([
      { id: 1, from: '2026-12-10', to: '2026-11-30' },
      { id: 3, from: '2027-02-01', to: '2027-01-22' },
    ]);
    expect(moveDueDates(actions, '2027-06-24', '2027-06-24')).toEqual([]);
    expect(moveDueDates(actions, null, '2027-06-24')).toEqual([]);
  });

  it('D10.5: a new implementation date is a real date after today', () => {
    expect(implementationDateProblem('2026-11-28', '2026-11-27')).toBeNull();
    expect(implementationDateProblem('2026-11-27', '2026-11-27')).toMatch(/after today/);
    expect(implementationDateProblem('2027-02-29', '2026-11-27')).toMatch(/YYYY-MM-DD/);
  });

  it('D10.6: only an approval by the Authority of a modification being implemented can be challenged here', () => {
    expect(
      challengeProblem({ reference: 'MP200', status: 'approved', approvedBy: 'authority' }),
    ).toBeNull();
    expect(
      challengeProblem({ reference: 'MP200', status: 'allocated', approvedBy: 'authority' }),
    ).toBeNull();
    expect(
      challengeProblem({ reference: 'MP109', status: 'approved', approvedBy: 'change_board' }),
    ).toMatch(/not approved by the Authority/);
    expect(
      challengeProblem({ reference: 'MP200', status: 'implemented', approvedBy: 'authority' }),
    ).toMatch(/Implemented/);
  });

  it('D10.6: when the Panel decides delay is appropriate, the request is outstanding until one linked to the challenge exists', () => {
    const challenge = { id: 7, delayAppropriate: true };
    expect(isRequestOutstanding(challenge, [])).toBe(true);
    expect(isRequestOutstanding(challenge, [{ challengeId: null }, { challengeId: 8 }])).toBe(true);
    expect(isRequestOutstanding(challenge, [{ challengeId: 7 }])).toBe(false);
    expect(isRequestOutstanding({ id: 7, delayAppropriate: false }, [])).toBe(false);
    expect(isRequestOutstanding({ id: 7, delayAppropriate: null }, [])).toBe(false);
  });
});

describe('Ruling 17: dates in step (D10.3, D10.5(b))', () => {
  const november = { name: 'November 2027 SEC Release', goLive: '2027-11-04' };
  const june = { name: 'June 2027 SEC Release', goLive: '2027-06-24' };
  const decided = { implementationDate: '2027-06-24', directed: false, requested: false };

  it('Ruling 17: a release going live after the implementation date needs a D10.5 request first', () => {
    expect(outOfStep('MP123', decided, november)).toMatchObject({
      code: 'timetable_request_required',
    });
    expect(outOfStep('MP123', decided, november)?.message).toContain('24 June 2027');
    expect(outOfStep('MP123', { ...decided, requested: true }, november)).toBeNull();
  });

  it('Ruling 17: a release on or before an implementation date that was not directed is in step', () => {
    expect(outOfStep('MP123', decided, june)).toBeNull();
    expect(outOfStep('MP123', decided, { name: 'Feb', goLive: '2027-02-25' })).toBeNull();
  });

  it('Ruling 17: a release before a date the Authority directed is out of step, even with a request', () => {
    const directed = { implementationDate: '2027-11-04', directed: true, requested: true };
    expect(outOfStep('MP123', directed, june)).toMatchObject({ code: 'before_directed_date' });
    expect(outOfStep('MP123', directed, november)).toBeNull();
  });

  it('Ruling 17: with no implementation timetable there is no date to keep to', () => {
    expect(
      outOfStep('MP123', { implementationDate: null, directed: false, requested: false }, june),
    ).toBeNull();
  });
});
