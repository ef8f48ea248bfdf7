import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { formatInstant } from '../../calendar/format.ts';
import { longDate } from '../../calendar/date-words.ts';
import { keepHistorySource } from '../installation/installation.actions.ts';
import type { GivenSource } from '../installation/history-source.ts';
import { tellFollowers } from '../notification/notification.actions.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import { appealDeadline } from '../appeal/appeal-window.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { saveReleaseState, type Release } from '../release/release.queries.ts';
import { applyApprovedContent } from '../allocation/allocation.actions.ts';
import { findMeeting } from '../meeting/meeting.queries.ts';
import { checkPanelRecord } from '../meeting/meeting.actions.ts';
import { missingRidSections } from './rid-sections.ts';
import { MAX_SECTION_TEXT } from './rid-validation.ts';
import {
  approvalMeetingProblem,
  canMoveRid,
  incompleteMessage,
  isPanelApproval,
  releaseStatusAfterApproval,
  RID_STATUS_NAMES,
  type FreezeOverride,
  type RidVersion,
} from './rid.ts';
import { guardFreeze, lockOpenRelease, saveRidVersion } from './rid.actions.ts';
import { canPublishRid, canRecordRidApproval } from './rid.access.ts';
import {
  freezeOverridesOf,
  insertFreezeOverride,
  latestTadVersion,
  lockRidVersion,
  makeTadEffective,
  supersedeApprovedRid,
} from './rid.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

/**
 * A Panel meeting held on or before today, or a 400 naming `meetingId`; from the cut-over, the
 * decision is recorded within the meeting's record window (ruling 13, `checkPanelRecord`).
 */
async function heldMeeting(
  ctx: AppContext,
  unit: UnitOfWork,
  meetingId: number,
  submittedOn?: string,
) {
  if (!Number.isSafeInteger(meetingId) || meetingId < 1)
    throw invalid('meetingId', 'Choose the Panel meeting that decided');
  const meeting = await findMeeting(unit.trx, meetingId);
  if (!meeting) throw invalid('meetingId', `There is no Panel meeting ${meetingId}`);
  await checkPanelRecord(ctx, unit, meeting.heldOn);
  const problem = approvalMeetingProblem(
    meeting.heldOn,
    submittedOn ?? meeting.heldOn,
    todayOf(unit.now),
  );
  if (problem) throw invalid('meetingId', problem);
  return meeting;
}

/**
 * Ruling 8: the TAD takes effect with the RID version the Panel approves: the latest TAD version
 * the Panel has reviewed becomes effective (an earlier effective one superseded) and is linked to
 * the version; with none reviewed, the TAD already in force stays linked.
 */
async function tadTakesEffect(unit: UnitOfWork, releaseId: number): Promise<number | null> {
  const reviewed = await latestTadVersion(unit.trx, releaseId, 'reviewed');
  if (!reviewed) return (await latestTadVersion(unit.trx, releaseId, 'effective'))?.id ?? null;
  const superseded = await makeTadEffective(unit.trx, releaseId, reviewed.id);
  await unit.audit({
    action: 'tad.took_effect',
    subjectType: 'tad_version',
    subjectId: String(reviewed.id),
    before: { status: 'reviewed' },
    after: { status: 'effective', number: reviewed.number, superseded },
    reason: 'Part of the RID version the Panel approved (D10.18, ruling 8)',
  });
  return reviewed.id;
}

/** D10.15: approving the RID moves a planned or scoped release to "RID approved". */
async function releaseTakesApproval(
  unit: UnitOfWork,
  release: Release,
  number: number,
): Promise<void> {
  const releaseStatus = releaseStatusAfterApproval(release.status);
  if (releaseStatus === release.status) return;
  await saveReleaseState(unit.trx, release.id, { status: releaseStatus });
  await unit.audit({
    action: 'release.status_changed',
    subjectType: 'release',
    subjectId: String(release.id),
    before: { status: release.status },
    after: { status: releaseStatus },
    reason: `The Panel approved version ${number} of the Release Implementation Document (D10.15)`,
  });
}

/**
 * D10.15: the version the Panel approves, locked: submitted to it, complete, not frozen (or
 * under an override, returned), and the meeting that decided, held since it was submitted.
 */
async function approvable(
  ctx: AppContext,
  unit: UnitOfWork,
  releaseId: number,
  number: number,
  input: { meetingId: number; version?: number | undefined },
) {
  const release = await lockOpenRelease(unit, releaseId);
  const before = await lockRidVersion(unit.trx, releaseId, number, input.version);
  if (!canMoveRid(before.status, 'approved'))
    throw new AppError(
      'invalid_transition',
      `Version ${number} is ${RID_STATUS_NAMES[before.status].toLowerCase()}: the Panel approves a version submitted to it`,
      { field: 'version' },
    );
  const overrideId = await guardFreeze(ctx, unit, release, before);
  const missing = missingRidSections(before.sections, before.contentSnapshot?.length ?? 0);
  if (missing.length > 0)
    throw new AppError('rid_incomplete', incompleteMessage(missing), { details: { missing } });
  const submittedOn = londonDateOf((before.submittedAt ?? unit.now).toISOString());
  const meeting = await heldMeeting(ctx, unit, input.meetingId, submittedOn);
  return { release, before, overrideId, meeting };
}

/**
 * D10.15: the Panel approves a submitted version (an amendment likewise), recorded against the
 * meeting that decided; approved on the meeting's date. The version approved before is
 * superseded, a planned or scoped release becomes "RID approved", and the reviewed TAD takes
 * effect with it (ruling 8). Ruling 15: the release's allocations follow the approved content
 * (pending changes it carries apply). Frozen from the freeze date unless the version has an
 * override. An approval at a meeting held before the cut-over is history and comes with its
 * published source (ruling 13, `keepHistorySource`).
 */
