import { longDate } from '../../calendar/date-words.ts';
import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { lockRelease } from '../release/release.queries.ts';
import { findEvidence, releaseRecords, type ReleaseRecords } from './auditor-records.store.ts';
import { refuse } from './auditor.actions.ts';
import { auditorMayRead, canActForDcc, isExternalAuditor } from './auditor.access.ts';
import {
  ACCESS_KIND_NAMES,
  checkAccessAnswer,
  checkAccessRequest,
  type AccessAnswerInput,
  type AccessKind,
  type AccessRequest,
  type AccessRequestInput,
} from './auditor.ts';
import {
  appointmentStateOf,
  grantsOf,
  insertAccessRequest,
  lockAccessRequest,
  lockAppointmentInEffect,
  panelRecipients,
  recipientsOf,
  saveAccessAnswer,
} from './auditor.store.ts';
import { refusalSubject, refusalText } from './auditor.mail.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

const NOT_APPOINTED =
  'Your organisation is not the appointed auditor of this release, or its appointment is not in effect';

/**
 * D10.11: the principal must be an external auditor whose organisation holds an appointment in
 * effect for the release (auditorMayRead); otherwise 401/403 and nothing is read.
 */
export async function requireAppointedAuditor(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
): Promise<{ actor: Actor; organisationId: number }> {
  if (!principal) throw new AppError('unauthenticated');
  if (!isExternalAuditor(principal))
    throw new AppError('forbidden', 'Only an appointed external auditor reads this');
  const grants = await grantsOf(ctx.db, principal.organisationId);
  const organisationId = principal.organisationId;
  if (organisationId === null || !auditorMayRead(principal, grants, releaseId))
    throw new AppError('forbidden', NOT_APPOINTED);
  return { actor: actorOf(principal), organisationId };
}

/** What an access recorded: the records view, or one evidence file. */
export type AccessRead =
  | { view: 'records'; via: 'page' | 'api' }
  | { evidenceId: number; filename: string; via: 'page' | 'api' };

/**
 * D10.11: every read by an auditor is recorded in the audit trail as `auditor.accessed` on the
 * release, in its own transaction, before anything is sent.
 */
export async function recordAuditorAccess(
  ctx: AppContext,
  actor: Actor,
  releaseId: number,
  read: AccessRead,
): Promise<void> {
  await inTransaction(ctx, actor, (unit) =>
    unit.audit({
      action: 'auditor.accessed',
      subjectType: 'release',
      subjectId: String(releaseId),
      after: read,
    }),
  );
}

/** D10.11: the appointed auditor reads the release's records; the read is logged first. */
export async function readReleaseRecords(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  via: 'page' | 'api',
): Promise<ReleaseRecords> {
  const { actor } = await requireAppointedAuditor(ctx, principal, releaseId);
  await recordAuditorAccess(ctx, actor, releaseId, { view: 'records', via });
  return releaseRecords(ctx.db, releaseId);
}

/** D10.11: the appointed auditor downloads an evidence file of the release; logged first. */
export async function downloadEvidence(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  evidenceId: number,
  via: 'page' | 'api',
): Promise<{ filename: string; contentType: string; data: Uint8Array }> {
  const { actor } = await requireAppointedAuditor(ctx, principal, releaseId);
  const file = await findEvidence(ctx.db, releaseId, evidenceId);
  if (!file) throw new AppError('not_found', 'This release has no such evidence file');
  await recordAuditorAccess(ctx, actor, releaseId, {
    evidenceId: file.id,
    filename: file.filename,
    via,
  });
  return { filename: file.filename, contentType: file.contentType, data: file.data };
}

/**
 * D10.11: the appointed auditor asks the DCC for access to records, test results, a test
 * laboratory or test witnessing; the DCC's users are told.
 */
