import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { AppError, invalid, type ErrorCode } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { activeUsersOf, activeUsersWithRole } from '../meeting/meeting.queries.ts';
import {
  checkAppeal,
  checkDetermination,
  checkFurtherAppeal,
  checkFurtherAppealOutcome,
  type Appeal,
  type Determination,
  type FurtherAppealOutcome,
} from './appeal.ts';
import { appealDeadlineOf } from './appeal-window.ts';
import { canDetermineAppeal, canLodgeAppeal, canRecordFurtherAppeal } from './appeal.access.ts';
import { tell } from '../notification/notification.actions.ts';
import {
  confirmationSubject,
  confirmationText,
  determinedSubject,
  determinedText,
  distinct,
  furtherAppealRecipients,
  furtherAppealSubject,
  furtherAppealText,
  furtherOutcomeSubject,
  furtherOutcomeText,
  lodgedRecipients,
  lodgedSubject,
  lodgedText,
  type Recipient,
} from './appeal.mail.ts';
import {
  findRidVersion,
  insertAppeal,
  insertFurtherAppeal,
  lockAppeal,
  saveDetermination,
  saveFurtherAppealOutcome,
} from './appeal.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import {
  MAX_ATTACHMENTS,
  checkUpload,
  type Upload,
} from '../consultation/consultation-attachment.ts';
import {
  deleteAppealDraft,
  deleteDraftAttachment,
  findAppealDraft,
  insertDraftAttachment,
  lodgeDraftFiles,
  saveAppealDraft,
} from './appeal-draft.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

async function mail(
  unit: UnitOfWork,
  people: Recipient[],
  key: string,
  subject: string,
  text: (name: string) => string,
): Promise<void> {
  for (const person of people)
    await unit.notify({
      to: person.email,
      toName: person.name,
      subject,
      text: text(person.name),
      dedupeKey: `${key}:${person.id}`,
    });
}

function principalRecipient(principal: Principal): Recipient {
  return { id: principal.userId, email: principal.email, name: principal.name };
}

/** D10.17, ruling 1: the version appealed, or a refusal stating why it cannot be appealed now. */
async function appealableVersion(
  ctx: AppContext,
  unit: UnitOfWork,
  releaseId: number,
  number: number,
  reasons: string,
) {
  const version = await findRidVersion(unit.trx, releaseId, number);
  if (!version)
    throw new AppError('not_found', `Release ${releaseId} has no RID version ${number}`);
  const calendar = await calendarFor(ctx, undefined, unit.trx);
  const refusal = checkAppeal(calendar, version, reasons, unit.now);
  if (refusal) {
    throw new AppError(refusal.code, refusal.message, {
      ...(refusal.field === undefined ? {} : { field: refusal.field }),
      ...(refusal.details === undefined ? {} : { details: refusal.details }),
    });
  }
  // checkAppeal refused an unpublished version: the deadline is the one stored (ruling 18).
  return {
    version,
    publishedAt: version.publishedAt ?? '',
    deadline: appealDeadlineOf(calendar, version) ?? '',
  };
}

/** Domain.md §10 item 5: the appeal goes to the Authority, copied to the Code Administrator. */
async function tellOfAppeal(unit: UnitOfWork, appeal: Appeal, deadline: string): Promise<void> {
  const [authority, secas] = await Promise.all([
    activeUsersWithRole(unit.trx, 'authority'),
    activeUsersWithRole(unit.trx, 'code_administrator'),
  ]);
  const { lodgedWith, copied } = lodgedRecipients(authority, secas);
  const subject = lodgedSubject(appeal);
  const lodgedOn = londonDateOf(unit.now.toISOString());
  const key = `appeal:${appeal.id}:lodged`;
  await mail(unit, lodgedWith, key, subject, (name) =>
    lodgedText(appeal, { lodgedOn, deadline, copy: false }, name),
  );
  await mail(unit, copied, key, `Copy: ${subject}`, (name) =>
    lodgedText(appeal, { lodgedOn, deadline, copy: true }, name),
  );
}

