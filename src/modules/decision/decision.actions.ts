import { inTransaction, type AppContext } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { MAX_TEXT } from '../meeting/meeting.actions.ts';
import { placeOnNextMeeting, type Placement } from '../meeting/meeting.placement.ts';
import { STATUS_NAMES } from '../modification/modification.ts';
import { lockModification, moveStatus } from '../modification/modification.queries.ts';
import {
  DECIDING_BODY_NAMES,
  DECISION_KIND_NAMES,
  OUTCOME_NAMES,
  bodyOf,
  decidedOnProblem,
  isDecisionKind,
  isOutcome,
  ruleOnDecision,
} from './decision.ts';
import { canRecordDecision } from './decision.access.ts';
import { findDecision, latestRecommendationDate, type DecisionEntry } from './decision.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface NewDecision {
  kind: string;
  outcome: string;
  decidedOn: string;
  notes?: string | undefined;
  /** The modification's version the recorder saw; a later change makes this a 409. */
  version?: number | undefined;
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

/**
 * D9, D9A.11, ruling 4: records the Change Board's decision or recommendation (by SECAS, its
 * secretariat) or the Authority's decision (by the Authority), moves the modification on as
 * `ruleOnDecision` says, and on approval sets the approval date to the decision's date and
 * puts the modification on the next Panel meeting's agenda (D10.1, D10.2, ruling 3). One
 * transaction, audited as `decision.recorded` and `modification.status_changed`.
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
  const outcome = input.outcome.trim();
  if (!isOutcome(outcome)) throw invalid('outcome', 'Choose approve or reject');
  const decidedOn = input.decidedOn.trim();
  if (!isIsoDate(decidedOn))
    throw invalid('decidedOn', 'Enter the date of the decision as YYYY-MM-DD');
  const notes = (input.notes ?? '').trim();
  if (notes.length > MAX_TEXT)
    throw invalid('notes', `Notes must be ${MAX_TEXT} characters or fewer`);

  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId, input.version);
    const ruling = ruleOnDecision(modification, kind, outcome);
    if (!ruling.allowed)
      throw new AppError('decision_not_allowed', ruling.reason, { field: 'kind' });
    const recommendedOn =
      kind === 'authority_decision' && modification.path === 'path2'
        ? await latestRecommendationDate(unit.trx, modificationId)
        : null;
    const problem = decidedOnProblem(decidedOn, {
      today: todayOf(unit.now),
      raisedOn: modification.raised_on,
      notBefore: recommendedOn,
    });
    if (problem) throw invalid('decidedOn', problem);

    const row = await unit.trx
      .insertInto('decision')
      .values({
        modification_id: modificationId,
        kind,
        outcome,
        decided_on: decidedOn,
        notes,
        recorded_by: actor.id,
        recorded_at: unit.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { to, approvedBy } = ruling.effect;
    const approval = approvedBy ? { approved_on: decidedOn, approved_by: approvedBy } : {};
    const summary = `${DECISION_KIND_NAMES[kind]}: ${OUTCOME_NAMES[outcome]} on ${decidedOn}`;
    await moveStatus(
      unit,
      modification,
      to,
      'decision',
      notes === '' ? summary : `${summary}. ${notes}`,
      approval,
    );
    const placement = approvedBy
      ? await placeOnNextMeeting(unit, {
          modificationId,
          kind: 'implementation_actions',
          eventDate: decidedOn,
        })
      : null;
    await unit.audit({
      action: 'decision.recorded',
      subjectType: 'decision',
      subjectId: String(row.id),
      after: {
        modificationId,
        reference: modification.reference,
        kind,
        body: DECIDING_BODY_NAMES[bodyOf(kind)],
        outcome,
        decidedOn,
        status: STATUS_NAMES[to],
        ...(approvedBy
          ? { approvedOn: decidedOn, approvedBy, agenda: placement ?? 'awaiting a Panel meeting' }
          : {}),
      },
      reason: notes === '' ? null : notes,
    });
    const decision = await findDecision(unit.trx, row.id);
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
  });
}
