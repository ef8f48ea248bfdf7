import { createHash } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuditEventTable, DB } from '../db/schema.ts';
import {
  CHAIN_START,
  chainEvent,
  verifyBatch,
  type Actor,
  type AuditEntry,
  type AuditEvent,
  type AuditFilter,
  type ChainBreak,
} from './audit.ts';

export type { AuditFilter } from './audit.ts';

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

/** An event as its `audit_event` row (the chain's fields as they are hashed, JSON as text). */
export function auditEventRow(event: AuditEvent): Insertable<AuditEventTable> {
  return {
    seq: event.seq,
    at: event.at,
    actor_id: event.actorId,
    actor_label: event.actorLabel,
    action: event.action,
    subject_type: event.subjectType,
    subject_id: event.subjectId,
    before: event.before === null ? null : JSON.stringify(event.before),
    after: event.after === null ? null : JSON.stringify(event.after),
    reason: event.reason,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/**
 * Appends events to the chain inside the caller's transaction, in order. The head row is locked
 * (`FOR UPDATE`), so appends from any number of app servers queue up and never fork the chain;
 * the lock is held until the transaction ends, so a unit of work appends last (inTransaction).
 */
export async function appendAudit(
  trx: Transaction<DB>,
  actor: Actor,
  entries: readonly AuditEntry[],
  at: Date,
): Promise<AuditEvent[]> {
  if (entries.length === 0) return [];
  let head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const events = entries.map((entry) => {
    const event = chainEvent(head, entry, actor, at, sha256Hex);
    head = { seq: event.seq, hash: event.hash };
    return event;
  });
  // The events and the new head in one statement: one round trip fewer while the head is locked.
  await trx
    .with('appended', (db) => db.insertInto('audit_event').values(events.map(auditEventRow)))
    .updateTable('audit_head')
    .set({ seq: head.seq, hash: head.hash })
    .where('id', '=', 1)
    .execute();
  return events;
}

export function toAuditEvent(row: Selectable<AuditEventTable>): AuditEvent {
  return {
    seq: row.seq,
    at: row.at.toISOString(),
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Newest first, keyset-paginated on `seq` so deep pages cost the same as the first. */
export async function listAuditEvents(
  db: Kysely<DB>,
  filter: AuditFilter,
  page: { before?: number | undefined; limit: number },
): Promise<{ events: AuditEvent[]; nextBefore: number | null }> {
  let query = db.selectFrom('audit_event').selectAll();
  if (filter.subjectType) query = query.where('subject_type', '=', filter.subjectType);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.actorId !== undefined) query = query.where('actor_id', '=', filter.actorId);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.from) query = query.where('at', '>=', new Date(filter.from.epochMilliseconds));
  if (filter.to) query = query.where('at', '<=', new Date(filter.to.epochMilliseconds));
  if (page.before !== undefined) query = query.where('seq', '<', page.before);
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  const events = rows.slice(0, page.limit).map(toAuditEvent);
  const last = events.at(-1);
  return { events, nextBefore: rows.length > page.limit && last ? last.seq : null };
}

/**
 * Issue 13: every event the filter keeps, newest first, read `chunk` at a time on the `seq` keyset
 * (each read starts below the last event sent), so an export of a million events never holds more
 * than one chunk.
 */
export async function* eachAuditEvent(
  db: Kysely<DB>,
  filter: AuditFilter,
  chunk = 1000,
): AsyncGenerator<AuditEvent> {
  let before: number | undefined;
  for (;;) {
    const page = await listAuditEvents(db, filter, { before, limit: chunk });
    yield* page.events;
    if (page.nextBefore === null) return;
    before = page.nextBefore;
  }
}

/**
 * Distinct actions recorded so far, for the audit page's filter. A plain `select distinct` reads
 * every event (a million in ten years); this walks the action index one value at a time instead
 * (a "loose index scan"), so it costs one index probe per distinct action.
 */
export async function listAuditActions(db: Kysely<DB>): Promise<string[]> {
  const result = await sql<{ action: string }>`
    with recursive actions(action) as (
      (select action from audit_event order by action limit 1)
      union all
      select (select e.action from audit_event e where e.action > actions.action order by e.action limit 1)
      from actions where actions.action is not null
    )
    select action from actions where action is not null`.execute(db);
  return result.rows.map((row) => row.action);
}

/**
 * The head of the chain as published: the last event's number, its hash and when it was
 * recorded (null before the first event). `secrel audit verify` recomputes the chain up to it.
 */
export async function auditHead(
  db: Kysely<DB>,
): Promise<{ seq: number; hash: string; at: Date | null } | null> {
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirst();
  if (!head || head.seq === 0) return null;
  const event = await db
    .selectFrom('audit_event')
    .select('at')
    .where('seq', '=', head.seq)
    .executeTakeFirst();
  return { seq: head.seq, hash: head.hash, at: event?.at ?? null };
}

export type VerifyResult =
  | { ok: true; events: number; headHash: string }
  | { ok: false; events: number; broken: ChainBreak };

/**
 * Recomputes the whole chain in batches, then checks the head row names the last event, so
 * events removed from the end are caught too.
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  onProgress?: (checked: number) => void,
  batchSize = 5000,
): Promise<VerifyResult> {
  let cursor = CHAIN_START;
  for (;;) {
    const rows = await db
      .selectFrom('audit_event')
      .selectAll()
      .where('seq', '>', cursor.seq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    const result = verifyBatch(cursor, rows.map(toAuditEvent), sha256Hex);
    if (!result.ok) return { ok: false, events: cursor.seq, broken: result.broken };
    cursor = result.cursor;
    onProgress?.(cursor.seq);
    if (rows.length < batchSize) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  if (head.seq !== cursor.seq || head.hash !== cursor.hash) {
    return { ok: false, events: cursor.seq, broken: { seq: head.seq, problem: 'head_mismatch' } };
  }
  return { ok: true, events: cursor.seq, headHash: cursor.hash };
}