/**
 * D10.17, rulings 1 and 2: a Party appeals the Panel's approval of version `number` of a
 * release's RID, within 10 Working Days after that approval was published, stating its reasons.
 * The appeal is lodged with the Authority and copied to the Code Administrator (domain.md §10
 * item 5): both are e-mailed. It does not suspend the RID or the release.
 */
export async function lodgeAppeal(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { reasons: string } | { fromDraft: true },
): Promise<Appeal> {
  const actor = actorOf(
    requireActor(principal, canLodgeAppeal, 'Only a Party may appeal a RID approval (D10.17)'),
  );
  if (principal?.organisationId == null) throw new AppError('forbidden', 'Only a Party may appeal');
  const { organisationId, userId } = principal;
  return inTransaction(ctx, actor, async (unit) => {
    // Issue 13: from the check-your-answers page, the reasons and files are the person's draft.
    let reasons = 'reasons' in input ? input.reasons.trim() : '';
    let draft: Awaited<ReturnType<typeof findAppealDraft>>;
    if ('fromDraft' in input) {
      const found = await findRidVersion(unit.trx, releaseId, number);
      draft = found ? await findAppealDraft(unit.trx, found.id, userId) : undefined;
      if (!draft)
        throw new AppError('appeal_reasons_required', 'Give the reasons for the appeal', {
          field: 'reasons',
        });
      reasons = draft.reasons.trim();
    }
    const { version, publishedAt, deadline } = await appealableVersion(
      ctx,
      unit,
      releaseId,
      number,
      reasons,
    );
    const id = await insertAppeal(unit.trx, {
      ridVersionId: version.id,
      organisationId,
      lodgedBy: userId,
      lodgedAt: unit.now,
      reasons,
    });
    if (draft) await lodgeDraftFiles(unit.trx, draft.id, id);
    const appeal = await lockAppeal(unit.trx, id);
    const attachments = (draft?.attachments ?? []).map((file) => ({
      filename: file.filename,
      sizeBytes: file.sizeBytes,
    }));
    await unit.audit({
      action: 'rid.appeal_lodged',
      subjectType: 'rid_appeal',
      subjectId: String(appeal.id),
      before: null,
      after: {
        releaseId,
        ridVersionId: version.id,
        ridVersionNumber: number,
        organisationId,
        reasons,
        publishedAt,
        deadline,
        ...(attachments.length ? { attachments } : {}),
      },
    });
    await tellOfAppeal(unit, appeal, deadline);
    // Issue 13: the appellant is told its appeal is lodged, as it chose for its appeals.
    await tell(unit, [principalRecipient(principal)], {
      topic: 'appeal',
      subject: confirmationSubject(appeal),
      body: confirmationText(appeal, { lodgedOn: londonDateOf(unit.now.toISOString()), deadline }),
      path: `/appeals/${appeal.id}`,
      key: `appeal:${appeal.id}:confirmation`,
    });
    return appeal;
  });
}

/**
 * Issue 13, D10.17: a Party's appeal before it is lodged (the form's "Continue"): the same checks
 * as lodging (a Party; the approval published and its window open; reasons given), then the
 * reasons and any new files (checked as consultation attachments are: PDF, DOCX, XLSX, ODT, CSV
 * or TXT, at most 5 MB each, at most three in all) are kept as the person's draft for the
 * check-your-answers page. Issue 13: saving is audited (rid.appeal_draft_saved the first time,
 * rid.appeal_draft_updated after), and so is each file added (rid.appeal_draft_file_added). The
 * events record the reasons' length and the files' names and sizes, not the unsent text itself:
 * lodging audits the appeal with its reasons and files (rid.appeal_lodged).
 */
