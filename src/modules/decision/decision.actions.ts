import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { longDate } from '../../calendar/date-words.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { MAX_TEXT } from '../meeting/meeting.ts';
import { placeOnNextMeeting, type Placement } from '../meeting/meeting-agenda.actions.ts';
import { STATUS_NAMES } from '../modification/modification.ts';
import {
  lockModification,
  moveStatus,
  type Modification,
} from '../modification/modification.queries.ts';
import {
  DECIDING_BODY_NAMES,
  DECISION_KIND_NAMES,
  OUTCOME_NAMES,
  bodyOf,
  decidedOnProblem,
  isDecisionKind,
  recommendationProblem,
  isOutcome,
  ruleOnDecision,
  type DecisionEffect,
  type DecisionKind,
  type Outcome,
} from './decision.ts';
import { canRecordDecision } from './decision.access.ts';
import {
  findDecision,
  insertDecision,
  latestRecommendationDate,
  type DecisionEntry,
} from './decision.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { keepHistorySource } from '../installation/installation.actions.ts';

export interface NewDecision {
  kind: string;
  outcome: string;
  decidedOn: string;
  notes?: string | undefined;
  /** The modification's version the recorder saw; a later change makes this a 409. */
  version?: number | undefined;
  /** Ruling 13: a decision dated before the cut-over gives its published source. */
  sourceUrl?: string | undefined;
  sourceSummary?: string | undefined;
}

export interface RecordedDecision {
  decision: DecisionEntry;
  modification: {
    id: number;
    reference: string;
    status: string;
    approvedOn: string | null;
    approvedBy: 'change_board' | 'authority' | null;
    version: number;
  };
  /** On approval: the Panel meeting whose agenda it went on, or null while none is scheduled. */
  placement: Placement | null;
}

/** A decision as typed, checked: its kind, outcome, date and notes. */
interface CheckedDecision {
  kind: DecisionKind;
  outcome: Outcome;
  decidedOn: string;
  notes: string;
}

/** The outcome, date and notes of a decision of `kind`, or a 400 naming the field. */
function checkedDecision(kind: DecisionKind, input: NewDecision): CheckedDecision {
  const outcome = input.outcome.trim();
  if (!isOutcome(outcome)) throw invalid('outcome', 'Choose approve or reject');
  const decidedOn = input.decidedOn.trim();
  if (!isIsoDate(decidedOn))
    throw invalid('decidedOn', 'Enter the date of the decision as YYYY-MM-DD');
  const notes = (input.notes ?? '').trim();
  if (notes.length > MAX_TEXT)
    throw invalid('notes', `Notes must be ${MAX_TEXT} characters or fewer`);
  return { kind, outcome, decidedOn, notes };
}

/**
 * D9, D9A.11, ruling 4: records the Change Board's decision or recommendation (by SECAS, its
 * secretariat) or the Authority's decision (by the Authority), moves the modification on as
 * `ruleOnDecision` says, and on approval sets the approval date to the decision's date and
 * puts the modification on the next Panel meeting's agenda (D10.1, D10.2, ruling 3). A decision
 * dated before the cut-over is history and comes with its published source (ruling 13,
 * `keepHistorySource`). One transaction, audited as `decision.recorded` and
 * `modification.status_changed`.
 */
