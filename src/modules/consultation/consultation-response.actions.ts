import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { checkAttachmentCount, checkUpload, type Upload } from './consultation-attachment.ts';
import { checkAnswers, eligibility, statusAt, type Answer } from './consultation.ts';
import {
  findOrganisationFacts,
  lockConsultation,
  type Consultation,
} from './consultation.store.ts';
import {
  findResponse,
  findResponseOf,
  insertAttachment,
  insertResponse,
  listAttachments,
  updateResponse,
  type ConsultationResponse,
} from './consultation-response.store.ts';

export interface ResponseInput {
  answers: Answer[];
  confidential: boolean;
}

/** Refuses unless the consultation is open now: not yet → consultation_not_open, after → consultation_closed. */
function requireOpen(consultation: Consultation, now: Date): void {
  const status = statusAt(consultation, now);
  if (status === 'scheduled') {
    throw new AppError(
      'consultation_not_open',
      'The consultation has not opened yet: responses are accepted from when it opens',
    );
  }
  if (status === 'closed') throw new AppError('consultation_closed');
}

/** The organisation the principal responds for, or 403 with the reason. */
async function respondingOrganisation(
  unit: UnitOfWork,
  principal: Principal,
  consultation: Consultation,
): Promise<number> {
  const organisation = await findOrganisationFacts(unit.trx, principal.organisationId);
  const result = eligibility({ roles: principal.roles, organisation }, consultation.audiences);
  if (!result.eligible) throw new AppError('forbidden', result.reason);
  return result.organisationId;
}

function checkedAnswers(consultation: Consultation, answers: Answer[]): Answer[] {
  const checked = checkAnswers(answers, consultation.questions);
  if ('problem' in checked) throw invalid(checked.field, checked.problem);
  return checked.answers;
}

/** Checks and stores uploads for a response; returns their file names. */
async function storeUploads(
  unit: UnitOfWork,
  responseId: number,
  existing: number,
  uploads: readonly Upload[],
): Promise<string[]> {
  if (uploads.length === 0) return [];
  const tooMany = checkAttachmentCount(existing, uploads.length);
  if (tooMany) throw invalid('file', tooMany);
  const checked = uploads.map((upload) => {
    const result = checkUpload(upload);
    if (!result.ok) throw invalid('file', result.problem);
    return result;
  });
  for (const file of checked) await insertAttachment(unit.trx, responseId, file, unit.now);
  return checked.map((file) => file.filename);
}

function audited(response: { answers: Answer[]; confidential: boolean }, files: string[]) {
  // The answers themselves stay out of the audit trail: a confidential answer must not leak there.
  return {
    answered: response.answers.map((a) => a.questionId),
    confidential: response.confidential,
    ...(files.length > 0 ? { attachments: files } : {}),
  };
}

/**
 * Consultations: an eligible organisation responds once while the consultation is open (before:
 * consultation_not_open; after the close: consultation_closed; a second response:
 * already_exists). Files may come with it. Audited as `consultation.response_submitted`.
 */
export async function submitResponse(
  ctx: AppContext,
  principal: Principal,
  consultationId: number,
  input: ResponseInput,
  uploads: readonly Upload[] = [],
): Promise<ConsultationResponse> {
  return inTransaction(ctx, actorOf(principal), async (unit) => {
    const consultation = await lockConsultation(unit.trx, consultationId);
    requireOpen(consultation, unit.now);
    const organisationId = await respondingOrganisation(unit, principal, consultation);
    if (await findResponseOf(unit.trx, consultationId, organisationId)) {
      throw new AppError(
        'already_exists',
        'Your organisation has already responded: amend that response instead',
      );
    }
    const answers = checkedAnswers(consultation, input.answers);
    const id = await insertResponse(unit.trx, consultationId, organisationId, {
      answers,
      confidential: input.confidential,
      respondentId: principal.userId,
      submittedAt: unit.now,
    });
    const files = await storeUploads(unit, id, 0, uploads);
    await unit.audit({
      action: 'consultation.response_submitted',
      subjectType: 'consultation_response',
      subjectId: String(id),
      after: {
        consultationId,
        organisationId,
        ...audited({ answers, confidential: input.confidential }, files),
      },
    });
    const stored = await findResponse(unit.trx, id);
    if (!stored) throw new AppError('internal');
    return stored;
  });
}