export async function saveAppealDraftOf(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { reasons: string },
  uploads: readonly Upload[] = [],
): Promise<void> {
  const person = requireActor(
    principal,
    canLodgeAppeal,
    'Only a Party may appeal a RID approval (D10.17)',
  );
  const reasons = input.reasons.trim();
  const checked = uploads.map(checkUpload);
  await inTransaction(ctx, actorOf(person), async (unit) => {
    const { version } = await appealableVersion(ctx, unit, releaseId, number, reasons);
    for (const file of checked) if (!file.ok) throw invalid('file', file.problem);
    const existing = await findAppealDraft(unit.trx, version.id, person.userId);
    const count = (existing?.attachments.length ?? 0) + checked.length;
    if (count > MAX_ATTACHMENTS)
      throw invalid(
        'file',
        `An appeal can have at most ${MAX_ATTACHMENTS} files (it has ${existing?.attachments.length ?? 0})`,
      );
    const draftId = await saveAppealDraft(unit.trx, {
      ridVersionId: version.id,
      userId: person.userId,
      reasons,
      now: unit.now,
    });
    const about = { releaseId, ridVersionId: version.id, ridVersionNumber: number };
    await unit.audit({
      action: existing ? 'rid.appeal_draft_updated' : 'rid.appeal_draft_saved',
      subjectType: 'appeal_draft',
      subjectId: String(draftId),
      before: existing ? { ...about, reasonsCharacters: existing.reasons.length } : null,
      after: { ...about, reasonsCharacters: reasons.length },
    });
    for (const file of checked) {
      if (!file.ok) continue;
      const fileId = await insertDraftAttachment(unit.trx, draftId, file, unit.now);
      await unit.audit({
        action: 'rid.appeal_draft_file_added',
        subjectType: 'appeal_draft',
        subjectId: String(draftId),
        before: null,
        after: { ...about, fileId, filename: file.filename, sizeBytes: file.data.length },
      });
    }
  });
}

/**
 * Issue 13: the person takes a file off their draft appeal (while the window is open); audited
 * rid.appeal_draft_file_removed with the file's name and size.
 */
export async function removeAppealDraftFile(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  attachmentId: number,
): Promise<void> {
  const person = requireActor(principal, canLodgeAppeal);
  await inTransaction(ctx, actorOf(person), async (unit) => {
    const version = await findRidVersion(unit.trx, releaseId, number);
    const draft = version ? await findAppealDraft(unit.trx, version.id, person.userId) : undefined;
    const removed = draft
      ? await deleteDraftAttachment(unit.trx, draft.id, attachmentId)
      : undefined;
    if (!draft || !version || !removed)
      throw new AppError('not_found', 'Your draft appeal has no such file');
    await unit.audit({
      action: 'rid.appeal_draft_file_removed',
      subjectType: 'appeal_draft',
      subjectId: String(draft.id),
      before: {
        releaseId,
        ridVersionId: version.id,
        ridVersionNumber: number,
        fileId: removed.id,
        filename: removed.filename,
        sizeBytes: removed.sizeBytes,
      },
      after: null,
    });
  });
}

/**
 * Issue 13: the person discards their draft appeal and its files (nothing is lodged); audited
 * rid.appeal_draft_discarded with the reasons' length and the files' names. 404 without a draft.
 */
export async function discardAppealDraft(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
): Promise<void> {
  const person = requireActor(principal, canLodgeAppeal);
  await inTransaction(ctx, actorOf(person), async (unit) => {
    const version = await findRidVersion(unit.trx, releaseId, number);
    const draft = version ? await findAppealDraft(unit.trx, version.id, person.userId) : undefined;
    if (!draft || !version || !(await deleteAppealDraft(unit.trx, draft.id)))
      throw new AppError('not_found', 'You have no draft appeal against this RID version');
    await unit.audit({
      action: 'rid.appeal_draft_discarded',
      subjectType: 'appeal_draft',
      subjectId: String(draft.id),
      before: {
        releaseId,
        ridVersionId: version.id,
        ridVersionNumber: number,
        reasonsCharacters: draft.reasons.length,
        files: draft.attachments.map((file) => file.filename),
      },
      after: null,
    });
  });
}