export async function recordDecision(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: NewDecision,
  systemActor?: Actor,
): Promise<RecordedDecision> {
  const kind = input.kind.trim();
  if (!isDecisionKind(kind)) {
    throw invalid(
      'kind',
      'Choose a Change Board decision, a Change Board recommendation or an Authority decision',
    );
  }
  const actor = systemActor ?? actorOf(requireActor(principal, (p) => canRecordDecision(p, kind)));
  const decision = checkedDecision(kind, input);
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId, input.version);
    const effect = await ruleOn(unit, modification, decision);
    const decisionId = await insertDecision(
      unit.trx,
      { modificationId, ...decision, recordedBy: actor.id },
      unit.now,
    );
    const source = await keepHistorySource(
      unit,
      {
        type: 'decision',
        id: decisionId,
        on: decision.decidedOn,
        what: `The ${DECISION_KIND_NAMES[kind]} of ${longDate(decision.decidedOn)}`,
      },
      input,
    );
    const placement = await applyDecision(unit, modification, decision, effect);
    await unit.audit({
      action: 'decision.recorded',
      subjectType: 'decision',
      subjectId: String(decisionId),
      after: {
        modificationId,
        reference: modification.reference,
        kind,
        body: DECIDING_BODY_NAMES[bodyOf(kind)],
        outcome: decision.outcome,
        decidedOn: decision.decidedOn,
        status: STATUS_NAMES[effect.to],
        ...(source ? { heldOutsideSecrel: true, source } : {}),
        ...(effect.approvedBy
          ? {
              approvedOn: decision.decidedOn,
              approvedBy: effect.approvedBy,
              agenda: placement ?? 'awaiting a Panel meeting',
            }
          : {}),
      },
      reason: decision.notes === '' ? null : decision.notes,
    });
    return recordedDecision(unit, decisionId, modificationId, placement);
  });
}

/**
 * What the decision does to the modification (`ruleOnDecision`), once its date is checked
 * against today, the modification's raising and, for the Authority on Path 2, the Change
 * Board's latest recommendation. Refused with `decision_not_allowed` or a 400 on the date.
 */
async function ruleOn(
  unit: UnitOfWork,
  modification: Modification,
  decision: CheckedDecision,
): Promise<DecisionEffect> {
  const ruling = ruleOnDecision(modification, decision.kind, decision.outcome);
  if (!ruling.allowed) throw new AppError('decision_not_allowed', ruling.reason, { field: 'kind' });
  const recommendedOn =
    decision.kind === 'authority_decision' && modification.path === 'path2'
      ? await latestRecommendationDate(unit.trx, modification.id)
      : null;
  const problem = decidedOnProblem(decision.decidedOn, {
    today: todayOf(unit.now),
    raisedOn: modification.raised_on,
    notBefore: recommendedOn,
  });
  if (problem) throw invalid('decidedOn', problem);
  const held =
    recommendedOn === null
      ? null
      : recommendationProblem(recommendedOn, decision.decidedOn, await cutOverOf(unit.trx));
  if (held) throw new AppError('recommendation_held_outside', held, { field: 'decidedOn' });
  return ruling.effect;
}

/**
 * Moves the modification on, with the approval date and body on approval, and puts an approved
 * modification on the next Panel meeting's agenda (null while none is scheduled).
 */
async function applyDecision(
  unit: UnitOfWork,
  modification: Modification,
  decision: CheckedDecision,
  { to, approvedBy }: DecisionEffect,
): Promise<Placement | null> {
  const { kind, outcome, decidedOn, notes } = decision;
  const approval = approvedBy ? { approved_on: decidedOn, approved_by: approvedBy } : {};
  const summary = `${DECISION_KIND_NAMES[kind]}: ${OUTCOME_NAMES[outcome]} on ${longDate(decidedOn)}`;
  const reason = notes === '' ? summary : `${summary}. ${notes}`;
  await moveStatus(unit, modification, to, 'decision', reason, approval);
  if (!approvedBy) return null;
  return placeOnNextMeeting(unit, {
    modificationId: modification.id,
    kind: 'implementation_actions',
    eventDate: decidedOn,
  });
}

/** The decision as recorded and the modification as it now stands. */
async function recordedDecision(
  unit: UnitOfWork,
  decisionId: number,
  modificationId: number,
  placement: Placement | null,
): Promise<RecordedDecision> {
  const decision = await findDecision(unit.trx, decisionId);
  const updated = await lockModification(unit.trx, modificationId);
  if (!decision) throw new AppError('internal');
  return {
    decision,
    modification: {
      id: updated.id,
      reference: updated.reference,
      status: updated.status,
      approvedOn: updated.approved_on,
      approvedBy: updated.approved_by,
      version: updated.version,
    },
    placement,
  };
}
