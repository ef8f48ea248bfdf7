import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { assertLegalTextCovered } from '../code-text/code-authoring.actions.ts';
import {
  lockModification,
  moveStatus,
  type Modification,
} from '../modification/modification.queries.ts';
import { governingPoliciesOf } from '../policy/policy.queries.ts';
import type { PolicyVersion } from '../policy/policy.ts';
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
import { refuse, statusDecisionMeeting } from '../release/release.actions.ts';
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
  allocationsOf,
  hasLivePart,
  insertAllocation,
  clashingPartOf,
  lockAllocation,
  ridStandingOf,
  saveApprovalEffect,
  saveDescoped,
  savePendingRemoval,
  saveWithdrawnAddition,
  type Allocation,
} from './allocation.store.ts';
import {
  approvalEffects,
  changeMode,
  checkContentUnfrozen,
  type ContentKey,
  type ScopeFacts,
} from './allocation-scope.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { WorkingDayCalendar } from '../../calendar/working-days.ts';
import { noticeStart } from '../policy/policy-dates.ts';
import { outOfStep } from '../timetable/timetable.ts';
import { dateStandings } from '../timetable/timetable.queries.ts';
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

/** The Policy version governing a release (ruling 14) and the Working-Day calendar. */
interface Governance {
  policy: PolicyVersion | undefined;
  calendar: WorkingDayCalendar;
}

/**
 * Ruling 14: the Policy version governing the release, with the calendar it was resolved on, read
 * once per use case (issue 12: each read is a round trip made while the release's row is locked).
 */
async function governanceOf(
  ctx: AppContext,
  unit: UnitOfWork,
  release: Release,
): Promise<Governance> {
  const calendar = await calendarFor(ctx, undefined, unit.trx);
  const [policy] = await governingPoliciesOf(ctx, [release], todayOf(unit.now), unit.trx, calendar);
  return { policy, calendar };
}

/**
 * Ruling 15, D10.15: whether the release's RID is approved, its freeze date (from the Policy
 * version governing the release, ruling 14) and whether a Panel override can still be carried;
 * refused with `rid_frozen` and the date from the freeze unless there is one.
 */
async function contentChange(
  unit: UnitOfWork,
  release: Release,
  field: string,
  { policy, calendar }: Governance,
): Promise<ScopeFacts> {
  const facts: ScopeFacts = {
    ...(await ridStandingOf(unit.trx, release.id)),
    freezeDate: policy && noticeStart(policy, release.release_type, release.go_live, calendar),
    today: todayOf(unit.now),
  };
  const frozen = checkContentUnfrozen(facts, release.name, field);
  if (frozen)
    throw new AppError(frozen.code, frozen.message, {
      field: frozen.field,
      details: { freezeDate: frozen.freezeDate },
    });
  return facts;
}

/**
 * Ruling 17, D10.5(b): a modification is allocated (or re-allocated) only to a release in step
 * with its implementation date: past the date in force, a D10.5 request to the Authority must be
 * recorded first; before a date the Authority directed, never.
 */
