import { longDate } from '../../calendar/date-words.ts';
import { produceNextVersion } from '../code-text/code-text.actions.ts';
import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { lockModification, moveStatus } from '../modification/modification.queries.ts';
import { approvedRidOf } from '../rid/rid.queries.ts';
import { linkableEvidenceOf } from '../testing/testing.queries.ts';
import {
  allocationsOf,
  implementedFlagsOf,
  implementLiveParts,
} from '../allocation/allocation.queries.ts';
import { canRecordGoLive } from './go-live.access.ts';
import {
  assessedCriteria,
  checkGoLiveDecision,
  goesLive,
  isFullyImplemented,
  modificationsNeedingRequest,
  type GoLiveBasis,
  type GoLiveInput,
  type GoLiveOutcomeId,
} from './go-live.ts';
import {
  checkDecisionMeeting,
  checkRidApprovalCarries,
  decisionDateOf,
  checkGoLiveContent,
  checkGoLiveNotice,
  checkGoLiveWindow,
  goLiveWindowOpens,
} from './go-live-gates.ts';
import {
  allocatedModifications,
  insertGoLiveDecision,
  type GoLiveDecision,
} from './go-live.store.ts';
import {
  changeReleaseStatus,
  refuse,
  statusDecisionMeeting,
  type StatusDecisionInput,
} from '../release/release.actions.ts';
import { checkPanelRecord } from '../meeting/meeting.actions.ts';
import {
  insertReleasePanelDecision,
  lockRelease,
  panelDecisionsOf,
  saveReleaseState,
  type Release,
} from '../release/release.queries.ts';
import { canRecordReleaseDecisions } from '../release/release.access.ts';
import { checkDeferral, type GoLiveWarning } from '../release/release.ts';
import { deferralWarnings } from './deferral-warnings.queries.ts';
import { findMeeting, type Meeting } from '../meeting/meeting.queries.ts';
import { keepHistorySource } from '../installation/installation.actions.ts';
import type { GivenSource } from '../installation/history-source.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { governingPolicyOf } from '../policy/policy.queries.ts';
import { noticeStart as noticeStart_ } from '../policy/policy-dates.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { noticesOf } from '../notice/notice.queries.ts';
import type { ApprovedRid } from '../rid/rid.queries.ts';
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
 * Rulings 10 and 15, D10.8(c)(e), D10.13(a), D10.15: before a release goes live: the release
 * holds exactly the content of the approved RID, and some (release_empty, rid_content_mismatch);
 * the decision is taken within the governing Policy's go-live decision window
 * (go_live_window_not_open); Users had the notice the Policy requires, or the Panel recorded an
 * exception (release_notice_required).
 */
async function requireGoLiveGates(
  ctx: AppContext,
  unit: UnitOfWork,
  release: Release,
  rid: ApprovedRid,
  decidedOn: string,
): Promise<void> {
  // The parts in force: not de-scoped, and not a pending addition waiting for a RID amendment
  // (ruling 15; a pending removal is still in the approved RID).
  const scope = (await allocationsOf(unit.trx, release.id))
    .filter((a) => a.descopedAt === null && a.pendingChange !== 'addition')
    .map((a) => ({ modificationId: a.modificationId, reference: a.reference, part: a.part }));
  refuse(checkGoLiveContent(rid.content, scope));
  const policy = await governingPolicyOf(ctx, release, todayOf(unit.now), unit.trx);
  const calendar = await calendarFor(ctx, undefined, unit.trx);
  const days = policy?.mechanisms.goLive?.decisionWorkingDaysBeforeGoLive;
  const opens = days === undefined ? undefined : goLiveWindowOpens(release.go_live, days, calendar);
  refuse(checkGoLiveWindow(decidedOn, release.go_live, opens));
  const noticeStart = policy
    ? noticeStart_(policy, release.release_type, release.go_live, calendar)
    : undefined;
  const issuedOn = (await noticesOf(unit.trx, release.id)).map((n) =>
    londonDateOf(n.issuedAt.toISOString()),
  );
  const excepted = (await panelDecisionsOf(unit.trx, release.id)).some(
    (d) => d.kind === 'notice_exception',
  );
  refuse(checkGoLiveNotice(issuedOn, noticeStart, excepted));
}

