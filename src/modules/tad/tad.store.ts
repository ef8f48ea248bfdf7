import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, TadRequestTable, TadVersionTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { TadRequest, TadVersion } from './tad.ts';

export function toTadVersion(row: Selectable<TadVersionTable>): TadVersion {
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
    version: row.version,
  };
}

export function toTadRequest(row: Selectable<TadRequestTable>): TadRequest {
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
export async function findTadRequest(
  db: Kysely<DB>,
  releaseId: number,
): Promise<TadRequest | undefined> {
  const row = await db
    .selectFrom('tad_request')
    .selectAll()
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  return row ? toTadRequest(row) : undefined;
}

/** Every version of a release's TAD, newest first. */
export async function listTadVersions(db: Kysely<DB>, releaseId: number): Promise<TadVersion[]> {
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
  trx: Transaction<DB>,
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

/** The date a Panel meeting was held, or undefined when there is no such meeting. */
export async function meetingHeldOn(db: Kysely<DB>, id: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('panel_meeting')
    .select('held_on')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.held_on;
}

/** Panel meetings held on or before `today`, most recent first: the choices on the forms. */
export async function recentMeetings(db: Kysely<DB>, today: string, limit = 12) {
  return db
    .selectFrom('panel_meeting')
    .select(['id', 'held_on', 'kind'])
    .where('held_on', '<=', today)
    .orderBy('held_on', 'desc')
    .limit(limit)
    .execute();
}

/** D10.18: the enabled people of the DCC with an e-mail address, to be told of its task. */
export async function dccPeople(db: Kysely<DB>) {
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

/** Ruling 8: the RID version each TAD version took effect in, by TAD version id. */
export async function ridVersionsTaking(
  db: Kysely<DB>,
  tadVersionIds: readonly number[],
): Promise<Map<number, { id: number; number: number; approvedOn: string | null }>> {
  if (tadVersionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('rid_version')
    .select(['id', 'number', 'approved_on', 'tad_version_id'])
    .where('tad_version_id', 'in', [...tadVersionIds])
    .where('status', 'in', ['approved', 'superseded'])
    .orderBy('number')
    .execute();
  const result = new Map<number, { id: number; number: number; approvedOn: string | null }>();
  for (const row of rows)
    if (row.tad_version_id !== null && !result.has(row.tad_version_id))
      result.set(row.tad_version_id, {
        id: row.id,
        number: row.number,
        approvedOn: row.approved_on,
      });
  return result;
}

/** D10.18: the requests whose DCC task is open (no version submitted yet), with their release. */
export async function openTadRequests(db: Kysely<DB>) {
  return db
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
}
