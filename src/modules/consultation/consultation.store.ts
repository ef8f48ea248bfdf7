import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { ConsultationTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import {
  includesAudiences,
  statusAt,
  type Audience,
  type ConsultationStatus,
  type Question,
  type RunBy,
  type SubjectType,
  type SummaryPoint,
} from './consultation.ts';

export type ConsultationRow = Selectable<ConsultationTable>;

/** A consultation as the rules and pages see it. */
export interface Consultation {
  id: number;
  subjectType: SubjectType;
  subjectId: string;
  title: string;
  description: string;
  audiences: Audience[];
  questions: Question[];
  opensAt: Date;
  closesAt: Date;
  summary: string | null;
  summaryPublishedAt: Date | null;
  runBy: RunBy;
  createdBy: number | null;
  createdAt: Date;
  version: number;
  /** D10.9, D10.20: the least Working Days it must run (from the Policy); null when none. */
  minimumWorkingDays: number | null;
}

/** JSON columns come back parsed from pg and PGlite alike; text is parsed just in case. */
export function jsonValue(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

export function toConsultation(row: ConsultationRow): Consultation {
  return {
    id: row.id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    title: row.title,
    description: row.description,
    audiences: jsonValue(row.audiences) as Audience[],
    questions: jsonValue(row.questions) as Question[],
    opensAt: new Date(row.opens_at),
    closesAt: new Date(row.closes_at),
    summary: row.summary,
    summaryPublishedAt: row.summary_published_at ? new Date(row.summary_published_at) : null,
    runBy: row.run_by,
    createdBy: row.created_by === null ? null : row.created_by,
    createdAt: new Date(row.created_at),
    version: row.version,
    minimumWorkingDays: row.minimum_working_days,
  };
}

export async function findConsultation(db: Db, id: number): Promise<Consultation | undefined> {
  const row = await db
    .selectFrom('consultation')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toConsultation(row) : undefined;
}

/** Loads and locks a consultation in a use case; a stale `expectedVersion` is refused. */
export async function lockConsultation(
  trx: Tx,
  id: number,
  expectedVersion?: number,
): Promise<Consultation> {
  const row = await trx
    .selectFrom('consultation')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such consultation');
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new AppError(
      'stale_version',
      `“${row.title}” has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
  }
  return toConsultation(row);
}

/** A consultation about to be stored: what openConsultation has checked. */
export type NewConsultationRecord = Pick<
  Consultation,
  | 'subjectType'
  | 'subjectId'
  | 'title'
  | 'description'
  | 'audiences'
  | 'questions'
  | 'opensAt'
  | 'closesAt'
  | 'runBy'
  | 'createdAt'
  | 'minimumWorkingDays'
> & { createdBy: number | null };

export async function insertConsultation(trx: Tx, c: NewConsultationRecord): Promise<Consultation> {
  const row = await trx
    .insertInto('consultation')
    .values({
      subject_type: c.subjectType,
      subject_id: c.subjectId,
      title: c.title,
      description: c.description,
      audiences: JSON.stringify(c.audiences),
      questions: JSON.stringify(c.questions),
      opens_at: c.opensAt,
      closes_at: c.closesAt,
      run_by: c.runBy,
      created_by: c.createdBy,
      created_at: c.createdAt,
      minimum_working_days: c.minimumWorkingDays,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toConsultation(row);
}

/** What an edit may change of a consultation. */
export type ConsultationChanges = Pick<
  Consultation,
  'title' | 'description' | 'audiences' | 'questions' | 'opensAt' | 'closesAt'
>;

/** Stores an edit as `version`; returns the consultation as stored. */
export async function updateConsultation(
  trx: Tx,
  id: number,
  next: ConsultationChanges,
  version: number,
): Promise<Consultation> {
  const row = await trx
    .updateTable('consultation')
    .set({
      title: next.title,
      description: next.description,
      audiences: JSON.stringify(next.audiences),
      questions: JSON.stringify(next.questions),
      opens_at: next.opensAt,
      closes_at: next.closesAt,
      version,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toConsultation(row);
}

/** Publishes the summary at `publishedAt`, as `version`. */
export async function publishSummary(
  trx: Tx,
  id: number,
  summary: string,
  publishedAt: Date,
  version: number,
): Promise<void> {
  await trx
    .updateTable('consultation')
    .set({ summary, summary_published_at: publishedAt, version })
    .where('id', '=', id)
    .execute();
}

export interface ConsultationFilter {
  status?: ConsultationStatus;
  subjectType?: SubjectType;
  subjectId?: string;
}

/** Consultations, open ones first (soonest close first), then scheduled, then closed (latest first). */
export async function listConsultations(
  db: Db,
  now: Date,
  filter: ConsultationFilter = {},
): Promise<Consultation[]> {
  let query = db.selectFrom('consultation').selectAll();
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.status === 'scheduled') query = query.where('opens_at', '>', now);
  if (filter.status === 'open') {
    query = query.where('opens_at', '<=', now).where('closes_at', '>=', now);
  }
  if (filter.status === 'closed') query = query.where('closes_at', '<', now);
  const rows = await query.orderBy('id').execute();
  const rank = { open: 0, scheduled: 1, closed: 2 } as const;
  return rows.map(toConsultation).sort((a, b) => {
    const [sa, sb] = [statusAt(a, now), statusAt(b, now)];
    if (sa !== sb) return rank[sa] - rank[sb];
    const order = a.closesAt.getTime() - b.closesAt.getTime();
    return sa === 'closed' ? -order : order;
  });
}

/**
 * D10.9: a consultation on the subject that has closed (at `now`, by the same rule as
 * {@link statusAt}) and asked at least `audiences` (`all_parties` counts as the DCC and Users),
 * run by `runBy` when given (D10.20: the DCC); the most recently closed one, or undefined.
 */
export async function closedConsultationFor(
  db: Db,
  subjectType: SubjectType,
  subjectId: string,
  audiences: Audience[],
  now: Date,
  runBy?: RunBy,
): Promise<ConsultationRow | undefined> {
  let query = db
    .selectFrom('consultation')
    .selectAll()
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', subjectId)
    .where('closes_at', '<', now);
  if (runBy) query = query.where('run_by', '=', runBy);
  const rows = await query.orderBy('closes_at', 'desc').execute();
  return rows.find((row) => includesAudiences(toConsultation(row).audiences, audiences));
}

export interface ConsultationPoint {
  id: number;
  responseId: number | null;
  point: string;
  reply: string;
  recordedAt: Date;
}

export async function listPoints(db: Db, consultationId: number): Promise<ConsultationPoint[]> {
  const rows = await db
    .selectFrom('consultation_point')
    .selectAll()
    .where('consultation_id', '=', consultationId)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    responseId: row.response_id === null ? null : row.response_id,
    point: row.point,
    reply: row.reply,
    recordedAt: new Date(row.recorded_at),
  }));
}

/** Replaces the points of a consultation's summary. */
export async function replacePoints(
  trx: Tx,
  consultationId: number,
  points: readonly SummaryPoint[],
  recordedBy: number,
  recordedAt: Date,
): Promise<void> {
  await trx
    .deleteFrom('consultation_point')
    .where('consultation_id', '=', consultationId)
    .execute();
  for (const p of points) {
    await trx
      .insertInto('consultation_point')
      .values({
        consultation_id: consultationId,
        response_id: p.responseId,
        point: p.point,
        reply: p.reply,
        recorded_by: recordedBy,
        recorded_at: recordedAt,
      })
      .execute();
  }
}

/** The bodies by id and name (the Panel, its Sub-Committees). */
export async function listBodies(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('body').select(['id', 'name']).orderBy('id').execute();
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The organisation facts eligibility needs. */
export async function findOrganisationFacts(db: Db, id: number | null) {
  if (id === null) return null;
  const row = await db
    .selectFrom('organisation')
    .select(['id', 'kind', 'is_user'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, kind: row.kind, isUser: row.is_user } : null;
}
