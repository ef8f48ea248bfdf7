import type { Kysely, Selectable } from 'kysely';
import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import type { DB, GoLiveDecisionTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { lockModification, moveStatus } from '../modification/modification.queries.ts';
import { approvedRidOf } from '../rid/rid.queries.ts';
import { linkableEvidenceOf } from '../testing/testing.queries.ts';
import { canRecordGoLive } from '../cost/cost.access.ts';
import {
  assessedCriteria,
  checkGoLiveDecision,
  isFullyImplemented,
  modificationsNeedingRequest,
  type GoLiveCriterion,
  type GoLiveInput,
} from './go-live.ts';
import { lockRelease } from '../release/release.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface GoLiveDecision extends Omit<Selectable<GoLiveDecisionTable>, 'criteria'> {
  criteria: GoLiveCriterion[];
}

function toDecision(row: Selectable<GoLiveDecisionTable>): GoLiveDecision {
  const raw =
    typeof row.criteria === 'string' ? (JSON.parse(row.criteria) as unknown) : row.criteria;
  return { ...row, criteria: Array.isArray(raw) ? (raw as GoLiveCriterion[]) : [] };
}

/** D10.8(e): a release's go-live decisions, oldest first. */
export async function goLiveDecisionsOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<GoLiveDecision[]> {
  const rows = await db
    .selectFrom('go_live_decision')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
  return rows.map(toDecision);
}

/** D10.5, ruling 10: the modifications of a release's live parts, with their implementation date and requests. */
async function allocatedModifications(db: Kysely<DB>, releaseId: number) {
  const rows = await db
    .selectFrom('allocation')
    .innerJoin('modification', 'modification.id', 'allocation.modification_id')
    .leftJoin('implementation_timetable as tt', (join) =>
      join.onRef('tt.modification_id', '=', 'modification.id').on('tt.superseded_at', 'is', null),
    )
    .select([
      'modification.id',
      'modification.reference',
      'tt.implementation_date',
      'tt.created_at as timetable_set_at',
    ])
    .where('allocation.release_id', '=', releaseId)
    .where('allocation.descoped_at', 'is', null)
    .execute();
  const result = [];
  for (const row of rows) {
    let query = db
      .selectFrom('authority_request')
      .select('id')
      .where('modification_id', '=', row.id)
      .where('status', 'in', ['pending', 'directed']);
    if (row.timetable_set_at)
      query = query.where('recorded_at', '>=', new Date(row.timetable_set_at));
    const request = await query.executeTakeFirst();
    result.push({
      reference: row.reference,
      implementationDate: row.implementation_date ?? null,
      hasAuthorityRequest: request !== undefined,
    });
  }
  return result;
}

/**
 * D10.8(e), D10.13(f), ruling 10: the Panel's go-live decision against the go-live criteria of
 * the approved RID (refused with rid_not_approved while there is none). Going live (with or without conditions) makes
 * the release live and its parts implemented, and a modification whose parts are all implemented
 * Implemented; a deferral moves the go-live date and, past a modification's approved implementation
 * date, needs a D10.5 request to the Authority.
 */
export async function recordGoLiveDecision(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: GoLiveInput & { version?: number | undefined },
): Promise<GoLiveDecision> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordGoLive,
      'Only the Panel Chair or SECAS records the Panel’s go-live decision',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId, input.version);
    const rid = await approvedRidOf(unit.trx, releaseId);
    if (!rid)
      throw new AppError(
        'rid_not_approved',
        `${release.name} has no approved RID: the Panel decides go-live against the go-live criteria of the approved RID (D10.8(e), D10.13(f))`,
      );
    const basis = {
      criteria: rid.sections.goLiveCriteria.map((c) => ({ id: c.id.trim(), text: c.text.trim() })),
      links: await linkableEvidenceOf(unit.trx, releaseId),
    };
    const refusal = checkGoLiveDecision(
      input,
      { status: release.status, goLive: release.go_live },
      todayOf(unit.now),
      basis,
    );
    if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
    const criteria = assessedCriteria(input, basis);
    if (input.outcome === 'defer') {
      const missing = modificationsNeedingRequest(
        await allocatedModifications(unit.trx, releaseId),
        input.deferredTo,
      );
      if (missing.length > 0)
        throw new AppError(
          'timetable_request_required',
          `Deferring to ${input.deferredTo} passes the approved implementation date of ${missing.join(', ')}: request the Authority to change it (D10.5) first`,
          { field: 'deferredTo' },
        );
    }
    const row = await unit.trx
      .insertInto('go_live_decision')
      .values({
        release_id: releaseId,
        outcome: input.outcome as GoLiveDecision['outcome'],
        decided_on: input.decidedOn,
        criteria: JSON.stringify(criteria),
        conditions: input.outcome === 'go_live_with_conditions' ? input.conditions.trim() : null,
        deferred_to: input.outcome === 'defer' ? input.deferredTo : null,
        reasons: input.reasons.trim(),
        recorded_by: actor.id,
        recorded_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const decision = toDecision(row);
    const after =
      input.outcome === 'defer'
        ? { go_live: input.deferredTo, status: release.status }
        : { go_live: release.go_live, status: 'live' };
    await unit.trx
      .updateTable('release')
      .set((eb) => ({ ...after, version: eb('version', '+', 1) }))
      .where('id', '=', releaseId)
      .execute();
    await unit.audit({
      action: 'release.go_live_decided',
      subjectType: 'release',
      subjectId: String(releaseId),
      before: { go_live: release.go_live, status: release.status },
      after: {
        ...after,
        decisionId: decision.id,
        outcome: decision.outcome,
        decidedOn: decision.decided_on,
        ridVersionId: rid.id,
        criteria,
        conditions: decision.conditions,
      },
      reason: decision.reasons === '' ? null : decision.reasons,
    });
    if (input.outcome !== 'defer') await implementParts(unit, releaseId);
    return decision;
  });
}

/** D10.8(e): the release's live parts are implemented; fully implemented modifications move on. */
async function implementParts(unit: UnitOfWork, releaseId: number): Promise<void> {
  const parts = await unit.trx
    .updateTable('allocation')
    .set({ implemented_at: unit.now })
    .where('release_id', '=', releaseId)
    .where('descoped_at', 'is', null)
    .where('implemented_at', 'is', null)
    .returning(['modification_id'])
    .execute();
  const ids = [...new Set(parts.map((p) => p.modification_id))].sort((a, b) => a - b);
  for (const id of ids) {
    const all = await unit.trx
      .selectFrom('allocation')
      .select('implemented_at')
      .where('modification_id', '=', id)
      .where('descoped_at', 'is', null)
      .execute();
    if (!isFullyImplemented(all.map((a) => ({ implemented: a.implemented_at !== null })))) continue;
    const modification = await lockModification(unit.trx, id);
    if (modification.status !== 'allocated') continue;
    await moveStatus(unit, modification, 'implemented', 'release', 'Its release went live', {});
  }
}
