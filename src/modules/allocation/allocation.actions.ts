import { inTransaction, type AppContext } from '../../app-context.ts';
import { formatDate } from '../../calendar/format.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { lockModification, moveStatus } from '../modification/modification.queries.ts';
import { findPolicyVersion } from '../policy/policy.queries.ts';
import {
  canBeAllocated,
  checkPanelDecision,
  checkPart,
  passedBaseline,
  WHOLE,
} from './allocation.ts';
import { refuse } from '../release/release.actions.ts';
import { isOpenForScope, RELEASE_STATUS_NAMES } from '../release/release.ts';
import { canAllocate, canRecordReleaseDecisions } from '../release/release.access.ts';
import { lockRelease, touchRelease, type Allocation } from '../release/release.store.ts';
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
    const today = todayOf(unit.now);
    const release = await lockRelease(unit.trx, releaseId);
    if (!isOpenForScope(release.status))
      throw new AppError(
        'invalid_transition',
        `${release.name} is ${RELEASE_STATUS_NAMES[release.status].toLowerCase()}: nothing more can be allocated to it`,
        { field: 'releaseId' },
      );
    const part = (input.part ?? '').trim() || WHOLE;
    refuse(checkPart(part));
    const modification = await lockModification(unit.trx, input.modificationId).catch(() => {
      throw new AppError('validation_failed', 'Choose an approved modification', {
        field: 'modificationId',
      });
    });
    if (!canBeAllocated(modification.status))
      throw new AppError(
        'not_approved',
        `${modification.reference} is not approved: only approved modifications are allocated to releases`,
        { field: 'modificationId' },
      );
    if (input.dccImpacting && !release.dcc_impacting)
      throw new AppError(
        'validation_failed',
        `${release.name} cannot carry changes to DCC Systems under the Policy`,
        { field: 'dccImpacting' },
      );
    const live = await unit.trx
      .selectFrom('allocation')
      .innerJoin('release', 'release.id', 'allocation.release_id')
      .select(['allocation.part', 'release.name'])
      .where('allocation.modification_id', '=', modification.id)
      .where('allocation.descoped_at', 'is', null)
      .execute();
    const clash = live.find((a) => a.part === part || a.part === WHOLE || part === WHOLE);
    if (clash)
      throw new AppError(
        'already_exists',
        clash.part === part
          ? `The ${part} part of ${modification.reference} is already allocated to ${clash.name}`
          : `${modification.reference} is already allocated as “${clash.part}” to ${clash.name}: a whole modification and its parts cannot both be allocated`,
        { field: 'part' },
      );
    const policy = await findPolicyVersion(unit.trx, release.policy_version_id);
    if (!policy) throw new AppError('not_found', 'The release’s Policy version is missing');
    const baseline = passedBaseline(policy, release.go_live, input.dccImpacting, today);
    let exceptionId: number | null = null;
    if (baseline) {
      if (input.exceptionDecisionId === undefined)
        throw new AppError(
          'panel_exception_required',
          `${baseline.name} for ${release.name} on ${formatDate(baseline.date)} (${baseline.date}): adding ${modification.reference} now needs a Panel late-addition decision`,
          { field: 'exceptionDecisionId' },
        );
      const decision = await unit.trx
        .selectFrom('release_decision')
        .selectAll()
        .where('id', '=', input.exceptionDecisionId)
        .executeTakeFirst();
      if (
        decision?.kind !== 'late_addition' ||
        decision.release_id !== release.id ||
        decision.modification_id !== modification.id
      )
        throw new AppError(
          'validation_failed',
          `Decision ${input.exceptionDecisionId} is not a Panel late-addition decision for ${modification.reference} in ${release.name}`,
          { field: 'exceptionDecisionId' },
        );
      exceptionId = decision.id;
    }
    const allocation = await unit.trx
      .insertInto('allocation')
      .values({
        release_id: release.id,
        modification_id: modification.id,
        part,
        description: (input.description ?? '').trim(),
        dcc_impacting: input.dccImpacting,
        exception_decision_id: exceptionId,
        allocated_by: actor.id,
        allocated_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
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
    if (modification.status === 'approved') {
      await moveStatus(unit, modification, 'allocated', 'release', `Allocated to ${release.name}`);
    }
    return allocation;
  });
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
    const found = await unit.trx
      .selectFrom('allocation')
      .select(['release_id', 'modification_id'])
      .where('id', '=', allocationId)
      .executeTakeFirst();
    if (!found) throw new AppError('not_found', `There is no allocation ${allocationId}`);
    const release = await lockRelease(unit.trx, found.release_id);
    const modification = await lockModification(unit.trx, found.modification_id);
    const allocation = await unit.trx
      .selectFrom('allocation')
      .selectAll()
      .where('id', '=', allocationId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (allocation.descoped_at !== null || allocation.implemented_at !== null)
      throw new AppError(
        'invalid_transition',
        `The ${allocation.part} part of ${modification.reference} is no longer in ${release.name}`,
        { field: 'allocationId' },
      );
    if (!isOpenForScope(release.status))
      throw new AppError(
        'invalid_transition',
        `${release.name} is ${RELEASE_STATUS_NAMES[release.status].toLowerCase()}: its scope can no longer change`,
        { field: 'allocationId' },
      );
    refuse(checkPanelDecision(input, todayOf(unit.now)));
    const decision = await unit.trx
      .insertInto('release_decision')
      .values({
        release_id: release.id,
        kind: 'descope',
        modification_id: modification.id,
        decided_on: input.decidedOn,
        reasons: input.reasons.trim(),
        recorded_by: actor.id,
        recorded_at: unit.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const updated = await unit.trx
      .updateTable('allocation')
      .set({ descoped_at: unit.now, descope_decision_id: decision.id })
      .where('id', '=', allocationId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchRelease(unit.trx, release.id);
    await unit.audit({
      action: 'release.descoped',
      subjectType: 'release',
      subjectId: String(release.id),
      before: { allocationId, modification: modification.reference, part: allocation.part },
      after: { decisionId: decision.id, decidedOn: input.decidedOn, reasons: input.reasons.trim() },
      reason: input.reasons.trim(),
    });
    const remaining = await unit.trx
      .selectFrom('allocation')
      .select('id')
      .where('modification_id', '=', modification.id)
      .where('descoped_at', 'is', null)
      .executeTakeFirst();
    if (!remaining && modification.status === 'allocated')
      await moveStatus(
        unit,
        modification,
        'approved',
        'release',
        `De-scoped from ${release.name}: ${input.reasons.trim()}`,
      );
    return updated;
  });
}
