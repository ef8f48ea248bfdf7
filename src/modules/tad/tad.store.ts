import type { Selectable, Updateable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { TadRequestTable, TadVersionTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { TadRequest, TadStatus, TadText, TadVersion } from './tad.ts';
import { parseConditions, type TadCondition } from './tad-conditions.ts';

function toTadVersion(row: Selectable<TadVersionTable>): TadVersion {
  return {
    id: row.id,
    releaseId: row.release_id,
    number: row.number,
    status: row.status,
    objectives: row.objectives,
    strategy: row.strategy,
    consequences: row.consequences,
    basedOnId: row.based_on_id,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    submittedAt: row.submitted_at ? new Date(row.submitted_at) : null,
    reviewMeetingId: row.review_meeting_id,
    reviewedOn: row.reviewed_on,
    reviewNotes: row.review_notes,
    reviewedBy: row.reviewed_by,
    conditions: parseConditions(row.conditions),
    version: row.version,
  };
}

function toTadRequest(row: Selectable<TadRequestTable>): TadRequest {
  return {
    id: row.id,
    releaseId: row.release_id,
    meetingId: row.meeting_id,
    requestedOn: row.requested_on,
    scopeNote: row.scope_note,
    dueDate: row.due_date,
    requestedBy: row.requested_by,
    requestedAt: new Date(row.requested_at),
  };
}

/** D10.18: the Panel's request for a release's TAD, if it has made one. */
export async function findTadRequest(db: Db, releaseId: number): Promise<TadRequest | undefined> {
  const row = await db
    .selectFrom('tad_request')
    .selectAll()
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  return row ? toTadRequest(row) : undefined;
}

/** Every version of a release's TAD, newest first. */
export async function listTadVersions(db: Db, releaseId: number): Promise<TadVersion[]> {
  const rows = await db
    .selectFrom('tad_version')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('number', 'desc')
    .execute();
  return rows.map(toTadVersion);
}

/** Loads and locks version `number` of a release's TAD; a stale `expectedVersion` is refused. */
export async function lockTadVersion(
  trx: Tx,
  releaseId: number,
  number: number,
  expectedVersion?: number,
): Promise<TadVersion> {
  const row = await trx
    .selectFrom('tad_version')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('number', '=', number)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no version ${number} of this release’s TAD`);
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      `Version ${row.number} of the TAD has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
  return toTadVersion(row);
}

/** D10.18: the enabled people of the DCC with an e-mail address, to be told of its task. */
export async function dccPeople(db: Db) {
  return db
    .selectFrom('app_user')
    .innerJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .select(['app_user.id', 'app_user.email', 'app_user.name'])
    .where('organisation.kind', '=', 'dcc')
    .where('app_user.disabled_at', 'is', null)
    .where('app_user.email', '<>', '')
    .orderBy('app_user.id')
    .execute();
}

/** A request whose DCC task is open, with its release's name. */
export interface OpenTadRequest {
  releaseId: number;
  releaseName: string;
  requestedOn: string;
  dueDate: string | null;
}

/** D10.18: the requests whose DCC task is open (no version submitted yet), with their release. */
export async function openTadRequests(db: Db): Promise<OpenTadRequest[]> {
  const rows = await db
    .selectFrom('tad_request')
    .innerJoin('release', 'release.id', 'tad_request.release_id')
    .select([
      'tad_request.release_id',
      'tad_request.requested_on',
      'tad_request.due_date',
      'release.name as release_name',
    ])
    .where('release.status', 'not in', ['live', 'closed', 'cancelled'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('tad_version')
            .select('tad_version.id')
            .whereRef('tad_version.release_id', '=', 'tad_request.release_id')
            .where('tad_version.submitted_at', 'is not', null),
        ),
      ),
    )
    .orderBy('tad_request.due_date')
    .execute();
  return rows.map((row) => ({
    releaseId: row.release_id,
    releaseName: row.release_name,
    requestedOn: row.requested_on,
    dueDate: row.due_date,
  }));
}

/** D10.18: records the Panel's request for a release's TAD. */
export async function insertTadRequest(
  trx: Tx,
  r: Omit<TadRequest, 'id' | 'requestedAt'> & { requestedAt: Date },
): Promise<TadRequest> {
  const row = await trx
    .insertInto('tad_request')
    .values({
      release_id: r.releaseId,
      meeting_id: r.meetingId,
      requested_on: r.requestedOn,
      scope_note: r.scopeNote,
      due_date: r.dueDate,
      requested_by: r.requestedBy,
      requested_at: r.requestedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTadRequest(row);
}

/** D10.19, D10.20: a new draft version of a release's TAD. */
export async function insertTadVersion(
  trx: Tx,
  v: TadText & {
    releaseId: number;
    number: number;
    basedOnId: number | null;
    createdBy: number | null;
    createdAt: Date;
    conditions: TadCondition[];
  },
): Promise<TadVersion> {
  const row = await trx
    .insertInto('tad_version')
    .values({
      release_id: v.releaseId,
      number: v.number,
      objectives: v.objectives,
      strategy: v.strategy,
      consequences: v.consequences,
      based_on_id: v.basedOnId,
      created_by: v.createdBy,
      created_at: v.createdAt,
      conditions: JSON.stringify(v.conditions),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTadVersion(row);
}

/** What a use case changes of a version: each field given is written. */
export interface TadVersionChanges extends Partial<TadText> {
  status?: TadStatus;
  submittedAt?: Date;
  reviewMeetingId?: number | null;
  reviewedOn?: string;
  reviewNotes?: string;
  reviewedBy?: number | null;
  conditions?: TadCondition[];
}

function columnsOf(c: TadVersionChanges): Updateable<TadVersionTable> {
  const columns: Updateable<TadVersionTable> = {};
  if (c.objectives !== undefined) columns.objectives = c.objectives;
  if (c.strategy !== undefined) columns.strategy = c.strategy;
  if (c.consequences !== undefined) columns.consequences = c.consequences;
  if (c.status !== undefined) columns.status = c.status;
  if (c.submittedAt !== undefined) columns.submitted_at = c.submittedAt;
  if (c.reviewMeetingId !== undefined) columns.review_meeting_id = c.reviewMeetingId;
  if (c.reviewedOn !== undefined) columns.reviewed_on = c.reviewedOn;
  if (c.reviewNotes !== undefined) columns.review_notes = c.reviewNotes;
  if (c.reviewedBy !== undefined) columns.reviewed_by = c.reviewedBy;
  if (c.conditions !== undefined) columns.conditions = JSON.stringify(c.conditions);
  return columns;
}

/** Saves changes to a version, bumping its row version. */
export async function updateTadVersion(
  trx: Tx,
  id: number,
  changes: TadVersionChanges,
): Promise<TadVersion> {
  const row = await trx
    .updateTable('tad_version')
    .set((eb) => ({ ...columnsOf(changes), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toTadVersion(row);
}

/** A submitted TAD version, with its release's name. */
export interface SubmittedTadVersion {
  id: number;
  number: number;
  releaseId: number;
  releaseName: string;
}

/** D10.20: the submitted versions (awaiting their consultation or the Panel's review). */
export async function submittedTadVersions(db: Db): Promise<SubmittedTadVersion[]> {
  const rows = await db
    .selectFrom('tad_version')
    .innerJoin('release', 'release.id', 'tad_version.release_id')
    .select(['tad_version.id', 'tad_version.number', 'tad_version.release_id', 'release.name'])
    .where('tad_version.status', '=', 'submitted')
    .orderBy('tad_version.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    releaseId: row.release_id,
    releaseName: row.name,
  }));
}
