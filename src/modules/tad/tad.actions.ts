import { inTransaction, type AppContext, type Db, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { decisionMeeting } from '../meeting/meeting.actions.ts';
import { lockRelease, type Release } from '../release/release.queries.ts';
import { allocationsOf } from '../allocation/allocation.queries.ts';
import {
  amendmentBase,
  checkReleaseOpen,
  checkTadRequest,
  checkTadText,
  isEditable,
  missingTadSections,
  nextVersionNumber,
  type TadProblem,
  type TadRequest,
  type TadText,
  type TadVersion,
} from './tad.ts';
import {
  carriedConditions,
  checkConditions,
  mergeConditions,
  missingConditions,
  missingConditionsMessage,
  tadScope,
  type TadCondition,
  type TadScopeModification,
} from './tad-conditions.ts';
import { canDraftTad, canRequestTad } from './tad.access.ts';
import { tadRequestedSubject, tadRequestedText } from './tad.mail.ts';
import {
  dccPeople,
  findTadRequest,
  insertTadRequest,
  insertTadVersion,
  listTadVersions,
  lockTadVersion,
  updateTadVersion as updateVersionRow,
  type TadVersionChanges,
} from './tad.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

function refuse(problem: TadProblem | null): void {
  if (problem) throw invalid(problem.field, problem.message);
}

/** What the audit trail records of a version. */
export function auditView(v: TadVersion) {
  const { number, status, objectives, strategy, consequences, basedOnId } = v;
  const { reviewMeetingId, reviewedOn, reviewNotes, conditions } = v;
  return {
    number,
    status,
    objectives,
    strategy,
    consequences,
    conditions,
    basedOnId,
    reviewMeetingId,
    reviewedOn,
    reviewNotes,
  };
}

/** D10.18: the modifications of the release a TAD version covers (see `tadScope`). */
export async function scopeOfRelease(db: Db, releaseId: number): Promise<TadScopeModification[]> {
  return tadScope(await allocationsOf(db, releaseId));
}

/**
 * D10.18, D10.13(d)(e): refuses to submit or review a version while a modification in the
 * release lacks a statement of how (d) or (e) is met (tad_conditions_missing, with
 * `details.missingConditions`: each modification and the limbs it lacks).
 */
export async function requireConditions(
  db: Db,
  version: TadVersion,
  act: 'submitted' | 'reviewed',
): Promise<void> {
  const missing = missingConditions(
    await scopeOfRelease(db, version.releaseId),
    version.conditions,
  );
  if (missing.length > 0)
    throw new AppError(
      'tad_conditions_missing',
      missingConditionsMessage(version.number, act, missing),
      {
        field: 'conditions',
        details: { missingConditions: missing },
      },
    );
}

/** Saves a change to a version, bumping its row version, with its audit event. */
export async function saveTadVersion(
  unit: UnitOfWork,
  before: TadVersion,
  changes: TadVersionChanges,
  action: string,
  reason?: string,
): Promise<TadVersion> {
  const after = await updateVersionRow(unit.trx, before.id, changes);
  await unit.audit({
    action,
    subjectType: 'tad_version',
    subjectId: String(after.id),
    before: auditView(before),
    after: { releaseId: after.releaseId, ...auditView(after) },
    ...(reason === undefined ? {} : { reason }),
  });
  return after;
}

/** D10.18: each of the DCC's people is told of the Panel's request. */
async function tellTheDcc(unit: UnitOfWork, release: Release, request: TadRequest): Promise<void> {
  for (const person of await dccPeople(unit.trx))
    await unit.notify({
      to: person.email,
      toName: person.name,
      subject: tadRequestedSubject(release.name),
      text: tadRequestedText(release, request, person.name),
      dedupeKey: `tad-request:${request.id}:${person.id}`,
    });
}

export interface TadRequestCommand {
  /** The Panel meeting that made the request (required; refused when missing, ruling 13). */
  meetingId?: number | null | undefined;
  /** The meeting's day, the default; any other day is refused. */
  requestedOn?: string | undefined;
  dueDate?: string | null | undefined;
  scopeNote?: string | undefined;
}

/**
 * D10.18, ruling 8: SECAS or the Panel Chair records the Panel's request for a release's TAD.
 * One per release (409 already_exists). Ruling 13: it names the Panel meeting that made it and is
 * dated that day (`decisionMeeting`: validation_failed without one, meeting_not_held,
 * panel_record_late). The DCC's people are e-mailed; the task shows on the home pages of the DCC
 * and SECAS until a version is submitted. Audited `tad.requested`.
 */
export async function requestTad(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: TadRequestCommand,
  actor: Actor = actorOf(
    requireActor(
      principal,
      canRequestTad,
      'Only the Panel Chair, or SECAS for the Panel, records the Panel’s request for a TAD',
    ),
  ),
): Promise<TadRequest> {
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    refuse(checkReleaseOpen(release.status, release.name));
    if (await findTadRequest(unit.trx, releaseId))
      throw new AppError(
        'already_exists',
        `The Panel has already asked for a TAD for the ${release.name}`,
        { field: 'requestedOn' },
      );
    const { meeting, date } = await decisionMeeting(
      ctx,
      unit,
      input.meetingId,
      input.requestedOn,
      'requestedOn',
    );
    const meetingId = meeting.id;
    const checked = {
      requestedOn: date,
      dueDate: input.dueDate?.trim() ? input.dueDate.trim() : null,
      scopeNote: (input.scopeNote ?? '').trim(),
    };
    refuse(checkTadRequest(checked, todayOf(unit.now)));
    const request = await insertTadRequest(unit.trx, {
      releaseId,
      meetingId,
      requestedOn: checked.requestedOn,
      scopeNote: checked.scopeNote,
      dueDate: checked.dueDate,
      requestedBy: actor.id,
      requestedAt: unit.now,
    });
    await tellTheDcc(unit, release, request);
    await unit.audit({
      action: 'tad.requested',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: { requestId: request.id, meetingId, ...checked },
    });
    return request;
  });
}