export async function approveRidVersion(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { meetingId: number; version?: number | undefined } & GivenSource,
): Promise<RidVersion> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordRidApproval,
      'Only the Panel Chair or SECAS records the Panel’s approval of the RID',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const { release, before, overrideId, meeting } = await approvable(
      ctx,
      unit,
      releaseId,
      number,
      input,
    );
    const previous = await supersedeApprovedRid(unit.trx, releaseId);
    const tadVersionId = await tadTakesEffect(unit, releaseId);
    const after = await saveRidVersion(unit, before.id, {
      status: 'approved',
      approvalMeetingId: meeting.id,
      approvedOn: meeting.heldOn,
      approvedBy: actor.id,
      tadVersionId,
      ...(overrideId === undefined ? {} : { freezeOverrideId: overrideId }),
    });
    const source = await keepHistorySource(
      unit,
      {
        type: 'rid_version',
        id: after.id,
        on: meeting.heldOn,
        what: `The Panel’s approval of version ${number} of the RID at its meeting of ${longDate(meeting.heldOn)}`,
      },
      input,
    );
    await releaseTakesApproval(unit, release, number);
    await applyApprovedContent(unit, release, {
      id: after.id,
      number,
      content: before.contentSnapshot ?? [],
    });
    await unit.audit({
      action: 'rid.approved',
      subjectType: 'rid_version',
      subjectId: String(after.id),
      before: { status: before.status },
      after: {
        status: after.status,
        meetingId: meeting.id,
        approvedOn: after.approvedOn,
        tadVersionId,
        superseded: previous.map((p) => p.number),
        ...(source ? { heldOutsideSecrel: true, source } : {}),
      },
    });
    return after;
  });
}

/**
 * D10.12, D10.17, ruling 1, ruling 18: SECAS publishes the Panel's approval on the SEC Website;
 * the publication instant opens the appeal window. Every approval is published and opens its
 * own window, including one superseded by a later amendment before it was published. The
 * window's close ("within 10 Working Days following" publication) is computed now, with today's
 * calendar, and stored on the version (and in the audit event): a later bank-holiday override or
 * HOLIDAY_REGION change does not shorten it.
 */
export async function publishRidApproval(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { version?: number | undefined } = {},
): Promise<RidVersion> {
  const actor = actorOf(requireActor(principal, canPublishRid, 'Only SECAS publishes the RID'));
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockRidVersion(unit.trx, releaseId, number, input.version);
    if (!isPanelApproval(before))
      throw new AppError(
        'invalid_transition',
        `Version ${number} is ${RID_STATUS_NAMES[before.status].toLowerCase()}: only a version the Panel approved is published`,
        { field: 'version' },
      );
    if (before.publishedAt !== null)
      throw new AppError(
        'invalid_transition',
        `The approval of version ${number} was already published`,
        { field: 'version' },
      );
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const deadline = appealDeadline(calendar, unit.now.toISOString());
    const after = await saveRidVersion(unit, before.id, {
      publishedAt: unit.now,
      publishedBy: actor.id,
      appealDeadline: new Date(deadline),
    });
    await unit.audit({
      action: 'rid.published',
      subjectType: 'rid_version',
      subjectId: String(after.id),
      after: {
        number,
        status: before.status,
        publishedAt: unit.now.toISOString(),
        appealDeadline: deadline,
      },
    });
    // Issue 13: the release's followers are told; the appeal window is open from now.
    await tellFollowers(
      unit,
      { type: 'release', id: releaseId },
      {
        subject: `RID version ${number} approved and published`,
        body: `The SEC Panel's approval of version ${number} of the Release Implementation Document is published. Any Party may appeal it until ${formatInstant(deadline)} (Section D10.17).`,
        path: `/releases/${releaseId}/rid`,
        key: `rid:${after.id}:published`,
      },
    );
    return after;
  });
}

/**
 * D10.15, ruling 5: the Panel's decision, at a meeting, to let the RID be amended once after its
 * freeze, with its reasons; recorded by the Panel Chair or SECAS. One unused override at a time.
 */
export async function recordFreezeOverride(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: { meetingId: number; reasons: string },
): Promise<FreezeOverride> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordRidApproval,
      'Only the Panel Chair or SECAS records the Panel’s decisions',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockOpenRelease(unit, releaseId);
    const reasons = input.reasons.trim();
    if (reasons === '') throw invalid('reasons', 'Give the Panel’s reasons for the override');
    if (reasons.length > MAX_SECTION_TEXT)
      throw invalid('reasons', `The reasons must be ${MAX_SECTION_TEXT} characters or fewer`);
    const meeting = await heldMeeting(ctx, unit, input.meetingId);
    const overrides = await freezeOverridesOf(unit.trx, releaseId);
    const unused = overrides.find((o) => o.usedByNumber === null);
    if (unused)
      throw new AppError(
        'already_exists',
        `The Panel’s override ${unused.id} of ${release.name} has not been used yet`,
        { field: 'meetingId' },
      );
    const override = await insertFreezeOverride(unit.trx, {
      releaseId,
      meetingId: meeting.id,
      decidedOn: meeting.heldOn,
      reasons,
      recordedBy: actor.id,
      recordedAt: unit.now,
    });
    await unit.audit({
      action: 'rid.freeze_overridden',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: {
        overrideId: override.id,
        meetingId: meeting.id,
        decidedOn: override.decidedOn,
        reasons,
      },
    });
    return override;
  });
}
