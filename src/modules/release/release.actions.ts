import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { isApproved } from '../modification/modification.ts';
import { lockModification } from '../modification/modification.queries.ts';
import { releaseTypeOf } from '../policy/policy-dates.ts';
import { policyInForce } from '../policy/policy.ts';
import { listPolicyVersions } from '../policy/policy.queries.ts';
import { checkPanelDecision } from '../allocation/allocation.ts';
import {
  checkNewRelease,
  checkReleaseMove,
  isOpenForScope,
  planStandardReleases,
  RELEASE_STATUS_NAMES,
  type PlannedRelease,
  type ReleaseStatus,
  type Refusal,
} from './release.ts';
import { canManageReleases, canRecordReleaseDecisions } from './release.access.ts';
import {
  liveAllocationCount,
  lockRelease,
  toRelease,
  touchRelease,
  type Release,
  type ReleaseDecision,
} from './release.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** Throws the refusal a pure rule returned, if any. */
export function refuse(refusal: Refusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
}

function auditView(r: Release) {
  const { name, release_type, go_live, status, policy_version_id, dcc_impacting, notes } = r;
  return { name, release_type, go_live, status, policy_version_id, dcc_impacting, notes };
}

export interface NewRelease {
  name: string;
  releaseType: string;
  goLive: string;
  notes?: string | undefined;
}

/**
 * D10.8(a), ruling 7: SECAS creates a release (e.g. an ad-hoc release for an Authority-Led
 * Variation); the Policy version in force today governs it and is stored with it.
 */
export async function createRelease(
  ctx: AppContext,
  principal: Principal | null,
  input: NewRelease,
): Promise<Release> {
  const actor = actorOf(requireActor(principal, canManageReleases, 'Only SECAS creates releases'));
  return inTransaction(ctx, actor, async (unit) => {
    const today = todayOf(unit.now);
    const policy = policyInForce(await listPolicyVersions(unit.trx), today);
    const name = input.name.trim();
    refuse(checkNewRelease(policy, { ...input, name }, today));
    if (!policy) throw new AppError('validation_failed', 'No Policy in force');
    const taken = await unit.trx
      .selectFrom('release')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirst();
    if (taken)
      throw new AppError('already_exists', `There is already a release named ${name}`, {
        field: 'name',
      });
    const row = await unit.trx
      .insertInto('release')
      .values({
        name,
        release_type: input.releaseType,
        go_live: input.goLive,
        policy_version_id: policy.id,
        dcc_impacting: releaseTypeOf(policy, input.releaseType)?.dccImpactingAllowed ?? true,
        notes: input.notes?.trim() ?? '',
        created_by: actor.id,
        created_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const release = toRelease(row);
    await unit.audit({
      action: 'release.created',
      subjectType: 'release',
      subjectId: String(release.id),
      after: auditView(release),
    });
    return release;
  });
}

/**
 * Ruling 6: SECAS creates the standard releases of a year from the Policy in force in one step;
 * a release whose name already exists is skipped and reported, the others are created.
 */
export async function createStandardReleases(
  ctx: AppContext,
  principal: Principal | null,
  year: number,
): Promise<{ created: Release[]; skipped: PlannedRelease[] }> {
  const actor = actorOf(requireActor(principal, canManageReleases, 'Only SECAS creates releases'));
  return inTransaction(ctx, actor, async (unit) => {
    const today = todayOf(unit.now);
    if (!Number.isInteger(year) || year < Number(today.slice(0, 4)) || year > 2100)
      throw new AppError('validation_failed', 'Give this year or a later one', { field: 'year' });
    const policy = policyInForce(await listPolicyVersions(unit.trx), today);
    if (!policy)
      throw new AppError(
        'validation_failed',
        'There is no SEC Release Management Policy in force to plan releases from',
        { field: 'year' },
      );
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const names = await unit.trx.selectFrom('release').select('name').execute();
    const plan = planStandardReleases(policy, year, calendar, new Set(names.map((n) => n.name)));
    const created: Release[] = [];
    for (const planned of plan.create) {
      const row = await unit.trx
        .insertInto('release')
        .values({
          name: planned.name,
          release_type: planned.releaseType,
          go_live: planned.goLive,
          policy_version_id: policy.id,
          dcc_impacting: planned.dccImpacting,
          created_by: actor.id,
          created_at: unit.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const release = toRelease(row);
      created.push(release);
      await unit.audit({
        action: 'release.created',
        subjectType: 'release',
        subjectId: String(release.id),
        after: auditView(release),
        reason: `Standard releases of ${year}`,
      });
    }
    return { created, skipped: plan.skipped };
  });
}

/** A-REL, D10.8(b): SECAS moves a release along its lifecycle (or cancels it). */
export async function changeReleaseStatus(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { to: ReleaseStatus; version: number; reason: string },
): Promise<Release> {
  const actor = actorOf(requireActor(principal, canManageReleases, 'Only SECAS moves releases'));
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, id, input.version);
    if (input.to === 'live')
      throw new AppError(
        'invalid_transition',
        'A release goes live only through the Panel’s go-live decision (D10.8(e)): record the go-live decision instead',
        { field: 'to' },
      );
    refuse(checkReleaseMove(release.status, input.to, await liveAllocationCount(unit.trx, id)));
    const row = await unit.trx
      .updateTable('release')
      .set((eb) => ({ status: input.to, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await unit.audit({
      action: 'release.status_changed',
      subjectType: 'release',
      subjectId: String(id),
      before: { status: release.status },
      after: { status: input.to },
      reason: input.reason.trim() === '' ? null : input.reason.trim(),
    });
    return toRelease(row);
  });
}

export interface LateAdditionInput {
  modificationId: number;
  decidedOn: string;
  reasons: string;
}

/**
 * D10.8(a): the Panel's decision to add a modification to a release after its scope baseline
 * (the exception route), recorded with its reasons by the Panel Chair or SECAS.
 */
export async function recordLateAddition(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: LateAdditionInput,
): Promise<ReleaseDecision> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordReleaseDecisions,
      'Only the Panel Chair or SECAS records Panel decisions',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    if (!isOpenForScope(release.status))
      throw new AppError(
        'invalid_transition',
        `${release.name} is ${RELEASE_STATUS_NAMES[release.status].toLowerCase()}: its scope can no longer change`,
        { field: 'releaseId' },
      );
    refuse(checkPanelDecision(input, todayOf(unit.now)));
    const modification = await lockModification(unit.trx, input.modificationId).catch(() => {
      throw new AppError('validation_failed', 'There is no such modification', {
        field: 'modificationId',
      });
    });
    if (!isApproved(modification.status) || modification.status === 'implemented')
      throw new AppError(
        'not_approved',
        `${modification.reference} is not an approved modification awaiting implementation`,
        { field: 'modificationId' },
      );
    const decision = await unit.trx
      .insertInto('release_decision')
      .values({
        release_id: releaseId,
        kind: 'late_addition',
        modification_id: modification.id,
        decided_on: input.decidedOn,
        reasons: input.reasons.trim(),
        recorded_by: actor.id,
        recorded_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchRelease(unit.trx, releaseId);
    await unit.audit({
      action: 'release.late_addition_decided',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: {
        decisionId: decision.id,
        modification: modification.reference,
        decidedOn: decision.decided_on,
        reasons: decision.reasons,
      },
    });
    return decision;
  });
}
