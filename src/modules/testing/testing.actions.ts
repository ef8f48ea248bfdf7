import { inTransaction, type AppContext, type Tx, type UnitOfWork } from '../../app-context.ts';
import { longDate } from '../../calendar/date-words.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { lockRelease, type Release } from '../release/release.queries.ts';
import { releaseFollowsFact } from '../release/release.actions.ts';
import { approvedRidOf, type ApprovedRid } from '../rid/rid.queries.ts';
import { canPlanTestPhases, canRecordTestResults } from './testing.access.ts';
import { insertPhase, lockPhase, phasesOf, savePhaseResults } from './testing.store.ts';
import {
  checkPhasePlan,
  checkUnderTest,
  defectsOf,
  checkPhaseResults,
  phasesFromRid,
  hasSitStarted,
  type PhasePlan,
  type PhaseResults,
  type TestingRefusal,
  type TestPhase,
  type TestPhaseKind,
  type TestPhaseStatus,
} from './testing.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

/**
 * D10.16: loads the release whose testing records change and its approved RID, refusing a
 * closed or cancelled release or one without an approved RID (checkUnderTest). Locks the release
 * so two writers of the same release's testing records queue.
 */
export async function releaseUnderTest(
  trx: Tx,
  releaseId: number,
): Promise<{ release: Release; rid: ApprovedRid }> {
  const release = await lockRelease(trx, releaseId);
  const rid = await approvedRidOf(trx, releaseId);
  const refusal = checkUnderTest(release, rid !== undefined);
  if (refusal || !rid) throw new AppError(refusal?.code ?? 'rid_not_approved', refusal?.message);
  return { release, rid };
}

function refuse(refusal: TestingRefusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
}

/** What the audit trail records of a phase. */
function auditView(phase: TestPhase) {
  return {
    releaseId: phase.releaseId,
    name: phase.name,
    kind: phase.kind,
    plannedStart: phase.plannedStart,
    plannedEnd: phase.plannedEnd,
    actualStart: phase.actualStart,
    actualEnd: phase.actualEnd,
    status: phase.status,
    testsPassed: phase.testsPassed,
    testsFailed: phase.testsFailed,
    defects: phase.defects,
    notes: phase.notes,
  };
}

async function addPhase(unit: UnitOfWork, releaseId: number, plan: PhasePlan) {
  const phase = await insertPhase(unit.trx, {
    releaseId,
    name: plan.name.trim(),
    kind: plan.kind,
    plannedStart: plan.plannedStart,
    plannedEnd: plan.plannedEnd,
    createdBy: unit.actor.id,
    createdAt: unit.now,
  });
  await unit.audit({
    action: 'test_phase.created',
    subjectType: 'test_phase',
    subjectId: String(phase.id),
    before: null,
    after: auditView(phase),
  });
  return phase;
}

/**
 * D10.13(b), D10.16: SECAS or the DCC creates the release's DCC SIT and User testing phases on
 * the approved RID's testing windows; a kind already planned is not created twice, and when
 * both exist the request is refused (already_exists).
 */
export async function createPhasesFromRid(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
): Promise<TestPhase[]> {
  const actor = actorOf(
    requireActor(
      principal,
      canPlanTestPhases,
      'Only SECAS or the DCC creates the test phases of a release',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const { release, rid } = await releaseUnderTest(unit.trx, releaseId);
    const plans = phasesFromRid(rid.sections.timescales);
    if (!Array.isArray(plans))
      throw new AppError(plans.code, plans.message, { field: plans.field });
    const existing = new Set((await phasesOf(unit.trx, releaseId)).map((p) => p.kind));
    const wanted = plans.filter((p) => !existing.has(p.kind));
    if (wanted.length === 0)
      throw new AppError(
        'already_exists',
        `${release.name} already has its DCC SIT and User testing phases from the approved RID`,
      );
    const created: TestPhase[] = [];
    for (const plan of wanted) created.push(await addPhase(unit, releaseId, plan));
    return created;
  });
}

export interface PhasePlanInput {
  name: string;
  kind: string;
  plannedStart: string;
  plannedEnd: string;
}

/** D10.16: SECAS or the DCC adds a regression, performance or other phase with planned dates. */
export async function addTestPhase(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: PhasePlanInput,
): Promise<TestPhase> {
  const actor = actorOf(
    requireActor(
      principal,
      canPlanTestPhases,
      'Only SECAS or the DCC adds test phases to a release',
    ),
  );
  refuse(checkPhasePlan(input));
  return inTransaction(ctx, actor, async (unit) => {
    await releaseUnderTest(unit.trx, releaseId);
    return addPhase(unit, releaseId, { ...input, kind: input.kind as TestPhaseKind });
  });
}

export interface PhaseResultsInput extends PhaseResults {
  version?: number | undefined;
}

/**
 * D10.16: the DCC records what happened in a phase: actual dates, status (a sensible move),
 * tests passed and failed, open defects by severity and notes. A stale version is refused.
 */
export async function recordPhaseResults(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  phaseId: number,
  input: PhaseResultsInput,
): Promise<TestPhase> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordTestResults,
      'Only the DCC records the results of its test phases',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const { release } = await releaseUnderTest(unit.trx, releaseId);
    const before = await lockPhase(unit.trx, releaseId, phaseId, input.version);
    refuse(checkPhaseResults(before.status, input, todayOf(unit.now)));
    const after = await savePhaseResults(unit.trx, phaseId, {
      status: input.status as TestPhaseStatus,
      actualStart: input.actualStart,
      actualEnd: input.actualEnd,
      testsPassed: input.testsPassed,
      testsFailed: input.testsFailed,
      defects: defectsOf(input.defects),
      notes: input.notes.trim(),
    });
    await unit.audit({
      action: 'test_phase.updated',
      subjectType: 'test_phase',
      subjectId: String(phaseId),
      before: auditView(before),
      after: auditView(after),
    });
    if (hasSitStarted(after))
      await releaseFollowsFact(
        unit,
        release,
        'sit_started',
        `DCC System Integration Testing (${after.name}) started on ${longDate(after.actualStart ?? todayOf(unit.now))} (D10.16, ruling 16)`,
      );
    return after;
  });
}
