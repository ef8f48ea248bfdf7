import { describe, expect, it } from 'vitest';
import { DEFAULT_MECHANISMS } from '../policy/policy-defaults.ts';
import {
  canBeAllocated,
  checkAllocatable,
  checkDescopable,
  checkExceptionDecision,
  checkPart,
  checkPartFree,
  passedBaseline,
} from './allocation.ts';

const policy = { mechanisms: DEFAULT_MECHANISMS };

describe('allocation', () => {
  it('D10.7, A-REL: only approved modifications (or ones already allocated in part) can be allocated', () => {
    expect(canBeAllocated('approved')).toBe(true);
    expect(canBeAllocated('allocated')).toBe(true);
    for (const status of ['implemented', 'rejected', 'refinement', 'withdrawn'] as const)
      expect(canBeAllocated(status)).toBe(false);
  });

  it('D10.8(a): a part is a lower-case label such as documents or functionality', () => {
    expect(checkPart('whole')).toBeNull();
    expect(checkPart('documents')).toBeNull();
    expect(checkPart('Functionality!')?.field).toBe('part');
  });

  it('D10.8(a)(b): a DCC-impacting part is held by the 12-month baseline, any part by the 6-month one', () => {
    // November 2027 goes live 4 Nov 2027: DCC scope baselined 4 Nov 2026, full scope 4 May 2027.
    expect(passedBaseline(policy, '2027-11-04', true, '2026-11-03')).toBeNull();
    expect(passedBaseline(policy, '2027-11-04', true, '2026-11-04')).toEqual({
      id: 'dcc_scope',
      name: 'DCC-impacting scope baselined',
      date: '2026-11-04',
    });
    expect(passedBaseline(policy, '2027-11-04', false, '2026-11-27')).toBeNull();
    expect(passedBaseline(policy, '2027-11-04', false, '2027-05-04')?.id).toBe('full_scope');
    expect(passedBaseline(policy, '2027-11-04', true, '2027-06-01')?.id).toBe('dcc_scope');
  });

  it('D10.7: a DCC-impacting part goes only to a release that may carry changes to DCC Systems', () => {
    const release = { name: 'November 2027 SEC Release', dcc_impacting: false };
    const approved = { reference: 'MP101', status: 'approved' as const };
    expect(checkAllocatable(approved, release, false)).toBeNull();
    expect(checkAllocatable(approved, release, true)?.field).toBe('dccImpacting');
    expect(checkAllocatable({ ...approved, status: 'refinement' }, release, false)?.code).toBe(
      'not_approved',
    );
  });

  it('D10.7: a part is allocated once, and a whole modification and its parts never both', () => {
    const live = [{ part: 'documents', releaseName: 'February 2027 SEC Release' }];
    expect(checkPartFree(live, 'functionality', 'MP101')).toBeNull();
    expect(checkPartFree(live, 'documents', 'MP101')?.message).toBe(
      'The documents part of MP101 is already allocated to February 2027 SEC Release',
    );
    expect(checkPartFree(live, 'whole', 'MP101')?.code).toBe('already_exists');
    expect(checkPartFree([], 'whole', 'MP101')).toBeNull();
  });

  it('D10.8(a): after a passed baseline only the Panel’s late addition for this modification and release serves', () => {
    const expected = { decisionId: 7, releaseId: 3, releaseName: 'November 2027 SEC Release' };
    const modification = { id: 12, reference: 'MP101' };
    const decision = { kind: 'late_addition', releaseId: 3, modificationId: 12 };
    expect(checkExceptionDecision(decision, expected, modification)).toBeNull();
    expect(checkExceptionDecision(undefined, expected, modification)?.field).toBe(
      'exceptionDecisionId',
    );
    expect(
      checkExceptionDecision({ ...decision, kind: 'descope' }, expected, modification),
    ).not.toBeNull();
    expect(
      checkExceptionDecision({ ...decision, releaseId: 4 }, expected, modification),
    ).not.toBeNull();
  });

  it('D10.8(a): only a part still in the release can be de-scoped', () => {
    const part = { part: 'documents', descopedAt: null, implementedAt: null };
    expect(checkDescopable(part, 'MP101', 'November 2027 SEC Release')).toBeNull();
    expect(
      checkDescopable({ ...part, descopedAt: new Date() }, 'MP101', 'November 2027 SEC Release')
        ?.field,
    ).toBe('allocationId');
  });
});
