import { inTransaction, type AppContext, type Tx, type UnitOfWork } from '../../app-context.ts';
import { AppError, type ErrorCode } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { isApproved } from '../modification/modification.ts';
import { lockModification } from '../modification/modification.queries.ts';
import { releaseTypeOf } from '../policy/policy-dates.ts';
import { policyInForce, type PolicyVersion } from '../policy/policy.ts';
import { listPolicyVersions } from '../policy/policy.queries.ts';
import {
  checkCancellation,
  checkHandSet,
  checkNewRelease,
  checkPanelDecision,
  checkPlanningYear,
  checkScopeOpen,
  checkStatusDecision,
  goLiveWarnings,
  planStandardReleases,
  statusAfterFact,
  type GoLiveWarning,
  type PlannedRelease,
  type ReleaseFact,
} from './release.ts';
import { canManageReleases, canRecordReleaseDecisions } from './release.access.ts';
import {
  insertRelease,
  insertReleaseDecision,
  insertReleasePanelDecision,
  liveAllocationCount,
  lockRelease,
  releaseNamed,
  releaseNames,
  saveReleaseState,
  touchRelease,
  type NewReleaseRow,
  type Release,
  type ReleaseDecision,
  type ReleasePanelDecision,
} from './release.store.ts';
import { findMeeting, type Meeting } from '../meeting/meeting.queries.ts';
import { checkPanelRecord } from '../meeting/meeting.actions.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** Throws the refusal a pure rule returned, if any. */
export function refuse(refusal: { code: ErrorCode; field: string; message: string } | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
}

function auditView(r: Release) {
  const { name, release_type, go_live, status, policy_version_id, dcc_impacting, notes } = r;
  return { name, release_type, go_live, status, policy_version_id, dcc_impacting, notes };
}

/** The Policy version in force today, which governs a release created today. */
async function policyInForceOn(trx: Tx, today: string): Promise<PolicyVersion | undefined> {
  return policyInForce(await listPolicyVersions(trx), today);
}

/** Saves a new release and audits its creation. */
async function saveNewRelease(
  unit: UnitOfWork,
  values: Omit<NewReleaseRow, 'created_by' | 'created_at'>,
  reason?: string,
): Promise<Release> {
  const release = await insertRelease(unit.trx, {
    ...values,
    created_by: unit.actor.id,
    created_at: unit.now,
  });
  await unit.audit({
    action: 'release.created',
    subjectType: 'release',
    subjectId: String(release.id),
    after: auditView(release),
    ...(reason === undefined ? {} : { reason }),
  });
  return release;
}

export interface NewRelease {
  name: string;
  releaseType: string;
  goLive: string;
  notes?: string | undefined;
}

/**
 * D10.8(a), ruling 7: SECAS creates a release (e.g. an ad-hoc release for an Authority-Led
 * Variation); the Policy version in force today governs it and is stored with it. Issue 13: the
 * release comes back with the warnings on its go-live date (goLiveWarnings: off the type's
 * weekday); the form asks to confirm them first.
 */
