import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { canPlanTestPhases, canRecordTestResults } from './testing.access.ts';
import { releaseUnderTest } from './testing-guard.ts';
import { lockPhase, phasesOf, type TestPhase } from './testing.store.ts';
import {
  checkPhasePlan,
  defectsOf,
  checkPhaseResults,
  phasesFromRid,
  type PhasePlan,
  type PhaseResults,
  type TestingRefusal,
  type TestPhaseKind,
  type TestPhaseStatus,
} from './testing.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

function refuse(refusal: TestingRefusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
}

/** What the audit trail records of a phase. */
function auditView(phase: TestPhase) {
  return {
    releaseId: phase.release_id,
    name: phase.name,
    kind: phase.kind,
    plannedStart: phase.planned_start,
    plannedEnd: phase.planned_end,
    actualStart: phase.actual_start,
    actualEnd: phase.actual_end,
    status: phase.status,
    testsPassed: phase.tests_passed,
    testsFailed: phase.tests_failed,
    defects: phase.defects,
    notes: phase.notes,
  };
}

async function insertPhase(unit: UnitOfWork, releaseId: number, plan: PhasePlan) {
  const row = await unit.trx
    .insertInto('test_phase')
    .values({
      release_id: releaseId,
      name: plan.name.trim(),
      kind: plan.kind,
      planned_start: plan.plannedStart,
      planned_end: plan.plannedEnd,
      defects: JSON.stringify(defectsOf({})),
      created_by: unit.actor.id,
      created_at: unit.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const phase = { ...row, defects: defectsOf(row.defects) };
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
    for (const plan of wanted) created.push(await insertPhase(unit, releaseId, plan));
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
    return insertPhase(unit, releaseId, { ...input, kind: input.kind as TestPhaseKind });
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
    await releaseUnderTest(unit.trx, releaseId);
    const before = await lockPhase(unit.trx, releaseId, phaseId, input.version);
    refuse(checkPhaseResults(before.status, input, todayOf(unit.now)));
    const defects = defectsOf(input.defects);
    const row = await unit.trx
      .updateTable('test_phase')
      .set((eb) => ({
        status: input.status as TestPhaseStatus,
        actual_start: input.actualStart,
        actual_end: input.actualEnd,
        tests_passed: input.testsPassed,
        tests_failed: input.testsFailed,
        defects: JSON.stringify(defects),
        notes: input.notes.trim(),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', phaseId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = { ...row, defects: defectsOf(row.defects) };
    await unit.audit({
      action: 'test_phase.updated',
      subjectType: 'test_phase',
      subjectId: String(phaseId),
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}
