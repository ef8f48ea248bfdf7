import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { lockModification, moveStatus } from '../modification/modification.queries.ts';
import { approvedRidOf } from '../rid/rid.queries.ts';
import { linkableEvidenceOf } from '../testing/testing.queries.ts';
import { implementedFlagsOf, implementLiveParts } from '../allocation/allocation.queries.ts';
import { canRecordGoLive } from './go-live.access.ts';
import {
  assessedCriteria,
  checkGoLiveDecision,
  isFullyImplemented,
  modificationsNeedingRequest,
  type GoLiveBasis,
  type GoLiveInput,
  type GoLiveOutcomeId,
} from './go-live.ts';
import {
  allocatedModifications,
  insertGoLiveDecision,
  type GoLiveDecision,
} from './go-live.store.ts';
import { refuse } from '../release/release.actions.ts';
import { lockRelease, saveReleaseState, type Release } from '../release/release.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export type { GoLiveDecision };

/**
 * D10.13(f): what the decision is checked against: the go-live criteria of the release's
 * approved RID (refused with rid_not_approved while there is none) and the test phases and
 * readiness reports evidence may link to.
 */
async function basisOf(unit: UnitOfWork, release: Release) {
  const rid = await approvedRidOf(unit.trx, release.id);
  if (!rid)
    throw new AppError(
      'rid_not_approved',
      `${release.name} has no approved RID: the Panel decides go-live against the go-live criteria of the approved RID (D10.8(e), D10.13(f))`,
    );
  const basis: GoLiveBasis = {
    criteria: rid.sections.goLiveCriteria.map((c) => ({ id: c.id.trim(), text: c.text.trim() })),
    links: await linkableEvidenceOf(unit.trx, release.id),
  };
  return { rid, basis };
}

/** Ruling 10, D10.5: a deferral past a modification's approved implementation date needs a request first. */
async function requireTimetableRequests(unit: UnitOfWork, releaseId: number, deferredTo: string) {
  const missing = modificationsNeedingRequest(
    await allocatedModifications(unit.trx, releaseId),
    deferredTo,
  );
  if (missing.length > 0)
    throw new AppError(
      'timetable_request_required',
      `Deferring to ${deferredTo} passes the approved implementation date of ${missing.join(', ')}: request the Authority to change it (D10.5) first`,
      { field: 'deferredTo' },
    );
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
    const { rid, basis } = await basisOf(unit, release);
    const facts = { status: release.status, goLive: release.go_live };
    refuse(checkGoLiveDecision(input, facts, todayOf(unit.now), basis));
    const criteria = assessedCriteria(input, basis);
    if (input.outcome === 'defer')
      await requireTimetableRequests(unit, releaseId, input.deferredTo);
    const decision = await insertGoLiveDecision(unit.trx, {
      release_id: releaseId,
      outcome: input.outcome as GoLiveOutcomeId,
      decided_on: input.decidedOn,
      criteria: JSON.stringify(criteria),
      conditions: input.outcome === 'go_live_with_conditions' ? input.conditions.trim() : null,
      deferred_to: input.outcome === 'defer' ? input.deferredTo : null,
      reasons: input.reasons.trim(),
      recorded_by: actor.id,
      recorded_at: unit.now,
    });
    const after =
      input.outcome === 'defer'
        ? { go_live: input.deferredTo, status: release.status }
        : { go_live: release.go_live, status: 'live' as const };
    await saveReleaseState(unit.trx, releaseId, { goLive: after.go_live, status: after.status });
    await unit.audit({
      action: 'release.go_live_decided',
      subjectType: 'release',
      subjectId: String(releaseId),
      before: { go_live: release.go_live, status: release.status },
      after: {
        ...after,
        decisionId: decision.id,
        outcome: decision.outcome,
        decidedOn: decision.decidedOn,
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
  for (const id of await implementLiveParts(unit.trx, releaseId, unit.now)) {
    if (!isFullyImplemented(await implementedFlagsOf(unit.trx, id))) continue;
    const modification = await lockModification(unit.trx, id);
    if (modification.status !== 'allocated') continue;
    await moveStatus(unit, modification, 'implemented', 'release', 'Its release went live', {});
  }
}