export async function createRelease(
  ctx: AppContext,
  principal: Principal | null,
  input: NewRelease,
): Promise<Release & { warnings: GoLiveWarning[] }> {
  const actor = actorOf(requireActor(principal, canManageReleases, 'Only SECAS creates releases'));
  return inTransaction(ctx, actor, async (unit) => {
    const today = todayOf(unit.now);
    const policy = await policyInForceOn(unit.trx, today);
    const name = input.name.trim();
    refuse(checkNewRelease(policy, { ...input, name }, today));
    if (!policy) throw new AppError('validation_failed', 'No Policy in force');
    if (await releaseNamed(unit.trx, name))
      throw new AppError('already_exists', `There is already a release named ${name}`, {
        field: 'name',
      });
    const type = releaseTypeOf(policy, input.releaseType);
    const release = await saveNewRelease(unit, {
      name,
      release_type: input.releaseType,
      go_live: input.goLive,
      policy_version_id: policy.id,
      dcc_impacting: type?.dccImpactingAllowed ?? true,
      notes: input.notes?.trim() ?? '',
    });
    return { ...release, warnings: goLiveWarnings(type, input.goLive, today) };
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
    refuse(checkPlanningYear(year, today));
    const policy = await policyInForceOn(unit.trx, today);
    if (!policy)
      throw new AppError(
        'validation_failed',
        'There is no SEC Release Management Policy in force to plan releases from',
        { field: 'year' },
      );
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const plan = planStandardReleases(policy, year, calendar, await releaseNames(unit.trx));
    const created: Release[] = [];
    for (const planned of plan.create)
      created.push(
        await saveNewRelease(
          unit,
          {
            name: planned.name,
            release_type: planned.releaseType,
            go_live: planned.goLive,
            policy_version_id: policy.id,
            dcc_impacting: planned.dccImpacting,
          },
          `Standard releases of ${year}`,
        ),
      );
    return { created, skipped: plan.skipped };
  });
}

/**
 * Ruling 16: a fact (RID approved, DCC SIT started) moves a release's status forward, in the unit
 * of work that records the fact; audited with the fact as the reason. Returns the release as
 * saved (unchanged when already further along).
 */
export async function releaseFollowsFact(
  unit: UnitOfWork,
  release: Release,
  fact: ReleaseFact,
  reason: string,
): Promise<Release> {
  const status = statusAfterFact(release.status, fact);
  if (status === release.status) return release;
  const moved = await saveReleaseState(unit.trx, release.id, { status });
  await unit.audit({
    action: 'release.status_changed',
    subjectType: 'release',
    subjectId: String(release.id),
    before: { status: release.status },
    after: { status, fact },
    reason,
  });
  return moved;
}

/** Ruling 16: what the Panel decided by hand: a cancellation, or a deferral with its new date. */
export interface StatusDecisionInput {
  to: string;
  version: number;
  meetingId?: number | undefined;
  reasons: string;
  deferredTo?: string | undefined;
}

/**
 * Ruling 16: the meeting that took a hand-set Panel decision on a release, checked with the
 * reasons: held on or before today; from the cut-over, recorded within the meeting's record
 * window (ruling 13, `checkPanelRecord`). Returns it.
 */
export async function statusDecisionMeeting(
  ctx: AppContext,
  unit: UnitOfWork,
  input: { meetingId?: number | undefined; reasons: string },
): Promise<Meeting> {
  const id = input.meetingId ?? 0;
  const meeting = Number.isSafeInteger(id) && id > 0 ? await findMeeting(unit.trx, id) : undefined;
  if (meeting) await checkPanelRecord(ctx, unit, meeting.heldOn);
  refuse(checkStatusDecision(input, meeting?.heldOn, todayOf(unit.now)));
  if (!meeting) throw new AppError('validation_failed', 'No such meeting', { field: 'meetingId' });
  return meeting;
}

/** The release-page and audit words of a Panel decision on a release. */
function panelDecisionView(decision: ReleasePanelDecision) {
  return {
    decisionId: decision.id,
    kind: decision.kind,
    meetingId: decision.meetingId,
    decidedOn: decision.decidedOn,
    reasons: decision.reasons,
  };
}

/**
 * Ruling 16, A-REL: the only status set by hand here is the Panel's cancellation, recorded by
 * the Panel Chair or SECAS against the meeting that decided, with reasons; any other status
 * follows facts and is refused (status_follows_facts), a deferral is go-live's (deferRelease).
 */
