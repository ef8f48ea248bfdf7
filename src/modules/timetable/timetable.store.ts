import type { Kysely, Selectable, Transaction } from 'kysely';
import type { UnitOfWork } from '../../app-context.ts';
import type { AuthorityRequestTable, DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { ChallengeKind, DateStanding, TimetableSource } from './timetable.ts';
import { hasRequestAwaitingAuthority, type AuthorityRequestFact } from './request-standing.ts';

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

type RequestRow = Selectable<AuthorityRequestTable>;

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

function toRequest(row: RequestRow): RequestEntry {
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
): Promise<RequestEntry> {
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
  return toRequest(row);
}

/** A legal challenge as its use cases see it. */
export interface Challenge {
  id: number;
  modificationId: number;
  delayAppropriate: boolean | null;
}

/** Loads and locks a legal challenge. */
export async function lockChallenge(trx: Transaction<DB>, id: number): Promise<Challenge> {
  const row = await trx
    .selectFrom('legal_challenge')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such challenge');
  return {
    id: row.id,
    modificationId: row.modification_id,
    delayAppropriate: row.delay_appropriate,
  };
}

/** Saves an appeal or judicial review lodged on `lodgedOn`; returns its id. */
export async function insertChallenge(
  trx: Transaction<DB>,
  challenge: {
    modificationId: number;
    kind: ChallengeKind;
    lodgedOn: string;
    details: string;
    recordedBy: number | null;
  },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('legal_challenge')
    .values({
      modification_id: challenge.modificationId,
      kind: challenge.kind,
      lodged_on: challenge.lodgedOn,
      details: challenge.details,
      recorded_by: challenge.recordedBy,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Records the Panel's decision on whether delay is appropriate (D10.6). */
export async function setDelayDecision(
  trx: Transaction<DB>,
  id: number,
  delayAppropriate: boolean,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('legal_challenge')
    .set({ delay_appropriate: delayAppropriate, decided_at: now })
    .where('id', '=', id)
    .execute();
}

/** Whether challenge `id` concerns the modification. */
export async function isChallengeOf(
  trx: Transaction<DB>,
  id: number,
  modificationId: number,
): Promise<boolean> {
  const row = await trx
    .selectFrom('legal_challenge')
    .select('id')
    .where('id', '=', id)
    .where('modification_id', '=', modificationId)
    .executeTakeFirst();
  return row !== undefined;
}

/** D10.5: saves a representation that the timetable is not practicable; returns its id. */
export async function insertRepresentation(
  trx: Transaction<DB>,
  representation: {
    modificationId: number;
    fromOrganisationId: number;
    text: string;
    recordedBy: number | null;
  },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('timetable_representation')
    .values({
      modification_id: representation.modificationId,
      from_org_id: representation.fromOrganisationId,
      text: representation.text,
      recorded_by: representation.recordedBy,
      recorded_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** D10.5, D10.6: saves the Panel's request to the Authority for a new timetable. */
export async function insertRequest(
  trx: Transaction<DB>,
  request: {
    modificationId: number;
    challengeId: number | null;
    reason: string;
    proposedDate: string | null;
    requestedOn: string;
    recordedBy: number | null;
  },
  now: Date,
): Promise<RequestEntry> {
  const row = await trx
    .insertInto('authority_request')
    .values({
      modification_id: request.modificationId,
      challenge_id: request.challengeId,
      reason: request.reason,
      proposed_date: request.proposedDate,
      requested_on: request.requestedOn,
      recorded_by: request.recordedBy,
      recorded_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

/** D10.5: the Authority directed a new implementation date on `directedOn`. */
export async function markRequestDirected(
  trx: Transaction<DB>,
  id: number,
  direction: { directedDate: string; directedOn: string },
): Promise<RequestEntry> {
  const row = await trx
    .updateTable('authority_request')
    .set((eb) => ({
      status: 'directed',
      directed_date: direction.directedDate,
      directed_on: direction.directedOn,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

/** D10.5: the Authority declined the request on `decidedOn`. */
export async function markRequestDeclined(
  trx: Transaction<DB>,
  id: number,
  decidedOn: string,
): Promise<RequestEntry> {
  const row = await trx
    .updateTable('authority_request')
    .set((eb) => ({ status: 'declined', directed_on: decidedOn, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

/**
 * D10.6: challenges on which the Panel decided delay is appropriate and no request to the
 * Authority has been made yet, with their modification's reference.
 */
export async function challengesAwaitingRequest(db: Kysely<DB>) {
  return db
    .selectFrom('legal_challenge as c')
    .innerJoin('modification as m', 'm.id', 'c.modification_id')
    .select(['c.id', 'c.kind', 'c.lodged_on as lodgedOn', 'm.id as modificationId', 'm.reference'])
    .where('c.delay_appropriate', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('authority_request as r')
            .select('r.id')
            .whereRef('r.challenge_id', '=', 'c.id'),
        ),
      ),
    )
    .orderBy('c.id')
    .execute();
}

/** D10.5: requests waiting for the Authority's answer, oldest first, with their reference. */
export async function pendingRequests(db: Kysely<DB>) {
  return db
    .selectFrom('authority_request as r')
    .innerJoin('modification as m', 'm.id', 'r.modification_id')
    .select([
      'r.id',
      'r.requested_on as requestedOn',
      'r.proposed_date as proposedDate',
      'm.id as modificationId',
      'm.reference',
    ])
    .where('r.status', '=', 'pending')
    .orderBy('r.requested_on')
    .execute();
}

/**
 * Ruling 17: where each modification stands against its implementation date (see
 * `DateStanding`): the timetable in force, whether the Authority directed it, and whether a
 * request to the Authority counts for it (`hasRequestAwaitingAuthority`, the one D10.5 rule:
 * pending and recorded since the date was set). Modifications with no timetable stand with a
 * null date. In the order of `modificationIds`, each once.
 */
export async function dateStandings(
  db: Kysely<DB>,
  modificationIds: readonly number[],
): Promise<DateStanding[]> {
  const ids = [...new Set(modificationIds)];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('implementation_timetable as t')
    .select([
      't.modification_id as modificationId',
      't.implementation_date as implementationDate',
      't.source',
      't.created_at as createdAt',
    ])
    .where('t.modification_id', 'in', ids)
    .where('t.superseded_at', 'is', null)
    .execute();
  // Only a modification with an implementation date can have a request awaiting the Authority.
  const requests =
    rows.length === 0
      ? new Map<number, AuthorityRequestFact[]>()
      : await requestFactsOf(
          db,
          rows.map((row) => row.modificationId),
        );
  const byId = new Map(rows.map((row) => [row.modificationId, row]));
  return ids.map((id) => {
    const row = byId.get(id);
    return {
      modificationId: id,
      implementationDate: row?.implementationDate ?? null,
      directed: row?.source === 'authority_direction',
      requested:
        row !== undefined &&
        hasRequestAwaitingAuthority(requests.get(id) ?? [], new Date(row.createdAt)),
    };
  });
}

/** D10.5: the requests to the Authority of each modification, as the counting rule reads them. */
async function requestFactsOf(
  db: Kysely<DB>,
  ids: readonly number[],
): Promise<Map<number, AuthorityRequestFact[]>> {
  const rows = await db
    .selectFrom('authority_request')
    .select(['modification_id', 'status', 'recorded_at'])
    .where('modification_id', 'in', [...ids])
    .execute();
  const byId = new Map<number, AuthorityRequestFact[]>();
  for (const row of rows)
    byId.set(row.modification_id, [
      ...(byId.get(row.modification_id) ?? []),
      { status: row.status, recordedAt: new Date(row.recorded_at) },
    ]);
  return byId;
}
