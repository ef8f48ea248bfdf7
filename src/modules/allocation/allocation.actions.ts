import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import {
  lockModification,
  moveStatus,
  type Modification,
} from '../modification/modification.queries.ts';
import { governingPolicyOf } from '../policy/policy.queries.ts';
import {
  checkAllocatable,
  checkDescopable,
  checkExceptionDecision,
  checkPart,
  checkPartFree,
  exceptionRequiredMessage,
  passedBaseline,
  WHOLE,
  type PassedBaseline,
} from './allocation.ts';
import { refuse } from '../release/release.actions.ts';
import { checkPanelDecision, checkScopeOpen } from '../release/release.ts';
import { canAllocate } from './allocation.access.ts';
import { canRecordReleaseDecisions } from '../release/release.access.ts';
import {
  findReleaseDecision,
  insertReleaseDecision,
  lockRelease,
  touchRelease,
  type Release,
} from '../release/release.queries.ts';
import {
  allocationPlace,
  hasLivePart,
  insertAllocation,
  livePartsOf,
  lockAllocation,
  saveDescoped,
  type Allocation,
} from './allocation.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface AllocationInput {
  modificationId: number;
  part?: string | undefined;
  description?: string | undefined;
  dccImpacting: boolean;
  exceptionDecisionId?: number | undefined;
}

/** D10.7: the modification to allocate, locked; one that does not exist is refused on the form. */
async function lockChosenModification(unit: UnitOfWork, id: number): Promise<Modification> {
  return lockModification(unit.trx, id).catch(() => {
    throw new AppError('validation_failed', 'Choose an approved modification', {
      field: 'modificationId',
    });
  });
}

/**
 * D10.8(a)(b): the scope baseline of the release that has passed for the part, if any, and then
 * the Panel late-addition decision the allocation relies on (its id), checked.
 */
async function exceptionFor(
  ctx: AppContext,
  unit: UnitOfWork,
  release: Release,
  modification: Modification,
  input: AllocationInput,
): Promise<{ baseline: PassedBaseline | null; exceptionId: number | null }> {
  const policy = await governingPolicyOf(ctx, release, todayOf(unit.now), unit.trx);
  if (!policy) throw new AppError('not_found', 'The release’s Policy version is missing');
  const baseline = passedBaseline(policy, release.go_live, input.dccImpacting, todayOf(unit.now));
  if (!baseline) return { baseline, exceptionId: null };
  const decisionId = input.exceptionDecisionId;
  if (decisionId === undefined)
    throw new AppError(
      'panel_exception_required',
      exceptionRequiredMessage(baseline, release.name, modification.reference),
      { field: 'exceptionDecisionId' },
    );
  const decision = await findReleaseDecision(unit.trx, decisionId);
  refuse(
    checkExceptionDecision(
      decision,
      { decisionId, releaseId: release.id, releaseName: release.name },
      modification,
    ),
  );
  return { baseline, exceptionId: decisionId };
}

/**
 * D10.7, D10.8(a): SECAS allocates a part of an approved modification to a release. After the
 * scope baseline that applies to the part, only a recorded Panel late-addition decision allows
 * it. The first live part moves the modification from approved to allocated.
 */
export async function allocateModification(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: AllocationInput,
): Promise<Allocation> {
  const actor = actorOf(requireActor(principal, canAllocate, 'Only SECAS allocates modifications'));
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    refuse(checkScopeOpen(release, 'releaseId', 'nothing more can be allocated to it'));
    const part = (input.part ?? '').trim() || WHOLE;
    refuse(checkPart(part));
    const modification = await lockChosenModification(unit, input.modificationId);
    refuse(checkAllocatable(modification, release, input.dccImpacting));
    refuse(
      checkPartFree(await livePartsOf(unit.trx, modification.id), part, modification.reference),
    );
    const { baseline, exceptionId } = await exceptionFor(ctx, unit, release, modification, input);
    const allocation = await insertAllocation(unit.trx, {
      release_id: release.id,
      modification_id: modification.id,
      part,
      description: (input.description ?? '').trim(),
      dcc_impacting: input.dccImpacting,
      exception_decision_id: exceptionId,
      allocated_by: actor.id,
      allocated_at: unit.now,
    });
    await touchRelease(unit.trx, release.id);
    await unit.audit({
      action: 'release.allocated',
      subjectType: 'release',
      subjectId: String(release.id),
      after: {
        allocationId: allocation.id,
        modification: modification.reference,
        part,
        dccImpacting: input.dccImpacting,
        exceptionDecisionId: exceptionId,
        baselinePassed: baseline,
      },
    });
    if (modification.status === 'approved')
      await moveStatus(unit, modification, 'allocated', 'release', `Allocated to ${release.name}`);
    return allocation;
  });
}

/** Locks an allocation with its release and modification, in that order. */
async function lockAllocationWithRelease(unit: UnitOfWork, allocationId: number) {
  const place = await allocationPlace(unit.trx, allocationId);
  if (!place) throw new AppError('not_found', `There is no allocation ${allocationId}`);
  const release = await lockRelease(unit.trx, place.releaseId);
  const modification = await lockModification(unit.trx, place.modificationId);
  const allocation = await lockAllocation(unit.trx, allocationId);
  return { release, modification, allocation };
}

/**
 * D10.8(a): the Panel de-scopes a part from a release: the decision is recorded with its reasons
 * in the same step, the part returns to unallocated, and a modification left with no live part
 * goes back to approved.
 */
export async function decideAndDescope(
  ctx: AppContext,
  principal: Principal | null,
  allocationId: number,
  input: { decidedOn: string; reasons: string },
): Promise<Allocation> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordReleaseDecisions,
      'Only the Panel Chair or SECAS records Panel decisions',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const { release, modification, allocation } = await lockAllocationWithRelease(
      unit,
      allocationId,
    );
    refuse(checkDescopable(allocation, modification.reference, release.name));
    refuse(checkScopeOpen(release, 'allocationId'));
    refuse(checkPanelDecision(input, todayOf(unit.now)));
    const reasons = input.reasons.trim();
    const decision = await insertReleaseDecision(unit.trx, {
      release_id: release.id,
      kind: 'descope',
      modification_id: modification.id,
      decided_on: input.decidedOn,
      reasons,
      recorded_by: actor.id,
      recorded_at: unit.now,
    });
    const updated = await saveDescoped(unit.trx, allocationId, unit.now, decision.id);
    await touchRelease(unit.trx, release.id);
    await unit.audit({
      action: 'release.descoped',
      subjectType: 'release',
      subjectId: String(release.id),
      before: { allocationId, modification: modification.reference, part: allocation.part },
      after: { decisionId: decision.id, decidedOn: input.decidedOn, reasons },
      reason: reasons,
    });
    if (!(await hasLivePart(unit.trx, modification.id)) && modification.status === 'allocated')
      await moveStatus(
        unit,
        modification,
        'approved',
        'release',
        `De-scoped from ${release.name}: ${reasons}`,
      );
    return updated;
  });
}