async function requireInStep(unit: UnitOfWork, release: Release, modification: Modification) {
  const [standing] = await dateStandings(unit.trx, [modification.id]);
  if (!standing) return;
  const problem = outOfStep(modification.reference, standing, {
    name: release.name,
    goLive: release.go_live,
  });
  if (problem)
    throw new AppError(problem.code, problem.message, {
      field: 'releaseId',
      details: { implementationDate: standing.implementationDate },
    });
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
  unit: UnitOfWork,
  release: Release,
  modification: Modification,
  input: AllocationInput,
  policy: PolicyVersion | undefined,
): Promise<{ baseline: PassedBaseline | null; exceptionId: number | null }> {
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
 * it. Ruling 17: the release must be in step with the modification's implementation date.
 * Ruling 15: after a RID version is approved the part is a pending addition until an approved
 * amendment carries it; from the freeze it is refused unless the Panel recorded an override.
 * D6.8(e) (issue 14): refused with `legal_text_documents_missing` while the modification's legal
 * text changes a Section its documents do not list (code-coverage.ts rule 1).
 * The first part moves the modification from approved to allocated.
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
    await assertLegalTextCovered(unit.trx, modification.id, 'allocation');
    refuse(
      checkPartFree(
        await clashingPartOf(unit.trx, modification.id, part),
        part,
        modification.reference,
      ),
    );
    const governance = await governanceOf(ctx, unit, release);
    const facts = await contentChange(unit, release, 'releaseId', governance);
    await requireInStep(unit, release, modification);
    const { baseline, exceptionId } = await exceptionFor(
      unit,
      release,
      modification,
      input,
      governance.policy,
    );
    const pending = changeMode(facts) === 'pending';
    const allocation = await insertAllocation(unit.trx, {
      pending_change: pending ? 'addition' : null,
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
        pendingChange: allocation.pendingChange,
        approvedRidNumber: facts.approvedRidNumber,
      },
      reason: pending
        ? `Pending until an amendment of the approved RID (version ${facts.approvedRidNumber ?? ''}) carrying it is approved (ruling 15)`
        : null,
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
 * goes back to approved. Ruling 15: after a RID version is approved, the removal of a part the
 * approved RID lists is pending until an approved amendment drops it (a pending addition, which no
 * approved RID lists, is withdrawn at once); from the freeze it is refused unless the Panel
 * recorded an override. Ruling 13: the decision names the Panel meeting that took it (held, within
 * its record window, `statusDecisionMeeting`) and is dated that meeting's day.
 */
export async function decideAndDescope(
  ctx: AppContext,
  principal: Principal | null,
  allocationId: number,
  input: { meetingId?: number | undefined; decidedOn?: string | undefined; reasons: string },
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
    const meeting = await statusDecisionMeeting(ctx, unit, input);
    refuse(checkPanelDecision(input, meeting.heldOn));
    const facts = await contentChange(
      unit,
      release,
      'allocationId',
      await governanceOf(ctx, unit, release),
    );
    const pending = changeMode(facts) === 'pending' && allocation.pendingChange !== 'addition';
    const reasons = input.reasons.trim();
    const decision = await insertReleaseDecision(unit.trx, {
      release_id: release.id,
      kind: 'descope',
      modification_id: modification.id,
      meeting_id: meeting.id,
      decided_on: meeting.heldOn,
      reasons,
      recorded_by: actor.id,
      recorded_at: unit.now,
    });
    const updated = pending
      ? await savePendingRemoval(unit.trx, allocationId, decision.id)
      : allocation.pendingChange === 'addition'
        ? await saveWithdrawnAddition(unit.trx, allocationId, unit.now, decision.id)
        : await saveDescoped(unit.trx, allocationId, unit.now, decision.id);
    await touchRelease(unit.trx, release.id);
    await unit.audit({
      action: pending ? 'release.descope_pending' : 'release.descoped',
      subjectType: 'release',
      subjectId: String(release.id),
      before: {
        allocationId,
        modification: modification.reference,
        part: allocation.part,
        pendingChange: allocation.pendingChange,
      },
      after: {
        decisionId: decision.id,
        meetingId: meeting.id,
        decidedOn: meeting.heldOn,
        reasons,
        pendingChange: updated.pendingChange,
        approvedRidNumber: facts.approvedRidNumber,
      },
      reason: reasons,
    });
    if (pending) return updated;
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

/**
 * Ruling 15, D10.13(a), D10.15: inside the unit of work that approves a RID version, the release's
 * allocations follow the content the Panel approved (see `approvalEffects`): pending additions it
 * carries come into force, pending removals it drops are de-scoped (a modification left with no
 * part goes back to approved), and a part it does not list waits as a pending addition. Each
 * change is audited. The release is locked by the caller.
 */
export async function applyApprovedContent(
  unit: UnitOfWork,
  release: Pick<Release, 'id' | 'name'>,
  version: { id: number; number: number; content: readonly ContentKey[] },
): Promise<void> {
  const parts = await allocationsOf(unit.trx, release.id);
  for (const { allocationId, effect } of approvalEffects(parts, version.content)) {
    const before = parts.find((p) => p.id === allocationId);
    if (!before) continue;
    const modification =
      effect === 'removal_applied' ? await lockModification(unit.trx, before.modificationId) : null;
    const after = await saveApprovalEffect(unit.trx, allocationId, effect, version.id, unit.now);
    await unit.audit({
      action: APPROVAL_ACTIONS[effect],
      subjectType: 'release',
      subjectId: String(release.id),
      before: {
        allocationId,
        modification: before.reference,
        part: before.part,
        pendingChange: before.pendingChange,
      },
      after: {
        pendingChange: after.pendingChange,
        descopedAt: after.descopedAt?.toISOString() ?? null,
        ridVersionId: version.id,
        ridNumber: version.number,
      },
      reason: `${APPROVAL_REASONS[effect]} version ${version.number} of the RID of ${release.name} (ruling 15)`,
    });
    if (
      modification &&
      modification.status === 'allocated' &&
      !(await hasLivePart(unit.trx, modification.id))
    )
      await moveStatus(
        unit,
        modification,
        'approved',
        'release',
        `De-scoped from ${release.name} by version ${version.number} of its RID`,
      );
  }
}

const APPROVAL_ACTIONS = {
  addition_applied: 'release.allocation_applied',
  removal_applied: 'release.descoped',
  addition_held: 'release.allocation_pending',
} as const;

const APPROVAL_REASONS = {
  addition_applied: 'Carried by the approved',
  removal_applied: 'Dropped by the approved',
  addition_held: 'Not listed by the approved',
} as const;