/**
 * Rulings 16 and 10, D10.5: the Panel's deferral of a release not yet live to a later go-live
 * date, recorded by the Panel Chair or SECAS against the meeting that decided, with reasons; its
 * status stays what the facts make it. Past a modification's approved implementation date, a
 * D10.5 request to the Authority is needed first (timetable_request_required). Issue 13: the
 * release comes back with the warnings on its new go-live date (`deferralWarnings`).
 */
export async function deferRelease(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: StatusDecisionInput,
): Promise<Release & { warnings: GoLiveWarning[] }> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordReleaseDecisions,
      'Only the Panel Chair or SECAS records the Panel’s decisions on a release',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId, input.version);
    const deferredTo = input.deferredTo ?? '';
    refuse(checkDeferral({ ...release, goLive: release.go_live }, deferredTo));
    const meeting = await statusDecisionMeeting(ctx, unit, input);
    await requireTimetableRequests(unit, releaseId, deferredTo);
    const moved = await saveReleaseState(unit.trx, releaseId, { goLive: deferredTo });
    const decision = await insertReleasePanelDecision(unit.trx, {
      releaseId,
      kind: 'deferral',
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
      action: 'release.deferred',
      subjectType: 'release',
      subjectId: String(releaseId),
      before: { go_live: release.go_live, status: release.status },
      after: {
        go_live: moved.go_live,
        status: moved.status,
        decisionId: decision.id,
        meetingId: meeting.id,
        decidedOn: decision.decidedOn,
      },
      reason: decision.reasons,
    });
    const today = todayOf(unit.now);
    return { ...moved, warnings: await deferralWarnings(ctx, moved, deferredTo, today, unit.trx) };
  });
}

/**
 * Ruling 16: a status asked by hand: the Panel's deferral (here) or cancellation (the release
 * module); any other status follows facts and is refused with status_follows_facts. A deferral
 * comes back with the warnings on its new go-live date (issue 13); a cancellation has none.
 */
export async function decideReleaseStatus(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: StatusDecisionInput,
): Promise<Release & { warnings: GoLiveWarning[] }> {
  return input.to === 'deferred'
    ? deferRelease(ctx, principal, releaseId, input)
    : { ...(await changeReleaseStatus(ctx, principal, releaseId, input)), warnings: [] };
}

/**
 * Rulings 13 and 16: the Panel meeting that took a go-live decision. A deferral is a Panel decision
 * set by hand: it names its meeting and reasons (`statusDecisionMeeting`). Going live names its
 * meeting too: held, and recorded within its record window (`checkPanelRecord`); the decision is
 * dated that meeting's day.
 */
async function goLiveMeeting(
  ctx: AppContext,
  unit: UnitOfWork,
  input: GoLiveInput,
): Promise<Meeting> {
  if (input.outcome === 'defer') return statusDecisionMeeting(ctx, unit, input);
  const id = input.meetingId ?? 0;
  const meeting = Number.isSafeInteger(id) && id > 0 ? await findMeeting(unit.trx, id) : undefined;
  if (meeting) await checkPanelRecord(ctx, unit, meeting.heldOn);
  refuse(checkDecisionMeeting(meeting?.heldOn, todayOf(unit.now)));
  if (!meeting)
    throw new AppError('validation_failed', 'Choose the Panel meeting that decided', {
      field: 'meetingId',
    });
  return meeting;
}

