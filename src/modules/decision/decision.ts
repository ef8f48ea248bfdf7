/**
 * Decisions on Modification Proposals (D9, D9A.11): who decides which path, what each decision
 * does to the modification's status, and the approval date (ruling 4). Pure: no db, no clock.
 */
import { isIsoDate } from '../../calendar/index.ts';
import { PATH_NAMES, STATUS_NAMES, type Path, type Status } from '../modification/modification.ts';
import { satisfiesGate } from '../installation/installation.ts';

export const DECISION_KINDS = [
  'change_board_decision',
  'change_board_recommendation',
  'authority_decision',
] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const DECISION_KIND_NAMES: Record<DecisionKind, string> = {
  change_board_decision: 'Change Board decision',
  change_board_recommendation: 'Change Board recommendation to the Authority',
  authority_decision: 'Authority decision',
};

export const OUTCOMES = ['approve', 'reject'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const OUTCOME_NAMES: Record<Outcome, string> = { approve: 'Approve', reject: 'Reject' };

/** The body that takes each kind of decision. */
export type DecidingBody = 'change_board' | 'authority';

export const DECIDING_BODY_NAMES: Record<DecidingBody, string> = {
  change_board: 'Change Board',
  authority: 'Authority',
};

export function isDecisionKind(value: string): value is DecisionKind {
  return (DECISION_KINDS as readonly string[]).includes(value);
}

export function isOutcome(value: string): value is Outcome {
  return (OUTCOMES as readonly string[]).includes(value);
}

/** D8/D9: the Change Board decides or recommends; the Authority decides Path 1, Path 2 and ALVs. */
export function bodyOf(kind: DecisionKind): DecidingBody {
  return kind === 'authority_decision' ? 'authority' : 'change_board';
}

/** What recording a decision does: the status it moves to and, on approval, who approved. */
export interface DecisionEffect {
  to: Status;
  /** Set only when the decision approves the modification (ruling 4: the approving body). */
  approvedBy: DecidingBody | null;
}

export type DecisionRuling =
  { allowed: true; effect: DecisionEffect } | { allowed: false; reason: string };

const CHANGE_BOARD_DECIDES: readonly Path[] = ['path3', 'fast_track'];
const AUTHORITY_DECIDES: readonly Path[] = ['path1', 'path2', 'alv'];

function refuse(reason: string): DecisionRuling {
  return { allowed: false, reason };
}

/** Why a kind of decision does not fit a path, or null when the path takes it. */
function pathProblem(kind: DecisionKind, path: Path): string | null {
  const name = PATH_NAMES[path];
  if (kind === 'change_board_decision' && !CHANGE_BOARD_DECIDES.includes(path)) {
    if (path === 'path2') {
      return 'On Path 2 the Change Board only recommends: record its recommendation, then the Authority decides';
    }
    return `${name} is decided by the Authority (D9A.11 for an Authority-Led Variation), not the Change Board`;
  }
  if (kind === 'change_board_recommendation' && path !== 'path2') {
    return `Only a Path 2 modification carries a Change Board recommendation; ${name} does not`;
  }
  if (kind === 'authority_decision' && !AUTHORITY_DECIDES.includes(path)) {
    return `${name} is decided by the Change Board (self-governance), not the Authority`;
  }
  return null;
}

/**
 * D9, D9A.11, ruling 4: which decision may be recorded, and what it does.
 * - Change Board decision: Path 3 and Fast-Track, in status Change Board → approved or rejected.
 * - Change Board recommendation: Path 2, in status Change Board → awaiting the Authority.
 * - Authority decision: Path 1, Path 2 and ALVs, awaiting the Authority → approved or rejected.
 * Path 2 needs the Change Board's recommendation first; anything else is refused with why.
 */
export function ruleOnDecision(
  modification: { path: Path | null; status: Status },
  kind: DecisionKind,
  outcome: Outcome,
): DecisionRuling {
  const { path, status } = modification;
  if (path === null) return refuse('The modification has no path yet, so no body can decide it');
  const problem = pathProblem(kind, path);
  if (problem) return refuse(problem);
  if (kind === 'authority_decision' && path === 'path2' && status === 'change_board') {
    return refuse("Path 2 needs the Change Board's recommendation first");
  }
  const needed: Status = kind === 'authority_decision' ? 'authority_decision' : 'change_board';
  if (status !== needed) {
    return refuse(
      `The modification is at ${STATUS_NAMES[status]}: a ${DECISION_KIND_NAMES[kind]} needs it to be at ${STATUS_NAMES[needed]}`,
    );
  }
  if (kind === 'change_board_recommendation') {
    return { allowed: true, effect: { to: 'authority_decision', approvedBy: null } };
  }
  const approved = outcome === 'approve';
  return {
    allowed: true,
    effect: { to: approved ? 'approved' : 'rejected', approvedBy: approved ? bodyOf(kind) : null },
  };
}

/**
 * The date a decision was taken: a real date, not after today (a decision cannot be recorded
 * before it is taken), not before the modification was raised, and not before an earlier step
 * it follows (the Change Board's recommendation, for the Authority's decision on Path 2).
 * Returns the problem, or null.
 */
export function decidedOnProblem(
  decidedOn: string,
  bounds: { today: string; raisedOn: string; notBefore?: string | null },
): string | null {
  if (!isIsoDate(decidedOn)) return 'Enter the date of the decision as YYYY-MM-DD';
  if (decidedOn > bounds.today) return 'The date of the decision cannot be in the future';
  if (decidedOn < bounds.raisedOn) {
    return `The decision cannot be dated before the modification was raised (${bounds.raisedOn})`;
  }
  if (bounds.notBefore && decidedOn < bounds.notBefore) {
    return `The decision cannot be dated before the Change Board's recommendation (${bounds.notBefore})`;
  }
  return null;
}

/**
 * Ruling 13, D9: the Change Board's recommendation (dated `recommendedOn`) carries the Authority's
 * decision on a Path 2 modification only when it is live, or the decision is itself before the
 * cut-over (`satisfiesGate`): a recommendation held outside secrel carries no decision taken after
 * the cut-over. Returns the problem, or null.
 */
export function recommendationProblem(
  recommendedOn: string,
  decidedOn: string,
  cutOver: string,
): string | null {
  if (satisfiesGate(recommendedOn, decidedOn, cutOver)) return null;
  return `The Change Board's recommendation of ${recommendedOn} was made before the cut-over (${cutOver}) and is held outside secrel: it carries only an Authority decision taken before the cut-over, not one of ${decidedOn} (ruling 13)`;
}