/** D10.17: the appellant's people and SECAS are told of the Authority's determination. */
async function tellOfDetermination(
  unit: UnitOfWork,
  appeal: Appeal,
  facts: { outcome: Determination; determination: string; determinedOn: string },
): Promise<void> {
  const [appellant, secas] = await Promise.all([
    activeUsersOf(unit.trx, appeal.organisationId),
    activeUsersWithRole(unit.trx, 'code_administrator'),
  ]);
  await mail(
    unit,
    distinct(appellant, secas),
    `appeal:${appeal.id}:determined`,
    determinedSubject(appeal),
    (name) => determinedText(appeal, facts, name),
  );
}

export interface DeterminationInput {
  outcome: string;
  determination: string;
  /** The date of the determination; default today (UK date). */
  determinedOn?: string | undefined;
  /** The appeal's version as the Authority read it; a stale one is refused. */
  version?: number | undefined;
}

/**
 * D10.17, ruling 2: the Authority records its determination of an appeal (upheld, dismissed or
 * other action, with its text), once: a second determination is refused (a further appeal lies to
 * the CMA under section 173 of the Energy Act 2004; see recordFurtherAppeal). The appellant
 * and SECAS are e-mailed. Nothing else changes by itself: any action the determination directs
 * (an amendment, a new timetable) is taken through its own process.
 */
export async function determineAppeal(
  ctx: AppContext,
  principal: Principal | null,
  appealId: number,
  input: DeterminationInput,
): Promise<Appeal> {
  const actor = actorOf(
    requireActor(principal, canDetermineAppeal, 'Only the Authority determines appeals (D10.17)'),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockAppeal(unit.trx, appealId, input.version);
    const today = todayOf(unit.now);
    const determination = input.determination.trim();
    const determinedOn = input.determinedOn?.trim() || today;
    const refusal = checkDetermination(
      {
        status: before.status,
        determinedOn: before.determinedOn,
        lodgedOn: londonDateOf(new Date(before.lodgedAt).toISOString()),
      },
      { outcome: input.outcome, determination, determinedOn },
      today,
    );
    if (refusal)
      throw new AppError(
        refusal.code,
        refusal.message,
        refusal.field === undefined ? {} : { field: refusal.field },
      );
    const outcome = input.outcome as Determination;
    await saveDetermination(unit.trx, appealId, {
      outcome,
      text: determination,
      determinedOn,
      determinedBy: actor.id,
      determinedAt: unit.now,
    });
    const appeal = await lockAppeal(unit.trx, appealId);
    await unit.audit({
      action: 'rid.appeal_determined',
      subjectType: 'rid_appeal',
      subjectId: String(appealId),
      before: { status: before.status },
      after: { status: outcome, determination, determinedOn },
    });
    await tellOfDetermination(unit, appeal, { outcome, determination, determinedOn });
    return appeal;
  });
}

/**
 * D10.17, s.173 Energy Act 2004: the appellant's people, SECAS and the Authority are told of a
 * further appeal to the CMA, or of its outcome (`furtherAppealRecipients`), through the outbox.
 */
async function tellOfFurtherAppeal(
  unit: UnitOfWork,
  appeal: Appeal,
  step: 'recorded' | 'decided',
  subject: string,
  text: (name: string) => string,
): Promise<void> {
  const [appellant, secas, authority] = await Promise.all([
    activeUsersOf(unit.trx, appeal.organisationId),
    activeUsersWithRole(unit.trx, 'code_administrator'),
    activeUsersWithRole(unit.trx, 'authority'),
  ]);
  await mail(
    unit,
    furtherAppealRecipients(appellant, secas, authority),
    `appeal:${appeal.id}:further-${step}`,
    subject,
    text,
  );
}

export interface FurtherAppealActionInput {
  appellant: string;
  /** The date the further appeal was brought; default today (UK date). */
  broughtOn?: string | undefined;
  details: string;
  /** The appeal's version as read; a stale one is refused. */
  version?: number | undefined;
}

/** A refusal from a pure check, thrown as its AppError. */
function refuse(refusal: { code: ErrorCode; message: string; field?: string }): never {
  throw new AppError(
    refusal.code,
    refusal.message,
    refusal.field === undefined ? {} : { field: refusal.field },
  );
}

