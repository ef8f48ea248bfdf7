import type { Db, Tx } from '../../app-context.ts';
import type { Answer } from './consultation.ts';
import { jsonValue } from './consultation.store.ts';

/** A response as stored, with its organisation's name. */
export interface ConsultationResponse {
  id: number;
  consultationId: number;
  organisationId: number;
  organisationName: string;
  respondentId: number;
  respondentName: string;
  answers: Answer[];
  confidential: boolean;
  submittedAt: Date;
}

function responseQuery(db: Db) {
  return db
    .selectFrom('consultation_response as r')
    .innerJoin('organisation as o', 'o.id', 'r.organisation_id')
    .innerJoin('app_user as u', 'u.id', 'r.respondent_id')
    .select([
      'r.id',
      'r.consultation_id',
      'r.organisation_id',
      'o.name as organisation_name',
      'r.respondent_id',
      'u.name as respondent_name',
      'r.answers',
      'r.confidential',
      'r.submitted_at',
    ]);
}

type ResponseRecord = Awaited<
  ReturnType<ReturnType<typeof responseQuery>['executeTakeFirstOrThrow']>
>;

function toResponse(row: ResponseRecord): ConsultationResponse {
  return {
    id: row.id,
    consultationId: row.consultation_id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    respondentId: row.respondent_id,
    respondentName: row.respondent_name,
    answers: jsonValue(row.answers) as Answer[],
    confidential: row.confidential,
    submittedAt: new Date(row.submitted_at),
  };
}

export async function listResponses(
  db: Db,
  consultationId: number,
): Promise<ConsultationResponse[]> {
  const rows = await responseQuery(db)
    .where('r.consultation_id', '=', consultationId)
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .execute();
  return rows.map(toResponse);
}

export async function findResponse(db: Db, id: number): Promise<ConsultationResponse | undefined> {
  const row = await responseQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toResponse(row) : undefined;
}

export async function findResponseOf(
  db: Db,
  consultationId: number,
  organisationId: number,
): Promise<ConsultationResponse | undefined> {
  const row = await responseQuery(db)
    .where('r.consultation_id', '=', consultationId)
    .where('r.organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? toResponse(row) : undefined;
}

/** A response about to be stored or replaced: what the use case has checked. */
export interface ResponseContent {
  answers: Answer[];
  confidential: boolean;
  respondentId: number;
  submittedAt: Date;
}

/** Stores an organisation's response; returns its id. */
export async function insertResponse(
  trx: Tx,
  consultationId: number,
  organisationId: number,
  r: ResponseContent,
): Promise<number> {
  const row = await trx
    .insertInto('consultation_response')
    .values({
      consultation_id: consultationId,
      organisation_id: organisationId,
      respondent_id: r.respondentId,
      answers: JSON.stringify(r.answers),
      confidential: r.confidential,
      submitted_at: r.submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Replaces a response's answers, confidentiality, respondent and time. */
export async function updateResponse(trx: Tx, id: number, r: ResponseContent): Promise<void> {
  await trx
    .updateTable('consultation_response')
    .set({
      answers: JSON.stringify(r.answers),
      confidential: r.confidential,
      respondent_id: r.respondentId,
      submitted_at: r.submittedAt,
    })
    .where('id', '=', id)
    .execute();
}

/** Issue 13: an organisation's responses, newest first, with their consultation's title and dates. */
export async function responsesOfOrganisation(db: Db, organisationId: number, limit: number) {
  const rows = await db
    .selectFrom('consultation_response as r')
    .innerJoin('consultation as c', 'c.id', 'r.consultation_id')
    .select(['r.id', 'r.consultation_id', 'r.submitted_at', 'c.title', 'c.closes_at'])
    .where('r.organisation_id', '=', organisationId)
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    consultationId: row.consultation_id,
    submittedAt: new Date(row.submitted_at),
    title: row.title,
    closesAt: new Date(row.closes_at),
  }));
}

/** Of some consultations, those the organisation has responded to. */
export async function respondedConsultationIds(
  db: Db,
  organisationId: number,
  consultationIds: readonly number[],
): Promise<Set<number>> {
  const rows = await db
    .selectFrom('consultation_response')
    .select('consultation_id')
    .where('organisation_id', '=', organisationId)
    .where('consultation_id', 'in', [...consultationIds])
    .execute();
  return new Set(rows.map((row) => row.consultation_id));
}

export interface AttachmentInfo {
  id: number;
  responseId: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  createdAt: Date;
}

/** The attachments (without their bytes) of some responses. */
export async function listAttachments(
  db: Db,
  responseIds: readonly number[],
): Promise<AttachmentInfo[]> {
  if (responseIds.length === 0) return [];
  const rows = await db
    .selectFrom('response_attachment')
    .select(['id', 'response_id', 'filename', 'content_type', 'size_bytes', 'created_at'])
    .where('response_id', 'in', [...responseIds])
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    responseId: row.response_id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    createdAt: new Date(row.created_at),
  }));
}

/** Stores a checked file of a response. */
export async function insertAttachment(
  trx: Tx,
  responseId: number,
  file: { filename: string; contentType: string; data: Uint8Array },
  createdAt: Date,
): Promise<void> {
  await trx
    .insertInto('response_attachment')
    .values({
      response_id: responseId,
      filename: file.filename,
      content_type: file.contentType,
      size_bytes: file.data.length,
      data: file.data,
      created_at: createdAt,
    })
    .execute();
}

/** One attachment with its bytes and the response it belongs to. */
export async function findAttachment(db: Db, id: number) {
  const row = await db
    .selectFrom('response_attachment as a')
    .innerJoin('consultation_response as r', 'r.id', 'a.response_id')
    .select([
      'a.id',
      'a.filename',
      'a.content_type',
      'a.data',
      'r.organisation_id',
      'r.confidential',
      'r.consultation_id',
    ])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    data: row.data,
    organisationId: row.organisation_id,
    confidential: row.confidential,
    consultationId: row.consultation_id,
  };
}
