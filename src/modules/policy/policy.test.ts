import { describe, expect, it } from 'vitest';
import {
  checkDecision,
  checkProse,
  displayStatus,
  isEditable,
  latestApproved,
  nextVersionNumber,
  policyInForce,
  type PolicyStatus,
} from './policy.ts';

const v = (number: number, status: PolicyStatus, effectiveFrom: string | null = null) => ({
  number,
  status,
  effectiveFrom,
});

describe('Policy versions and the version in force', () => {
  const versions = [
    v(1, 'approved', '2019-01-01'),
    v(2, 'approved', '2026-06-01'),
    v(3, 'approved', '2027-01-01'),
    v(4, 'submitted'),
    v(5, 'rejected'),
  ];

  it('A-POL, D10.9: the version in force is the approved one with the latest effective date on or before today', () => {
    expect(policyInForce(versions, '2018-12-31')).toBeUndefined();
    expect(policyInForce(versions, '2019-01-01')?.number).toBe(1);
    expect(policyInForce(versions, '2026-11-27')?.number).toBe(2);
    expect(policyInForce(versions, '2027-01-01')?.number).toBe(3);
  });

  it('A-POL: earlier approved versions are superseded, a future one waits, the others keep their status', () => {
    const shown = versions.map((x) => displayStatus(x, versions, '2026-11-27'));
    expect(shown).toEqual(['superseded', 'in_force', 'approved', 'submitted', 'rejected']);
  });

  it('A-POL: two versions taking effect the same day: the later number is in force', () => {
    const same = [v(1, 'approved', '2026-01-01'), v(2, 'approved', '2026-01-01')];
    expect(policyInForce(same, '2026-01-01')?.number).toBe(2);
    expect(latestApproved(versions)?.number).toBe(3);
  });

  it('A-POL: only a draft is edited; numbers count up', () => {
    expect(isEditable({ status: 'draft' })).toBe(true);
    expect(isEditable({ status: 'submitted' })).toBe(false);
    expect(nextVersionNumber([])).toBe(1);
    expect(nextVersionNumber(versions)).toBe(6);
  });

  it('A-POL: prose sections need a unique slug id, a heading and text', () => {
    const ok = { id: 'scope', heading: 'Scope', text: 'Text' };
    expect(checkProse([ok])).toBeNull();
    expect(checkProse([ok, ok])?.field).toBe('prose.1.id');
    expect(checkProse([{ ...ok, id: 'Not A Slug' }])?.field).toBe('prose.0.id');
    expect(checkProse([{ ...ok, heading: ' ' }])?.field).toBe('prose.0.heading');
    expect(checkProse([{ ...ok, text: '' }])?.field).toBe('prose.0.text');
  });

  it('D10.9: an approval takes effect no earlier than its decision, nor before a version already approved', () => {
    const approve = { outcome: 'approve' as const, decidedOn: '2026-11-27', notes: '' };
    const today = '2026-11-27';
    expect(checkDecision({ ...approve, effectiveFrom: '2026-11-27' }, today, undefined)).toBeNull();
    expect(checkDecision({ ...approve, effectiveFrom: null }, today, undefined)?.field).toBe(
      'effectiveFrom',
    );
    expect(
      checkDecision({ ...approve, effectiveFrom: '2026-11-26' }, today, undefined)?.field,
    ).toBe('effectiveFrom');
    expect(
      checkDecision(
        { ...approve, effectiveFrom: '2026-12-01' },
        today,
        v(3, 'approved', '2027-01-01'),
      )?.message,
    ).toBe('The version cannot take effect before version 3 (2027-01-01)');
    expect(
      checkDecision(
        { ...approve, decidedOn: '2026-11-28', effectiveFrom: '2026-12-01' },
        today,
        undefined,
      )?.field,
    ).toBe('decidedOn');
    expect(
      checkDecision(
        { ...approve, decidedOn: '2026-02-30', effectiveFrom: '2026-12-01' },
        today,
        undefined,
      )?.field,
    ).toBe('decidedOn');
  });

  it('D10.9: a rejection gives reasons and never takes effect', () => {
    const reject = { outcome: 'reject' as const, decidedOn: '2026-11-27', effectiveFrom: null };
    expect(checkDecision({ ...reject, notes: '' }, '2026-11-27', undefined)?.field).toBe('notes');
    expect(checkDecision({ ...reject, notes: 'Not ready' }, '2026-11-27', undefined)).toBeNull();
    expect(
      checkDecision({ ...reject, notes: 'x', effectiveFrom: '2026-12-01' }, '2026-11-27', undefined)
        ?.field,
    ).toBe('effectiveFrom');
  });
});