/**
 * D10.17 "without prejudice to section 173 of the Energy Act 2004": SECAS records that the
 * Authority's determination of an appeal has been appealed further, to the Competition and
 * Markets Authority: who brought it, when, and what it is about. Only on a determined appeal,
 * once. Audited; the appellant's people, SECAS and the Authority are e-mailed in the same
 * transaction; nothing else changes (the CMA's outcome is recorded later).
 */
export async function recordFurtherAppeal(
  ctx: AppContext,
  principal: Principal | null,
  appealId: number,
  input: FurtherAppealActionInput,
): Promise<Appeal> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordFurtherAppeal,
      'Only SECAS records a further appeal to the Competition and Markets Authority',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockAppeal(unit.trx, appealId, input.version);
    const today = todayOf(unit.now);
    const further = {
      appellant: input.appellant.trim(),
      broughtOn: input.broughtOn?.trim() || today,
      details: input.details.trim(),
    };
    const refusal = checkFurtherAppeal(before, further, today);
    if (refusal) refuse(refusal);
    await insertFurtherAppeal(unit.trx, appealId, {
      ...further,
      recordedBy: actor.id,
      recordedAt: unit.now,
    });
    await unit.audit({
      action: 'rid.further_appeal_recorded',
      subjectType: 'rid_appeal',
      subjectId: String(appealId),
      before: { status: before.status, furtherAppeal: null },
      after: { furtherAppeal: { ...further, to: 'cma' } },
      reason: 'D10.17: without prejudice to section 173 of the Energy Act 2004',
    });
    const appeal = await lockAppeal(unit.trx, appealId);
    await tellOfFurtherAppeal(unit, appeal, 'recorded', furtherAppealSubject(appeal), (name) =>
      furtherAppealText(appeal, further, name),
    );
    return appeal;
  });
}

export interface FurtherAppealOutcomeActionInput {
  outcome: string;
  outcomeText: string;
  /** The date of the CMA's decision; default today (UK date). */
  decidedOn?: string | undefined;
  version?: number | undefined;
}

/**
 * D10.17, s.173 Energy Act 2004: SECAS records the Competition and Markets Authority's outcome of
 * a recorded further appeal (allowed, remitted, dismissed or withdrawn), once. Audited, and the
 * appellant's people, SECAS and the Authority are e-mailed. Any action it directs is taken
 * through its own process, as for the Authority's determination.
 */
export async function recordFurtherAppealOutcome(
  ctx: AppContext,
  principal: Principal | null,
  appealId: number,
  input: FurtherAppealOutcomeActionInput,
): Promise<Appeal> {
  const actor = actorOf(
    requireActor(
      principal,
      canRecordFurtherAppeal,
      'Only SECAS records the outcome of a further appeal',
    ),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockAppeal(unit.trx, appealId, input.version);
    const today = todayOf(unit.now);
    const decision = {
      outcome: input.outcome,
      outcomeText: input.outcomeText.trim(),
      decidedOn: input.decidedOn?.trim() || today,
    };
    const refusal = checkFurtherAppealOutcome(before.furtherAppeal, decision, today);
    if (refusal) refuse(refusal);
    const outcome = decision.outcome as FurtherAppealOutcome;
    await saveFurtherAppealOutcome(unit.trx, appealId, {
      outcome,
      text: decision.outcomeText,
      decidedOn: decision.decidedOn,
      recordedBy: actor.id,
      recordedAt: unit.now,
    });
    await unit.audit({
      action: 'rid.further_appeal_decided',
      subjectType: 'rid_appeal',
      subjectId: String(appealId),
      before: { furtherAppealOutcome: null },
      after: {
        furtherAppealOutcome: outcome,
        text: decision.outcomeText,
        decidedOn: decision.decidedOn,
      },
    });
    const appeal = await lockAppeal(unit.trx, appealId);
    await tellOfFurtherAppeal(unit, appeal, 'decided', furtherOutcomeSubject(appeal), (name) =>
      furtherOutcomeText(appeal, { ...decision, outcome }, name),
    );
    return appeal;
  });
}