/**
 * D10.8(e), D10.13(f), ruling 10: the Panel's go-live decision against the go-live criteria of
 * the approved RID (refused with rid_not_approved while there is none; a RID approved before the
 * cut-over carries only a decision before it, ruling 13), at the meeting that took it. Going live
 * (with or without conditions) makes the release live and its parts implemented, and a
 * modification whose parts are all implemented Implemented. A deferral (rulings 10 and 16) names
 * its meeting and reasons, moves the go-live date, is recorded as the Panel's deferral of the
 * release, and past a modification's approved implementation date needs a D10.5 request first.
 * Issue 13: a deferral comes back with the warnings on its new go-live date (`deferralWarnings`).
 */
export async function recordGoLiveDecision(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: GoLiveInput & { version?: number | undefined } & GivenSource,
): Promise<GoLiveDecision & { warnings: GoLiveWarning[] }> {
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
    const meeting = await goLiveMeeting(ctx, unit, input);
    const dated = decisionDateOf(input.decidedOn.trim(), meeting.heldOn);
    if ('code' in dated) refuse(dated);
    const decidedOn = 'date' in dated ? dated.date : '';
    refuse(checkRidApprovalCarries(rid, decidedOn, await cutOverOf(unit.trx)));
    const facts = { status: release.status, goLive: release.go_live };
    refuse(checkGoLiveDecision({ ...input, decidedOn }, facts, todayOf(unit.now), basis));
    if (goesLive(input.outcome)) await requireGoLiveGates(ctx, unit, release, rid, decidedOn);
    const criteria = assessedCriteria(input, basis);
    const defer = input.outcome === 'defer';
    if (defer) await requireTimetableRequests(unit, releaseId, input.deferredTo);
    const decision = await insertGoLiveDecision(unit.trx, {
      release_id: releaseId,
      outcome: input.outcome as GoLiveOutcomeId,
      decided_on: decidedOn,
      meeting_id: meeting.id,
      criteria: JSON.stringify(criteria),
      conditions: input.outcome === 'go_live_with_conditions' ? input.conditions.trim() : null,
      deferred_to: defer ? input.deferredTo : null,
      reasons: input.reasons.trim(),
      recorded_by: actor.id,
      recorded_at: unit.now,
    });
    const after = defer
      ? { go_live: input.deferredTo, status: release.status }
      : { go_live: release.go_live, status: 'live' as const };
    await saveReleaseState(unit.trx, releaseId, { goLive: after.go_live, status: after.status });
    // Ruling 13: a release that went live at a meeting before the cut-over is history.
    const source = defer
      ? null
      : await keepHistorySource(
          unit,
          {
            type: 'release',
            id: releaseId,
            on: decidedOn,
            what: `The Panel’s decision of ${longDate(decidedOn)} that the ${release.name} goes live`,
          },
          input,
        );
    const deferral = defer
      ? await insertReleasePanelDecision(unit.trx, {
          releaseId,
          kind: 'deferral',
          meetingId: meeting.id,
          decidedOn,
          reasons: decision.reasons,
          statusBefore: release.status,
          statusAfter: after.status,
          goLiveBefore: release.go_live,
          goLiveAfter: after.go_live,
          recordedBy: actor.id,
          recordedAt: unit.now,
        })
      : undefined;
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
        meetingId: decision.meetingId,
        ...(deferral ? { panelDecisionId: deferral.id } : {}),
        ridVersionId: rid.id,
        criteria,
        conditions: decision.conditions,
        ...(source ? { heldOutsideSecrel: true, source } : {}),
      },
      reason: decision.reasons === '' ? null : decision.reasons,
    });
    if (!defer) await implementParts(unit, releaseId);
    // D10.1: going live varies the Code — the next version, in this transaction (issue 14).
    if (!defer) await produceNextVersion(unit, releaseId);
    const today = todayOf(unit.now);
    const warnings = defer
      ? await deferralWarnings(
          ctx,
          { ...release, go_live: input.deferredTo },
          input.deferredTo,
          today,
          unit.trx,
        )
      : [];
    return { ...decision, warnings };
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