export async function changeReleaseStatus(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: StatusDecisionInput,
): Promise<Release> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordReleaseDecisions,
      'Only the Panel Chair or SECAS records the Panel’s decisions on a release',
    ),
  );
  refuse(checkHandSet(input.to));
  if (input.to !== 'cancelled')
    throw new AppError('validation_failed', 'A deferral is recorded with its new go-live date', {
      field: 'to',
    });
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, id, input.version);
    const meeting = await statusDecisionMeeting(ctx, unit, input);
    refuse(checkCancellation(release, await liveAllocationCount(unit.trx, id)));
    const moved = await saveReleaseState(unit.trx, id, { status: 'cancelled' });
    const decision = await insertReleasePanelDecision(unit.trx, {
      releaseId: id,
      kind: 'cancellation',
      meetingId: meeting.id,
      decidedOn: meeting.heldOn,
      reasons: input.reasons.trim(),
      statusBefore: release.status,
      statusAfter: moved.status,
      goLiveBefore: release.go_live,
      goLiveAfter: moved.go_live,
      recordedBy: actor.id,
      recordedAt: unit.now,
    });
    await unit.audit({
      action: 'release.status_changed',
      subjectType: 'release',
      subjectId: String(id),
      before: { status: release.status },
      after: { status: moved.status, ...panelDecisionView(decision) },
      reason: decision.reasons,
    });
    return moved;
  });
}

/**
 * D10.8(c), D10.15: the Panel's exception letting a release go live without the notice the
 * Policy requires, recorded by the Panel Chair or SECAS against the meeting, with reasons.
 */
export async function recordNoticeException(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { meetingId?: number | undefined; reasons: string; version?: number | undefined },
): Promise<ReleasePanelDecision> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordReleaseDecisions,
      'Only the Panel Chair or SECAS records the Panel’s decisions on a release',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, id, input.version);
    refuse(checkScopeOpen(release, 'meetingId', 'it needs no exception'));
    const meeting = await statusDecisionMeeting(ctx, unit, input);
    const decision = await insertReleasePanelDecision(unit.trx, {
      releaseId: id,
      kind: 'notice_exception',
      meetingId: meeting.id,
      decidedOn: meeting.heldOn,
      reasons: input.reasons.trim(),
      statusBefore: release.status,
      statusAfter: release.status,
      goLiveBefore: release.go_live,
      goLiveAfter: release.go_live,
      recordedBy: actor.id,
      recordedAt: unit.now,
    });
    await touchRelease(unit.trx, id);
    await unit.audit({
      action: 'release.notice_exception_decided',
      subjectType: 'release',
      subjectId: String(id),
      after: panelDecisionView(decision),
      reason: decision.reasons,
    });
    return decision;
  });
}

export interface LateAdditionInput {
  modificationId: number;
  /** Ruling 13: the Panel meeting that decided; the decision is dated its day. */
  meetingId?: number | undefined;
  /** May be left out; if given, the meeting's day. */
  decidedOn?: string | undefined;
  reasons: string;
}

/**
 * D10.8(a), ruling 13: the Panel's decision to add a modification to a release after its scope
 * baseline (the exception route), recorded with its reasons by the Panel Chair or SECAS against
 * the meeting that took it (`statusDecisionMeeting`: held, within its record window), dated that
 * meeting's day.
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
    refuse(checkScopeOpen(release, 'releaseId'));
    const meeting = await statusDecisionMeeting(ctx, unit, input);
    refuse(checkPanelDecision(input, meeting.heldOn));
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
    const decision = await insertReleaseDecision(unit.trx, {
      release_id: releaseId,
      kind: 'late_addition',
      modification_id: modification.id,
      meeting_id: meeting.id,
      decided_on: meeting.heldOn,
      reasons: input.reasons.trim(),
      recorded_by: actor.id,
      recorded_at: unit.now,
    });
    await touchRelease(unit.trx, releaseId);
    await unit.audit({
      action: 'release.late_addition_decided',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: {
        decisionId: decision.id,
        modification: modification.reference,
        meetingId: decision.meetingId,
        decidedOn: decision.decidedOn,
        reasons: decision.reasons,
      },
    });
    return decision;
  });
}
