import type { Db, Tx, UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { isSubCommittee, type SubCommittee } from '../identity/identity.ts';
import { isStatus, type Status } from '../modification/modification.ts';

/** A request for a sub-committee's views (D6.8(f)–(i)) and the view received, if any. */
export interface ViewRequestView {
  id: number;
  modificationId: number;
  reference: string;
  title: string;
  modificationStatus: Status;
  body: SubCommittee;
  mandatory: boolean;
  /** The rules that made it mandatory when it was requested. */
  reasons: string[];
  requestedBy: string | null;
  requestedAt: Date;
  /** The date the body is asked to answer by, YYYY-MM-DD. */
  respondBy: string | null;
  response: string | null;
  respondedBy: string | null;
  respondedAt: Date | null;
}

export type ViewRequestState = 'awaiting' | 'answered';

export interface ViewRequestFilter {
  modificationId?: number;
  /** Only requests to these bodies; an empty list matches none. */
  bodies?: readonly SubCommittee[];
  state?: ViewRequestState;
}

/** The reasons column is jsonb: drivers hand it back parsed, but be sure of an array of text. */
function reasonsOf(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter((item) => typeof item === 'string') : [];
}

/** View requests, those awaiting a view first (earliest respond-by first), then answered ones. */
export async function listViewRequests(
  db: Db,
  filter: ViewRequestFilter,
): Promise<ViewRequestView[]> {
  if (filter.bodies?.length === 0) return [];
  let query = db
    .selectFrom('view_request as request')
    .innerJoin('modification', 'modification.id', 'request.modification_id')
    .leftJoin('app_user as requester', 'requester.id', 'request.requested_by')
    .leftJoin('app_user as responder', 'responder.id', 'request.responded_by')
    .select([
      'request.id',
      'request.modification_id',
      'modification.reference',
      'modification.title',
      'modification.status',
      'request.body_id',
      'request.mandatory',
      'request.reasons',
      'requester.name as requester',
      'request.requested_at',
      'request.respond_by',
      'request.response',
      'responder.name as responder',
      'request.responded_at',
    ]);
  if (filter.modificationId !== undefined) {
    query = query.where('request.modification_id', '=', filter.modificationId);
  }
  if (filter.bodies !== undefined) query = query.where('request.body_id', 'in', filter.bodies);
  if (filter.state === 'awaiting') query = query.where('request.response', 'is', null);
  if (filter.state === 'answered') query = query.where('request.response', 'is not', null);
  const rows = await query
    .orderBy((eb) => eb.case().when('request.response', 'is', null).then(0).else(1).end())
    .orderBy('request.respond_by')
    .orderBy('request.id')
    .execute();
  return rows.flatMap((row) => {
    if (!isSubCommittee(row.body_id) || !isStatus(row.status)) return [];
    return [
      {
        id: row.id,
        modificationId: row.modification_id,
        reference: row.reference,
        title: row.title,
        modificationStatus: row.status,
        body: row.body_id,
        mandatory: row.mandatory,
        reasons: reasonsOf(row.reasons),
        requestedBy: row.requester,
        requestedAt: row.requested_at,
        respondBy: row.respond_by,
        response: row.response,
        respondedBy: row.responder,
        respondedAt: row.responded_at,
      },
    ];
  });
}

/** A view request as its answer needs it. */
export interface LockedViewRequest {
  id: number;
  body: SubCommittee;
  requestedBy: number | null;
  response: string | null;
}

/** Loads a view request and locks it, so two answers to the same request queue up. */
export async function lockViewRequest(trx: Tx, id: number): Promise<LockedViewRequest> {
  const row = await trx
    .selectFrom('view_request')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no view request number ${id}`);
  if (!isSubCommittee(row.body_id)) {
    throw new AppError('not_found', `View request ${id} is not addressed to a sub-committee`);
  }
  return { id: row.id, body: row.body_id, requestedBy: row.requested_by, response: row.response };
}

/** Records a request for a body's views; returns its id. */
export async function insertViewRequest(
  unit: UnitOfWork,
  request: {
    modificationId: number;
    body: SubCommittee;
    mandatory: boolean;
    reasons: readonly string[];
    respondBy: string;
  },
): Promise<number> {
  const row = await unit.trx
    .insertInto('view_request')
    .values({
      modification_id: request.modificationId,
      body_id: request.body,
      mandatory: request.mandatory,
      reasons: JSON.stringify(request.reasons),
      requested_by: unit.actor.id,
      requested_at: unit.now,
      respond_by: request.respondBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The modification a view request is about (undefined for an unknown request). */
export async function modificationOfViewRequest(db: Db, id: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('view_request')
    .select('modification_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.modification_id;
}

/** Records the body's view on a request. */
export async function saveViewResponse(unit: UnitOfWork, id: number, view: string): Promise<void> {
  await unit.trx
    .updateTable('view_request')
    .set({ response: view, responded_by: unit.actor.id, responded_at: unit.now })
    .where('id', '=', id)
    .execute();
}