export async function requestAccess(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: AccessRequestInput,
): Promise<AccessRequest> {
  const { actor, organisationId } = await requireAppointedAuditor(ctx, principal, releaseId);
  const detail = input.detail.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    refuse(checkAccessRequest({ ...input, detail }, todayOf(unit.now)));
    // Checked again under the lock: the appointment may have ended since.
    const appointment = await lockAppointmentInEffect(unit.trx, release.id, organisationId);
    if (!appointment) throw new AppError('forbidden', NOT_APPOINTED);
    const row = await insertAccessRequest(unit.trx, {
      appointmentId: appointment.id,
      kind: input.kind as AccessKind,
      detail,
      wantedOn: input.wantedOn === '' ? null : input.wantedOn,
      requestedBy: actor.id,
      requestedAt: unit.now,
    });
    await unit.audit({
      action: 'auditor.access_requested',
      subjectType: 'release',
      subjectId: String(release.id),
      after: {
        request_id: row.id,
        appointment_id: appointment.id,
        kind: row.kind,
        detail,
        wanted_on: row.wantedOn,
      },
    });
    for (const r of await recipientsOf(unit.trx, { kind: 'dcc' }))
      await unit.notify({
        to: r.email,
        toName: r.name,
        subject: `${release.name}: the external auditor asks for ${ACCESS_KIND_NAMES[row.kind].toLowerCase()}`,
        text: `${actor.label}, the appointed external auditor of the ${release.name}, asks the DCC for ${ACCESS_KIND_NAMES[row.kind].toLowerCase()} (Section D10.11)${row.wantedOn ? `, wanted on ${longDate(row.wantedOn)}` : ''}:\n\n${detail}\n\nGrant or refuse it at /releases/${release.id}/auditor.`,
        dedupeKey: `auditor-access:${row.id}:requested:${r.userId}`,
      });
    return row;
  });
}

/**
 * D10.11: the DCC grants an open access request (visits with the date arranged) or refuses it
 * with its reason; the auditor's users are told. A refusal is escalated to the Panel in the same
 * transaction: the Panel Chair and members and SECAS are e-mailed (and see it on their home page).
 */
export async function answerAccessRequest(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  requestId: number,
  input: AccessAnswerInput & { version: number },
): Promise<AccessRequest> {
  const actor = actorOf(
    requireActor(principal, canActForDcc, 'Only the DCC answers the auditor’s requests'),
  );
  const answer = input.answer.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const release = await lockRelease(unit.trx, releaseId);
    const before = await lockAccessRequest(unit.trx, releaseId, requestId, input.version);
    const appointment = await appointmentStateOf(unit.trx, before.appointmentId);
    refuse(checkAccessAnswer(before, appointment.status, { ...input, answer }));
    const granted = input.outcome === 'granted';
    const after = await saveAccessAnswer(unit.trx, before.id, {
      status: granted ? 'granted' : 'refused',
      answer,
      arrangedOn: granted && input.arrangedOn !== '' ? input.arrangedOn : null,
      answeredBy: actor.id,
      answeredAt: unit.now,
    });
    await unit.audit({
      action: 'auditor.access_answered',
      subjectType: 'release',
      subjectId: String(release.id),
      before: { request_id: before.id, status: before.status },
      after: {
        request_id: after.id,
        status: after.status,
        answer,
        arranged_on: after.arrangedOn,
        escalated_to_panel: !granted,
      },
    });
    if (appointment.organisationId !== null)
      for (const r of await recipientsOf(unit.trx, {
        organisationId: appointment.organisationId,
      }))
        await unit.notify({
          to: r.email,
          toName: r.name,
          subject: `${release.name}: the DCC has ${after.status} your request for ${ACCESS_KIND_NAMES[after.kind].toLowerCase()}`,
          text: `The DCC has ${after.status} your request for ${ACCESS_KIND_NAMES[after.kind].toLowerCase()} on the ${release.name}${after.arrangedOn ? `, arranged for ${longDate(after.arrangedOn)}` : ''}:\n\n${answer}\n\nYour requests and their answers are at /auditor/releases/${release.id}.`,
          dedupeKey: `auditor-access:${after.id}:answered:${r.userId}`,
        });
    if (!granted) {
      const facts = {
        releaseId: release.id,
        releaseName: release.name,
        auditorName: appointment.organisationName ?? 'The auditor',
        refusedOn: todayOf(unit.now),
      };
      for (const r of await panelRecipients(unit.trx))
        await unit.notify({
          to: r.email,
          toName: r.name,
          subject: refusalSubject(after, facts),
          text: refusalText(after, facts, r.name),
          dedupeKey: `auditor-access:${after.id}:escalated:${r.userId}`,
        });
    }
    return after;
  });
}
