import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
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

function responseQuery(db: Kysely<DB>) {
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
  db: Kysely<DB>,
  consultationId: number,
): Promise<ConsultationResponse[]> {
  const rows = await responseQuery(db)
    .where('r.consultation_id', '=', consultationId)
    .orderBy('r.submitted_at')
    .orderBy('r.id')
    .execute();
  return rows.map(toResponse);
}

export async function findResponse(
  db: Kysely<DB>,
  id: number,
): Promise<ConsultationResponse | undefined> {
  const row = await responseQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row ? toResponse(row) : undefined;
}

export async function findResponseOf(
  db: Kysely<DB>,
  consultationId: number,
  organisationId: number,
): Promise<ConsultationResponse | undefined> {
  const row = await responseQuery(db)
    .where('r.consultation_id', '=', consultationId)
    .where('r.organisation_id', '=', organisationId)
    .executeTakeFirst();
  return row ? toResponse(row) : undefined;
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
  db: Kysely<DB>,
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

/** One attachment with its bytes and the response it belongs to. */
export async function findAttachment(db: Kysely<DB>, id: number) {
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
