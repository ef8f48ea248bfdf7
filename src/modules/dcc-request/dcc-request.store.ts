import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, DccInfoRequestTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

export type DccRequestRow = Selectable<DccInfoRequestTable>;

/** A request with the names a page or an e-mail shows. */
export interface DccRequestView extends DccRequestRow {
  release_name: string;
  release_go_live: string;
  requested_by_name: string | null;
  responded_by_name: string | null;
  withdrawn_by_name: string | null;
}

function viewQuery(db: Kysely<DB>) {
  return db
    .selectFrom('dcc_info_request as r')
    .innerJoin('release', 'release.id', 'r.release_id')
    .leftJoin('app_user as requester', 'requester.id', 'r.requested_by')
    .leftJoin('app_user as responder', 'responder.id', 'r.responded_by')
    .leftJoin('app_user as withdrawer', 'withdrawer.id', 'r.withdrawn_by')
    .selectAll('r')
    .select([
      'release.name as release_name',
      'release.go_live as release_go_live',
      'requester.name as requested_by_name',
      'responder.name as responded_by_name',
      'withdrawer.name as withdrawn_by_name',
    ]);
}

/** One request with its names, or undefined. */
export async function findDccRequest(
  db: Kysely<DB>,
  id: number,
): Promise<DccRequestView | undefined> {
  return viewQuery(db).where('r.id', '=', id).executeTakeFirst();
}

/** D10.10: the requests of a release, by due date then id. */
export async function dccRequestsOf(db: Kysely<DB>, releaseId: number): Promise<DccRequestView[]> {
  return viewQuery(db)
    .where('r.release_id', '=', releaseId)
    .orderBy('r.due_date')
    .orderBy('r.id')
    .execute();
}

/** D10.10: one page of the requests with `status` across releases, earliest due first. */
export async function listDccRequests(
  db: Kysely<DB>,
  status: DccRequestRow['status'],
  page: { limit: number; offset: number },
): Promise<{ items: DccRequestView[]; total: number }> {
  const [items, count] = await Promise.all([
    viewQuery(db)
      .where('r.status', '=', status)
      .orderBy('r.due_date')
      .orderBy('r.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom('dcc_info_request')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('status', '=', status)
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** D10.10: open requests due on or before `dueBy`, earliest first (home pages, the sweep). */
export async function openRequestsDueBy(db: Kysely<DB>, dueBy: string): Promise<DccRequestView[]> {
  return viewQuery(db)
    .where('r.status', '=', 'open')
    .where('r.due_date', '<=', dueBy)
    .orderBy('r.due_date')
    .orderBy('r.id')
    .execute();
}

/**
 * D10.10: what the sweep looks at: open requests due by `horizon` (the reminder window) whose
 * overdue notice has not gone yet (after it, nothing more is sent).
 */
export async function sweepCandidates(db: Kysely<DB>, horizon: string): Promise<DccRequestView[]> {
  return viewQuery(db)
    .where('r.status', '=', 'open')
    .where('r.due_date', '<=', horizon)
    .where('r.overdue_notified_at', 'is', null)
    .orderBy('r.due_date')
    .orderBy('r.id')
    .execute();
}

/** Locks a request for a change. */
export async function lockDccRequest(trx: Transaction<DB>, id: number): Promise<DccRequestRow> {
  const row = await trx
    .selectFrom('dcc_info_request')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no information request ${id}`);
  return row;
}

/** A change based on an older version of the request is refused (`stale_version`). */
export function checkVersion(row: DccRequestRow, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      `The request "${row.subject}" has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
}

/**
 * D10.10: marks a request reminded only if it is still open and not reminded yet. The conditional
 * update is the claim: of two sweeps, only the one whose update returns the row sends e-mail (the
 * other waits on the row lock, then finds `reminded_at` set).
 */
export async function claimReminder(
  trx: Transaction<DB>,
  id: number,
  now: Date,
): Promise<DccRequestRow | undefined> {
  return trx
    .updateTable('dcc_info_request')
    .set({ reminded_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('reminded_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** D10.10: as {@link claimReminder}, for the one overdue notice of a request. */
export async function claimOverdueNotice(
  trx: Transaction<DB>,
  id: number,
  now: Date,
  today: string,
): Promise<DccRequestRow | undefined> {
  return trx
    .updateTable('dcc_info_request')
    .set({ overdue_notified_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('due_date', '<', today)
    .where('overdue_notified_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export interface Recipient {
  id: number;
  email: string;
  name: string;
}

/** D10.10: the DCC's people: active users of the DCC organisation or holding the DCC role. */
export async function dccRecipients(db: Kysely<DB>): Promise<Recipient[]> {
  return db
    .selectFrom('app_user as u')
    .leftJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select(['u.id', 'u.email', 'u.name'])
    .where('u.disabled_at', 'is', null)
    .where('u.email', '<>', '')
    .where((eb) =>
      eb.or([
        eb('o.kind', '=', 'dcc'),
        eb.exists(
          eb
            .selectFrom('user_role')
            .select('user_role.user_id')
            .whereRef('user_role.user_id', '=', 'u.id')
            .where('user_role.role', '=', 'dcc'),
        ),
      ]),
    )
    .orderBy('u.id')
    .execute();
}

/** SECAS's people (copied on overdue notices). */
export async function secasRecipients(db: Kysely<DB>): Promise<Recipient[]> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name'])
    .distinct()
    .where('r.role', '=', 'code_administrator')
    .where('u.disabled_at', 'is', null)
    .where('u.email', '<>', '')
    .orderBy('u.id')
    .execute();
}

/** One active user by id (the person who asked, told of the answer). */
export async function activeUser(
  db: Kysely<DB>,
  id: number | null,
): Promise<Recipient | undefined> {
  if (id === null) return undefined;
  return db
    .selectFrom('app_user')
    .select(['id', 'email', 'name'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where('email', '<>', '')
    .executeTakeFirst();
}
