import { describe, expect, it } from 'vitest';
import {
  allocationsOutOfStep,
  approvalEffects,
  changeMode,
  checkContentUnfrozen,
  scopeDifference,
  type ScopeFacts,
  type ScopePart,
} from './allocation-scope.ts';

const part = (
  id: number,
  overrides: Partial<ScopePart> = {},
): ScopePart & { reference: string } => ({
  id,
  modificationId: id,
  part: 'whole',
  pendingChange: null,
  descopedAt: null,
  implementedAt: null,
  reference: `MP${100 + id}`,
  ...overrides,
});

describe('Ruling 15: release content after the RID is approved (D10.13(a), D10.15)', () => {
  const facts: ScopeFacts = {
    approvedRidNumber: null,
    freezeDate: '2027-08-05',
    today: '2027-01-10',
    overrideOpen: false,
  };

  it('Ruling 15: changes apply at once before any approval, and are pending after it', () => {
    expect(changeMode(facts)).toBe('direct');
    expect(changeMode({ approvedRidNumber: 1 })).toBe('pending');
  });

  it('D10.15, ruling 15: from the freeze date (inclusive) a change is refused with the date, unless an override is open', () => {
    expect(checkContentUnfrozen({ ...facts, today: '2027-08-04' }, 'R', 'releaseId')).toBeNull();
    const refusal = checkContentUnfrozen({ ...facts, today: '2027-08-05' }, 'R', 'releaseId');
    expect(refusal).toMatchObject({ code: 'rid_frozen', freezeDate: '2027-08-05' });
    expect(refusal?.message).toContain('Thursday 5 August 2027');
    expect(
      checkContentUnfrozen({ ...facts, today: '2027-09-01', overrideOpen: true }, 'R', 'x'),
    ).toBeNull();
    expect(checkContentUnfrozen({ ...facts, freezeDate: undefined }, 'R', 'x')).toBeNull();
  });

  it('Ruling 15: an approved version applies the pending changes it carries and holds what it does not list', () => {
    const parts = [
      part(1),
      part(2, { pendingChange: 'addition' }),
      part(3, { pendingChange: 'addition' }),
      part(4, { pendingChange: 'removal' }),
      part(5, { pendingChange: 'removal' }),
      part(6),
      part(7, { descopedAt: new Date('2027-01-01T00:00:00Z') }),
      part(8, { implementedAt: new Date('2027-01-01T00:00:00Z') }),
    ];
    const content = [1, 2, 5, 8].map((id) => ({ modificationId: id, part: 'whole' }));
    expect(approvalEffects(parts, content)).toEqual([
      { allocationId: 2, effect: 'addition_applied' },
      { allocationId: 4, effect: 'removal_applied' },
      { allocationId: 6, effect: 'addition_held' },
    ]);
  });

  it('Ruling 15: the difference between the scope and the approved RID, pending or not', () => {
    expect(scopeDifference([part(1)], null)).toEqual({
      approvedRidNumber: null,
      additions: [],
      removals: [],
    });
    const approved = {
      number: 2,
      content: [1, 3, 9].map((id) => ({
        modificationId: id,
        part: 'whole',
        reference: `MP${100 + id}`,
      })),
    };
    const difference = scopeDifference(
      [part(1), part(2, { pendingChange: 'addition' }), part(3, { pendingChange: 'removal' })],
      approved,
    );
    expect(difference.approvedRidNumber).toBe(2);
    expect(difference.additions.map((d) => [d.reference, d.pending])).toEqual([['MP102', true]]);
    expect(difference.removals.map((d) => [d.reference, d.pending, d.allocationId])).toEqual([
      ['MP103', true, 3],
      ['MP109', false, null],
    ]);
  });
});

describe('Ruling 17: allocations in step with the implementation date', () => {
  it('Ruling 17: lists the allocations out of step, with the problem', () => {
    const parts = [
      {
        allocationId: 1,
        releaseId: 1,
        releaseName: 'June',
        goLive: '2027-06-24',
        modificationId: 1,
        reference: 'MP1',
        part: 'whole',
      },
      {
        allocationId: 2,
        releaseId: 2,
        releaseName: 'November',
        goLive: '2027-11-04',
        modificationId: 2,
        reference: 'MP2',
        part: 'whole',
      },
      {
        allocationId: 3,
        releaseId: 2,
        releaseName: 'November',
        goLive: '2027-11-04',
        modificationId: 3,
        reference: 'MP3',
        part: 'whole',
      },
    ];
    const standings = [
      { modificationId: 1, implementationDate: '2027-11-04', directed: true, requested: false },
      { modificationId: 2, implementationDate: '2027-06-24', directed: false, requested: false },
      { modificationId: 3, implementationDate: null, directed: false, requested: false },
    ];
    expect(
      allocationsOutOfStep(parts, standings).map((p) => [p.reference, p.problem.code]),
    ).toEqual([
      ['MP1', 'before_directed_date'],
      ['MP2', 'timetable_request_required'],
    ]);
  });
});