/**
 * Consultations: while open, the responding organisation may replace its answers and its
 * confidentiality, based on the response it saw (`submittedAt`, else 409 stale_version).
 * Audited as `consultation.response_amended` with before and after.
 */
export async function amendResponse(
  ctx: AppContext,
  principal: Principal,
  consultationId: number,
  input: ResponseInput & { submittedAt: string },
  uploads: readonly Upload[] = [],
): Promise<ConsultationResponse> {
  return inTransaction(ctx, actorOf(principal), async (unit) => {
    const consultation = await lockConsultation(unit.trx, consultationId);
    requireOpen(consultation, unit.now);
    const organisationId = await respondingOrganisation(unit, principal, consultation);
    const current = await findResponseOf(unit.trx, consultationId, organisationId);
    if (!current) throw new AppError('not_found', 'Your organisation has not responded yet');
    const seen = new Date(input.submittedAt);
    if (Number.isNaN(seen.getTime()) || seen.getTime() !== current.submittedAt.getTime()) {
      throw new AppError(
        'stale_version',
        'Your organisation’s response has changed since you opened it: reload and try again',
        { field: 'submittedAt' },
      );
    }
    const answers = checkedAnswers(consultation, input.answers);
    await updateResponse(unit.trx, current.id, {
      answers,
      confidential: input.confidential,
      respondentId: principal.userId,
      submittedAt: unit.now,
    });
    const existing = (await listAttachments(unit.trx, [current.id])).length;
    const files = await storeUploads(unit, current.id, existing, uploads);
    await unit.audit({
      action: 'consultation.response_amended',
      subjectType: 'consultation_response',
      subjectId: String(current.id),
      before: audited(current, []),
      after: audited({ answers, confidential: input.confidential }, files),
    });
    const stored = await findResponse(unit.trx, current.id);
    if (!stored) throw new AppError('internal');
    return stored;
  });
}

/**
 * Consultations: while open, the responding organisation attaches files to its response (at most
 * three in all, 5 MB each, PDF/DOCX/XLSX/ODT/CSV/TXT). Audited as `consultation.attachment_added`.
 */
export async function addAttachments(
  ctx: AppContext,
  principal: Principal,
  consultationId: number,
  responseId: number,
  uploads: readonly Upload[],
): Promise<number[]> {
  return inTransaction(ctx, actorOf(principal), async (unit) => {
    const consultation = await lockConsultation(unit.trx, consultationId);
    const response = await findResponse(unit.trx, responseId);
    if (!response || response.consultationId !== consultationId) {
      throw new AppError('not_found', 'No such response to this consultation');
    }
    requireOpen(consultation, unit.now);
    const organisationId = await respondingOrganisation(unit, principal, consultation);
    if (organisationId !== response.organisationId) {
      throw new AppError('forbidden', 'Only the organisation that responded can add files to it');
    }
    const before = await listAttachments(unit.trx, [responseId]);
    const files = await storeUploads(unit, responseId, before.length, uploads);
    if (files.length === 0) throw invalid('file', 'Choose a file to upload');
    const after = await listAttachments(unit.trx, [responseId]);
    const added = after.filter((a) => !before.some((b) => b.id === a.id)).map((a) => a.id);
    await unit.audit({
      action: 'consultation.attachment_added',
      subjectType: 'consultation_response',
      subjectId: String(responseId),
      after: { attachments: files, ids: added },
    });
    return added;
  });
}
