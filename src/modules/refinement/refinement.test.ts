import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUSES } from '../modification/modification.ts';
import {
  PURPOSES,
  PURPOSE_LETTERS,
  completionBlockers,
  dccTestingProblem,
  isRefinementOpen,
  isViewOverdue,
  openPurposes,
  type ChecklistItem,
  type DccTesting,
  type Purpose,
} from './refinement.ts';

const concluded = (purpose: Purpose): ChecklistItem => ({ purpose, conclusion: 'Agreed' });
const ALL_CONCLUDED = PURPOSE_LETTERS.map(concluded);
const NOT_REQUIRED: DccTesting = { required: false, testingSolution: null };

describe('D6.8 refinement checklist', () => {
  it('D6.8(a)–(l) the checklist has the twelve purposes, lettered (a) to (l), each named', () => {
    expect(PURPOSES.map((purpose) => purpose.letter)).toEqual('abcdefghijkl'.split(''));
    for (const purpose of PURPOSES) {
      expect(purpose.name).not.toBe('');
      expect(purpose.description).not.toBe('');
    }
    expect(PURPOSES.find((p) => p.letter === 'k')?.name).toBe('Greenhouse Gas Emissions');
    expect(PURPOSES.find((p) => p.letter === 'c')?.description).toMatch(/Path 1/);
  });

  it('D6.8(a)–(l) refinement cannot complete with a purpose open, and the open ones are named', () => {
    const items = ALL_CONCLUDED.filter((item) => !['e', 'k'].includes(item.purpose));
    expect(openPurposes(items)).toEqual(['e', 'k']);
    const blockers = completionBlockers({ items, dccTesting: NOT_REQUIRED, unsought: [] });
    expect(blockers).toEqual([
      {
        code: 'refinement_incomplete',
        message: 'Refinement cannot complete: purposes (e), (k) have no conclusion',
        purpose: 'e',
        target: 'purpose-e',
      },
    ]);
  });

  it('D6.8(a)–(l) an empty or blank conclusion leaves its purpose open; a missing row is open', () => {
    const items: ChecklistItem[] = [
      { purpose: 'a', conclusion: '   ' },
      { purpose: 'b', conclusion: null },
      ...ALL_CONCLUDED.slice(3),
    ];
    expect(openPurposes(items)).toEqual(['a', 'b', 'c']);
    expect(openPurposes([])).toEqual([...PURPOSE_LETTERS]);
    const one = completionBlockers({
      items: ALL_CONCLUDED.filter((item) => item.purpose !== 'l'),
      dccTesting: NOT_REQUIRED,
      unsought: [],
    });
    expect(one[0]?.message).toBe('Refinement cannot complete: purpose (l) has no conclusion');
  });

  it('D6.8(a)–(l) refinement may complete once every purpose is concluded, testing is settled and views sought', () => {
    expect(
      completionBlockers({ items: ALL_CONCLUDED, dccTesting: NOT_REQUIRED, unsought: [] }),
    ).toEqual([]);
  });

  it.each([
    [
      { required: true, testingSolution: null },
      'DCC testing is required: record the testing solution, or the process to develop one',
    ],
    [
      { required: true, testingSolution: '  ' },
      'DCC testing is required: record the testing solution, or the process to develop one',
    ],
    [
      { required: null, testingSolution: null },
      'Purpose (e) needs a record of whether DCC testing is required',
    ],
    [{ required: true, testingSolution: 'DCC to run SIT and regression in the release' }, null],
    [{ required: false, testingSolution: null }, null],
  ])('D6.8(e) DCC testing %o: %s', (testing, problem) => {
    expect(dccTestingProblem(testing)).toBe(problem);
  });

  it('D6.8(e) "DCC testing required" without a testing solution refuses completion with testing_solution_required', () => {
    const blockers = completionBlockers({
      items: ALL_CONCLUDED,
      dccTesting: { required: true, testingSolution: '' },
      unsought: [],
    });
    expect(blockers.map((b) => [b.code, b.target])).toEqual([
      ['testing_solution_required', 'dcc-testing'],
    ]);
  });

  it('D6.8(e) an unanswered DCC testing question leaves purpose (e) incomplete', () => {
    const blockers = completionBlockers({
      items: ALL_CONCLUDED,
      dccTesting: { required: null, testingSolution: null },
      unsought: [],
    });
    expect(blockers.map((b) => b.code)).toEqual(['refinement_incomplete']);
    expect(blockers[0]?.message).toMatch(/whether DCC testing is required/);
  });

  it('D6.8(f)–(i) refinement cannot complete while a mandatory view is not sought, naming the body and why', () => {
    const blockers = completionBlockers({
      items: ALL_CONCLUDED,
      dccTesting: NOT_REQUIRED,
      unsought: [
        {
          body: 'security_sub_committee',
          reasons: [
            'changes Section G, a Security Obligations and Assurance Arrangements document',
          ],
        },
        {
          body: 'tabasc',
          reasons: ['TABASC has said it wishes to give a view (recorded 3 March 2026)'],
        },
      ],
    });
    expect(blockers).toEqual([
      {
        code: 'mandatory_view_not_sought',
        message:
          'Refinement cannot complete: the views of the Security Sub-Committee must be sought under D6.8(g): changes Section G, a Security Obligations and Assurance Arrangements document',
        purpose: 'g',
        target: 'view-security_sub_committee',
      },
      {
        code: 'mandatory_view_not_sought',
        message:
          'Refinement cannot complete: the views of TABASC must be sought under D6.8(f): TABASC has said it wishes to give a view (recorded 3 March 2026)',
        purpose: 'f',
        target: 'view-tabasc',
      },
    ]);
  });

  it('D6.8 the reasons come most fundamental first: open purposes, then DCC testing, then views', () => {
    const blockers = completionBlockers({
      items: [],
      dccTesting: { required: true, testingSolution: null },
      unsought: [{ body: 'smki_pma', reasons: ['changes Section L, an SMKI SEC Document'] }],
    });
    expect(blockers.map((b) => b.code)).toEqual([
      'refinement_incomplete',
      'testing_solution_required',
      'mandatory_view_not_sought',
    ]);
  });

  it('D6.8 refinement can complete only when no blocker remains, for any checklist and testing record', () => {
    fc.assert(
      fc.property(
        fc.subarray([...PURPOSE_LETTERS]),
        fc.constantFrom<boolean | null>(true, false, null),
        fc.option(fc.constantFrom('A robust SIT plan', '')),
        (done, required, solution) => {
          const blockers = completionBlockers({
            items: done.map(concluded),
            dccTesting: { required, testingSolution: solution },
            unsought: [],
          });
          const canComplete =
            done.length === 12 && required !== null && (!required || (solution ?? '') !== '');
          expect(blockers.length === 0).toBe(canComplete);
        },
      ),
    );
  });

  it('D6.8 conclusions are recorded only while the modification is a proposal or in refinement', () => {
    expect(STATUSES.filter(isRefinementOpen)).toEqual(['modification_proposal', 'refinement']);
  });

  it.each([
    ['2026-12-17', null, '2026-12-18', true],
    ['2026-12-18', null, '2026-12-18', false],
    ['2026-12-17', 'We support it', '2026-12-18', false],
    [null, null, '2026-12-18', false],
  ])(
    'D6.8(f)–(i) a request due %s with view %s is overdue on %s: %s',
    (respondBy, response, today, overdue) => {
      expect(isViewOverdue({ respondBy, response }, today)).toBe(overdue);
    },
  );
});