/**
 * D10.19, D10.20: the DCC starts a draft: the first version, or an amendment copying the text of
 * the latest submitted, reviewed or effective version. Needs the Panel's request; one draft at a
 * time (409 already_exists). Text given here replaces the copied text. Audited `tad.drafted`.
 */
export async function draftTadVersion(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  text: Partial<TadText> & { conditions?: TadCondition[] | undefined } = {},
  actor: Actor = actorOf(requireActor(principal, canDraftTad, 'Only the DCC drafts the TAD')),
): Promise<TadVersion> {
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    refuse(checkReleaseOpen(release.status, release.name));
    if (!(await findTadRequest(unit.trx, releaseId)))
      throw new AppError(
        'invalid_transition',
        `The Panel has not asked for a TAD for the ${release.name} (D10.18)`,
      );
    const versions = await listTadVersions(unit.trx, releaseId);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft)
      throw new AppError(
        'already_exists',
        `Version ${draft.number} is already a draft: edit and submit it first`,
      );
    const base = amendmentBase(versions);
    const content: TadText = {
      objectives: text.objectives ?? base?.objectives ?? '',
      strategy: text.strategy ?? base?.strategy ?? '',
      consequences: text.consequences ?? base?.consequences ?? '',
    };
    refuse(checkTadText(content));
    const scope = await scopeOfRelease(unit.trx, releaseId);
    refuse(checkConditions(text.conditions ?? [], scope));
    const conditions = mergeConditions(
      carriedConditions(base?.conditions ?? [], scope),
      text.conditions ?? [],
      scope,
    );
    const created = await insertTadVersion(unit.trx, {
      releaseId,
      number: nextVersionNumber(versions),
      ...content,
      conditions,
      basedOnId: base?.id ?? null,
      createdBy: actor.id,
      createdAt: unit.now,
    });
    await unit.audit({
      action: 'tad.drafted',
      subjectType: 'tad_version',
      subjectId: String(created.id),
      after: { releaseId, ...auditView(created) },
    });
    return created;
  });
}

/**
 * D10.19, D10.18: the DCC edits a draft it read at `version` (409 stale_version): its text, and
 * the statements of how D10.13(d) and (e) are met for the modifications given (others kept).
 * Audited `tad.updated`.
 */
export async function updateTadVersion(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  edit: TadText & { version: number; conditions?: TadCondition[] | undefined },
  actor: Actor = actorOf(requireActor(principal, canDraftTad, 'Only the DCC edits the TAD')),
): Promise<TadVersion> {
  const content: TadText = {
    objectives: edit.objectives,
    strategy: edit.strategy,
    consequences: edit.consequences,
  };
  refuse(checkTadText(content));
  return inTransaction(ctx, actor, async (unit) => {
    const current = await lockTadVersion(unit.trx, releaseId, number, edit.version);
    if (!isEditable(current))
      throw new AppError(
        'invalid_transition',
        `Version ${current.number} has been submitted: its text is fixed. Start an amendment instead`,
      );
    if (edit.conditions === undefined) return saveTadVersion(unit, current, content, 'tad.updated');
    const scope = await scopeOfRelease(unit.trx, releaseId);
    refuse(checkConditions(edit.conditions, scope));
    const conditions = mergeConditions(current.conditions, edit.conditions, scope);
    return saveTadVersion(unit, current, { ...content, conditions }, 'tad.updated');
  });
}

/**
 * D10.19: the DCC submits a draft; refused with tad_incomplete naming each empty section of
 * (a)–(c) (`details.missing` lists their letters), and nothing changes. D10.18, D10.13(d)(e):
 * refused with tad_conditions_missing while a modification in the release lacks a statement of
 * how (d) or (e) is met. Audited `tad.submitted`.
 */
export async function submitTadVersion(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  version: number,
  actor: Actor = actorOf(requireActor(principal, canDraftTad, 'Only the DCC submits the TAD')),
): Promise<TadVersion> {
  return inTransaction(ctx, actor, async (unit) => {
    const current = await lockTadVersion(unit.trx, releaseId, number, version);
    if (current.status !== 'draft')
      throw new AppError('invalid_transition', `Version ${current.number} is not a draft`);
    const missing = missingTadSections(current);
    if (missing.length > 0)
      throw new AppError(
        'tad_incomplete',
        `Version ${current.number} cannot be submitted: it does not define ${missing.map((s) => `(${s.letter}) ${s.description}`).join('; ')} (D10.19)`,
        {
          field: missing[0]?.field ?? 'objectives',
          details: { missing: missing.map((s) => s.letter) },
        },
      );
    await requireConditions(unit.trx, current, 'submitted');
    return saveTadVersion(
      unit,
      current,
      { status: 'submitted', submittedAt: unit.now },
      'tad.submitted',
    );
  });
}
