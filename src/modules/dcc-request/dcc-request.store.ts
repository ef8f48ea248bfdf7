import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { DccInfoRequestTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { DccRequest, DccRequestView } from './dcc-request.ts';

type DccRequestRow = Selectable<DccInfoRequestTable>;

function toRequest(row: DccRequestRow): DccRequest {
  return {
    id: row.id,
    releaseId: row.release_id,
    ridSection: row.rid_section,
    subject: row.subject,
    detail: row.detail,
    dueDate: row.due_date,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    response: row.response,
    respondedBy: row.responded_by,
    respondedAt: row.responded_at,
    remindedAt: row.reminded_at,
    overdueNotifiedAt: row.overdue_notified_at,
    withdrawnBy: row.withdrawn_by,
    withdrawnAt: row.withdrawn_at,
    withdrawalReason: row.withdrawal_reason,
    version: row.version,
  };
}

interface ViewRow extends DccRequestRow {
  release_name: string;
  release_go_live: string;
  requested_by_name: string | null;
  responded_by_name: string | null;
  withdrawn_by_name: string | null;
}

function toView(row: ViewRow): DccRequestView {
  return {
    ...toRequest(row),
    releaseName: row.release_name,
    releaseGoLive: row.release_go_live,
    requestedByName: row.requested_by_name,
    respondedByName: row.responded_by_name,
    withdrawnByName: row.withdrawn_by_name,
  };
}

function viewQuery(db: Db) {
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
export async function findDccRequest(db: Db, id: number): Promise<DccRequestView | undefined> {
  const row = await viewQuery(db).where('r.id', '=', id).executeTakeFirst();
  return row && toView(row);
}

/** D10.10: the requests of a release, by due date then id. */
export async function dccRequestsOf(db: Db, releaseId: number): Promise<DccRequestView[]> {
  const rows = await viewQuery(db)
    .where('r.release_id', '=', releaseId)
    .orderBy('r.due_date')
    .orderBy('r.id')
    .execute();
  return rows.map(toView);
}

/** D10.10: one page of the requests with `status` across releases, earliest due first. */
export async function listDccRequests(
  db: Db,
  status: DccRequest['status'],
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
  return { items: items.map(toView), total: Number(count.n) };
}

/** D10.10: open requests due on or before `dueBy`, earliest first (home pages, the sweep). */
export async function openRequestsDueBy(db: Db, dueBy: string): Promise<DccRequestView[]> {
  const rows = await viewQuery(db)
    .where('r.status', '=', 'open')
    .where('r.due_date', '<=', dueBy)
    .orderBy('r.due_date')
    .orderBy('r.id')
    .execute();
  return rows.map(toView);
}

/**
 * D10.10: what the sweep looks at: open requests due by `horizon` (the reminder window) whose
 * overdue notice has not gone yet (after it, nothing more is sent).
 */
export async function sweepCandidates(db: Db, horizon: string): Promise<DccRequestView[]> {
  const rows = await viewQuery(db)
    .where('r.status', '=', 'open')
    .where('r.due_date', '<=', horizon)
    .where('r.overdue_notified_at', 'is', null)
    .orderBy('r.due_date')
    .orderBy('r.id')
    .execute();
  return rows.map(toView);
}

/** Locks a request for a change. */
export async function lockDccRequest(trx: Tx, id: number): Promise<DccRequest> {
  const row = await trx
    .selectFrom('dcc_info_request')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no information request ${id}`);
  return toRequest(row);
}

/** A change based on an older version of the request is refused (`stale_version`). */
export function checkVersion(row: DccRequest, expectedVersion: number | undefined): void {
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
  trx: Tx,
  id: number,
  now: Date,
): Promise<DccRequest | undefined> {
  const row = await trx
    .updateTable('dcc_info_request')
    .set({ reminded_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('reminded_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toRequest(row);
}

/** D10.10: as {@link claimReminder}, for the one overdue notice of a request. */
export async function claimOverdueNotice(
  trx: Tx,
  id: number,
  now: Date,
  today: string,
): Promise<DccRequest | undefined> {
  const row = await trx
    .updateTable('dcc_info_request')
    .set({ overdue_notified_at: now })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .where('due_date', '<', today)
    .where('overdue_notified_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
  return row && toRequest(row);
}

/** D10.10: a new open request. */
export interface NewDccRequest {
  releaseId: number;
  ridSection: string | null;
  subject: string;
  detail: string;
  dueDate: string;
  requestedBy: number | null;
  requestedAt: Date;
}

export async function insertDccRequest(trx: Tx, request: NewDccRequest): Promise<DccRequest> {
  const row = await trx
    .insertInto('dcc_info_request')
    .values({
      release_id: request.releaseId,
      rid_section: request.ridSection,
      subject: request.subject,
      detail: request.detail,
      due_date: request.dueDate,
      requested_by: request.requestedBy,
      requested_at: request.requestedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

/** D10.10: records the DCC's answer and bumps the version. */
export async function saveAnswer(
  trx: Tx,
  id: number,
  answer: { response: string; by: number | null; at: Date },
): Promise<DccRequest> {
  const row = await trx
    .updateTable('dcc_info_request')
    .set((eb) => ({
      status: 'answered',
      response: answer.response,
      responded_by: answer.by,
      responded_at: answer.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

/** D10.10: records a withdrawal with its reason and bumps the version. */
export async function saveWithdrawal(
  trx: Tx,
  id: number,
  withdrawal: { reason: string; by: number | null; at: Date },
): Promise<DccRequest> {
  const row = await trx
    .updateTable('dcc_info_request')
    .set((eb) => ({
      status: 'withdrawn',
      withdrawal_reason: withdrawal.reason,
      withdrawn_by: withdrawal.by,
      withdrawn_at: withdrawal.at,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequest(row);
}

export interface Recipient {
  id: number;
  email: string;
  name: string;
}

/** D10.10: the DCC's people: active users of the DCC organisation or holding the DCC role. */
export async function dccRecipients(db: Db): Promise<Recipient[]> {
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
export async function secasRecipients(db: Db): Promise<Recipient[]> {
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
export async function activeUser(db: Db, id: number | null): Promise<Recipient | undefined> {
  if (id === null) return undefined;
  return db
    .selectFrom('app_user')
    .select(['id', 'email', 'name'])
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where('email', '<>', '')
    .executeTakeFirst();
}
