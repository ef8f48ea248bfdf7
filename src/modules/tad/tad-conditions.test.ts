import { describe, expect, it } from 'vitest';
import {
  carriedConditions,
  checkConditions,
  conditionRows,
  mergeConditions,
  missingConditions,
  missingConditionsMessage,
  parseConditions,
  tadScope,
  type TadCondition,
} from './tad-conditions.ts';

const allocation = (
  modificationId: number,
  reference: string,
  more: { descopedAt?: Date | null; pendingChange?: 'addition' | 'removal' | null } = {},
) => ({
  modificationId,
  reference,
  title: `Title of ${reference}`,
  descopedAt: more.descopedAt ?? null,
  pendingChange: more.pendingChange ?? null,
});

const scope = tadScope([allocation(2, 'MP200'), allocation(1, 'MP102A')]);
const both = (modificationId: number): TadCondition => ({
  modificationId,
  dccTesting: 'SIT covers it.',
  userTesting: 'UIT, supported by the DCC.',
});

describe('D10.18, D10.13(d)(e): the TAD states per modification how (d) and (e) are met', () => {
  it('D10.18, ruling 15: the TAD covers each modification in scope once: parts and pending additions in, de-scoped parts and pending removals out', () => {
    const covered = tadScope([
      allocation(3, 'MP300'),
      allocation(3, 'MP300'),
      allocation(4, 'MP400', { pendingChange: 'addition' }),
      allocation(5, 'MP500', { pendingChange: 'removal' }),
      allocation(6, 'MP600', { descopedAt: new Date('2026-01-01T00:00:00Z') }),
      allocation(1, 'MP100'),
    ]);
    expect(covered.map((m) => m.reference)).toEqual(['MP100', 'MP300', 'MP400']);
  });

  it('D10.13(d)(i)/D10.18: a modification missing a statement is named with the limbs it lacks; blank text counts as missing', () => {
    expect(missingConditions(scope, [])).toEqual([
      { modificationId: 1, reference: 'MP102A', limbs: ['d', 'e'] },
      { modificationId: 2, reference: 'MP200', limbs: ['d', 'e'] },
    ]);
    expect(
      missingConditions(scope, [
        both(1),
        { modificationId: 2, dccTesting: 'SIT', userTesting: '  ' },
      ]),
    ).toEqual([{ modificationId: 2, reference: 'MP200', limbs: ['e'] }]);
    expect(missingConditions(scope, [both(1), both(2)])).toEqual([]);
    expect(missingConditions([], [])).toEqual([]);
  });

  it('D10.18: the refusal message names each modification and limb', () => {
    const message = missingConditionsMessage(2, 'submitted', [
      { modificationId: 2, reference: 'MP200', limbs: ['d', 'e'] },
    ]);
    expect(message).toContain('Version 2 cannot be submitted');
    expect(message).toContain('MP200 (D10.13(d) and D10.13(e))');
  });

  it('D10.18: statements are given only for the release’s modifications, each once, within the length limit', () => {
    expect(checkConditions([both(1), both(2)], scope)).toBeNull();
    expect(checkConditions([both(9)], scope)?.field).toBe('conditions.0');
    expect(checkConditions([both(1), both(1)], scope)?.message).toContain('once');
    expect(checkConditions([{ ...both(1), userTesting: 'x'.repeat(10_001) }], scope)?.field).toBe(
      'conditions.0.userTesting',
    );
  });

  it('D10.18: an edit replaces the statements of the modifications given and keeps the others, in scope order', () => {
    const merged = mergeConditions(
      [both(2), { modificationId: 1, dccTesting: 'old', userTesting: 'old' }],
      [{ modificationId: 1, dccTesting: ' new d ', userTesting: 'new e' }],
      scope,
    );
    expect(merged).toEqual([
      { modificationId: 1, dccTesting: 'new d', userTesting: 'new e' },
      both(2),
    ]);
  });

  it('D10.20: an amendment carries the statements of modifications still in the release', () => {
    expect(carriedConditions([both(1), both(7)], scope)).toEqual([both(1)]);
  });

  it('D10.18: the rows shown: every modification in the release, then statements kept for one no longer in it', () => {
    const rows = conditionRows(
      scope,
      [both(2), both(7)],
      new Map([[7, { reference: 'MP700', title: 'Gone' }]]),
    );
    expect(rows.map((r) => [r.reference, r.inRelease, r.missing])).toEqual([
      ['MP102A', true, ['d', 'e']],
      ['MP200', true, []],
      ['MP700', false, []],
    ]);
  });

  it('D10.18: stored statements parse from JSON text or jsonb, dropping what is not a statement', () => {
    expect(parseConditions(JSON.stringify([both(1)]))).toEqual([both(1)]);
    expect(parseConditions([both(2), { modificationId: 'x' }, null])).toEqual([both(2)]);
    expect(parseConditions({})).toEqual([]);
  });
});
