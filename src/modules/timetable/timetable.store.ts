import type { Kysely, Selectable, Transaction } from 'kysely';
import type { UnitOfWork } from '../../app-context.ts';
import type { AuthorityRequestTable, DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { TimetableSource } from './timetable.ts';

/** One version of a modification's implementation timetable. */
export interface TimetableEntry {
  id: number;
  implementationDate: string;
  description: string;
  source: TimetableSource;
  recordedBy: string | null;
  createdAt: Date;
  supersededAt: Date | null;
}

function timetableQuery(db: Kysely<DB>) {
  return db
    .selectFrom('implementation_timetable as t')
    .leftJoin('app_user as u', 'u.id', 't.recorded_by')
    .select([
      't.id',
      't.implementation_date as implementationDate',
      't.description',
      't.source',
      'u.name as recordedBy',
      't.created_at as createdAt',
      't.superseded_at as supersededAt',
    ]);
}

/** The timetable in force (not superseded), if the modification has one. */
export async function currentTimetable(
  db: Kysely<DB>,
  modificationId: number,
): Promise<TimetableEntry | undefined> {
  return timetableQuery(db)
    .where('t.modification_id', '=', modificationId)
    .where('t.superseded_at', 'is', null)
    .executeTakeFirst();
}

/** Every version of the timetable, newest first: the one in force, then the superseded ones. */
export async function timetableHistory(
  db: Kysely<DB>,
  modificationId: number,
): Promise<TimetableEntry[]> {
  return timetableQuery(db)
    .where('t.modification_id', '=', modificationId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .execute();
}

/**
 * Replaces the timetable: the current version is kept as history (`superseded_at` set) and the
 * new one is in force. Returns both.
 */
export async function replaceTimetable(
  unit: UnitOfWork,
  modificationId: number,
  next: { implementationDate: string; description: string; source: TimetableSource },
): Promise<{ previous: TimetableEntry | undefined; current: TimetableEntry }> {
  const previous = await currentTimetable(unit.trx, modificationId);
  if (previous) {
    await unit.trx
      .updateTable('implementation_timetable')
      .set({ superseded_at: unit.now })
      .where('id', '=', previous.id)
      .execute();
  }
  const row = await unit.trx
    .insertInto('implementation_timetable')
    .values({
      modification_id: modificationId,
      implementation_date: next.implementationDate,
      description: next.description,
      source: next.source,
      recorded_by: unit.actor.id,
      created_at: unit.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const current = await timetableQuery(unit.trx)
    .where('t.id', '=', row.id)
    .executeTakeFirstOrThrow();
  return { previous, current };
}

/** D10.5: representations that the timetable is not practicable, oldest first. */
export async function listRepresentations(db: Kysely<DB>, modificationId: number) {
  return db
    .selectFrom('timetable_representation as r')
    .innerJoin('organisation as o', 'o.id', 'r.from_org_id')
    .leftJoin('app_user as u', 'u.id', 'r.recorded_by')
    .select([
      'r.id',
      'r.from_org_id as fromOrganisationId',
      'o.name as fromOrganisation',
      'r.text',
      'u.name as recordedBy',
      'r.recorded_at as recordedAt',
    ])
    .where('r.modification_id', '=', modificationId)
    .orderBy('r.recorded_at')
    .orderBy('r.id')
    .execute();
}

export type RequestRow = Selectable<AuthorityRequestTable>;

/** A request to the Authority for a new timetable, as presented. */
export interface RequestEntry {
  id: number;
  modificationId: number;
  challengeId: number | null;
  reason: string;
  proposedDate: string | null;
  requestedOn: string;
  status: RequestRow['status'];
  directedDate: string | null;
  directedOn: string | null;
  version: number;
}

export function toRequest(row: RequestRow): RequestEntry {
  return {
    id: row.id,
    modificationId: row.modification_id,
    challengeId: row.challenge_id,
    reason: row.reason,
    proposedDate: row.proposed_date,
    requestedOn: row.requested_on,
    status: row.status,
    directedDate: row.directed_date,
    directedOn: row.directed_on,
    version: row.version,
  };
}

export async function listRequests(
  db: Kysely<DB>,
  modificationId: number,
): Promise<RequestEntry[]> {
  const rows = await db
    .selectFrom('authority_request')
    .selectAll()
    .where('modification_id', '=', modificationId)
    .orderBy('id')
    .execute();
  return rows.map(toRequest);
}

/** Loads and locks a request; a caller that saw an older version is refused. */
export async function lockRequest(
  trx: Transaction<DB>,
  id: number,
  expectedVersion?: number,
): Promise<RequestRow> {
  const row = await trx
    .selectFrom('authority_request')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such request to the Authority');
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new AppError(
      'stale_version',
      'The request has changed since you opened it: reload and try again',
      {
        field: 'version',
      },
    );
  }
  return row;
}

/** Loads and locks a legal challenge. */
export async function lockChallenge(trx: Transaction<DB>, id: number) {
  const row = await trx
    .selectFrom('legal_challenge')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such challenge');
  return row;
}
