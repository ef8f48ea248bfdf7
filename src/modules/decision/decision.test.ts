import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../identity/identity.ts';
import { ROLES } from '../identity/identity.ts';
import {
  PATHS,
  STATUSES,
  canAmendTimetable,
  canTransition,
  isTreatedAsPath1,
  type Path,
  type Status,
} from '../modification/modification.ts';
import {
  DECISION_KINDS,
  OUTCOMES,
  recommendationProblem,
  bodyOf,
  decidedOnProblem,
  ruleOnDecision,
  type DecisionKind,
  type DecisionRuling,
} from './decision.ts';
import { canRecordAnyDecision, canRecordDecision, canReadDecisions } from './decision.access.ts';
import { principalWith } from '../../../test/support/principals.ts';

const rule = (
  path: Path | null,
  status: Status,
  kind: DecisionKind,
  outcome: 'approve' | 'reject' = 'approve',
) => ruleOnDecision({ path, status }, kind, outcome);

/** The reason a decision is refused, or null when it is allowed. */
const reasonOf = (ruling: DecisionRuling): string | null => (ruling.allowed ? null : ruling.reason);

const principal = (role: Role): Principal => principalWith(role);

describe('decisions (D9, D9A.11, ruling 4)', () => {
  it("Ruling 4 / D9: Path 3 approval is the Change Board's", () => {
    for (const path of ['path3', 'fast_track'] as const) {
      expect(rule(path, 'change_board', 'change_board_decision')).toEqual({
        allowed: true,
        effect: { to: 'approved', approvedBy: 'change_board' },
      });
      expect(rule(path, 'change_board', 'change_board_decision', 'reject')).toEqual({
        allowed: true,
        effect: { to: 'rejected', approvedBy: null },
      });
      const byAuthority = rule(path, 'authority_decision', 'authority_decision');
      expect(reasonOf(byAuthority)).toMatch(/Change Board/);
    }
    expect(bodyOf('change_board_decision')).toBe('change_board');
  });

  it('D9A.11 / D10.1: an ALV is decided by the Authority and treated as Path 1', () => {
    expect(rule('alv', 'authority_decision', 'authority_decision')).toEqual({
      allowed: true,
      effect: { to: 'approved', approvedBy: 'authority' },
    });
    expect(rule('alv', 'authority_decision', 'change_board_decision')).toMatchObject({
      allowed: false,
    });
    expect(rule('alv', 'change_board', 'change_board_recommendation')).toMatchObject({
      allowed: false,
    });
    expect(isTreatedAsPath1('alv')).toBe(true);
    expect(canAmendTimetable('alv')).toBe(false);
    expect(rule('path1', 'authority_decision', 'authority_decision', 'reject')).toEqual({
      allowed: true,
      effect: { to: 'rejected', approvedBy: null },
    });
  });

  it('Path 2 needs the Change Board recommendation first', () => {
    expect(rule('path2', 'change_board', 'authority_decision')).toEqual({
      allowed: false,
      reason: "Path 2 needs the Change Board's recommendation first",
    });
    expect(reasonOf(rule('path2', 'change_board', 'change_board_decision'))).toMatch(
      /only recommends/,
    );
    // Recommending approval or rejection both send it to the Authority, which then decides.
    for (const outcome of OUTCOMES) {
      expect(rule('path2', 'change_board', 'change_board_recommendation', outcome)).toEqual({
        allowed: true,
        effect: { to: 'authority_decision', approvedBy: null },
      });
    }
    expect(rule('path2', 'authority_decision', 'authority_decision')).toEqual({
      allowed: true,
      effect: { to: 'approved', approvedBy: 'authority' },
    });
  });

  it('D9: nothing is decided outside its decision status, or without a path', () => {
    expect(reasonOf(rule('path3', 'refinement', 'change_board_decision'))).toMatch(
      /Refinement Process/,
    );
    expect(rule('path1', 'approved', 'authority_decision')).toMatchObject({ allowed: false });
    expect(rule(null, 'change_board', 'change_board_decision')).toMatchObject({ allowed: false });
  });

  it('D9: every decision the rule allows is a step the lifecycle table allows (and no other)', () => {
    for (const path of PATHS) {
      for (const status of STATUSES) {
        for (const kind of DECISION_KINDS) {
          for (const outcome of OUTCOMES) {
            const ruling = rule(path, status, kind, outcome);
            if (ruling.allowed) {
              expect(canTransition(status, ruling.effect.to, 'decision', path)).toBe(true);
            } else {
              expect(ruling.reason).not.toBe('');
            }
          }
        }
      }
    }
  });

  const bounds = { today: '2026-11-27', raisedOn: '2026-01-09', notBefore: '2026-03-02' };
  it.each([
    ['2026-11-27', null],
    ['2026-03-02', null],
    ['2026-11-28', 'The date of the decision cannot be in the future'],
    ['2026-02-30', 'Enter the date of the decision as YYYY-MM-DD'],
    ['2025-12-31', 'The decision cannot be dated before the modification was raised (2026-01-09)'],
    [
      '2026-03-01',
      "The decision cannot be dated before the Change Board's recommendation (2026-03-02)",
    ],
  ])('Ruling 4: a decision dated %s → %s', (decidedOn, problem) => {
    expect(decidedOnProblem(decidedOn, bounds)).toBe(problem);
  });

  it('Permissions: SECAS records the Change Board’s decisions, the Authority its own; decisions are read by anyone signed in', () => {
    const allowed = (kind: DecisionKind) =>
      ROLES.filter((role) => canRecordDecision(principal(role), kind));
    expect(allowed('change_board_decision')).toEqual(['code_administrator']);
    expect(allowed('change_board_recommendation')).toEqual(['code_administrator']);
    expect(allowed('authority_decision')).toEqual(['authority']);
    expect(ROLES.filter((role) => canRecordAnyDecision(principal(role)))).toEqual([
      'code_administrator',
      'authority',
    ]);
    expect(canRecordAnyDecision(null)).toBe(false);
    expect(canReadDecisions(null)).toBe(false);
    expect(ROLES.every((role) => canReadDecisions(principal(role)))).toBe(true);
  });
});

describe('ruling 13: a recommendation held outside secrel', () => {
  it('Ruling 13, D9: a Change Board recommendation before the cut-over carries only an Authority decision before it', () => {
    expect(recommendationProblem('2025-11-10', '2025-12-15', '2026-01-01')).toBeNull();
    expect(recommendationProblem('2026-02-10', '2026-03-15', '2026-01-01')).toBeNull();
    expect(recommendationProblem('2025-11-10', '2026-01-15', '2026-01-01')).toContain(
      'held outside secrel',
    );
  });
});
