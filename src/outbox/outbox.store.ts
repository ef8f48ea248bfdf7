import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, OutboxMessageTable } from '../db/schema.ts';

export interface OutgoingMessage {
  to: string;
  toName?: string;
  subject: string;
  text: string;
  /** A message with a key already in the outbox is not queued again (e.g. `action:12:overdue`). */
  dedupeKey?: string;
}

export type OutboxRow = Selectable<OutboxMessageTable>;

export type OutboxStatus = OutboxRow['status'];

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sent', 'failed'];

/** True for the three states of an outbox message: pending, sent, failed. */
export function isOutboxStatus(value: unknown): value is OutboxStatus {
  return typeof value === 'string' && (OUTBOX_STATUSES as readonly string[]).includes(value);
}

/** Queues an e-mail in the caller's transaction (transactional outbox): no commit, no e-mail. */
export async function enqueueMessage(
  trx: Transaction<DB>,
  message: OutgoingMessage,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('outbox_message')
    .values({
      to_address: message.to,
      to_name: message.toName ?? '',
      subject: message.subject,
      body_text: message.text,
      created_at: now,
      message_id: `<${randomUUID()}@secrel>`,
      dedupe_key: message.dedupeKey ?? null,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .execute();
}

/**
 * Claims up to `limit` pending messages for one sender: `FOR UPDATE SKIP LOCKED` means two app
 * servers never claim the same message, and the lease lets another server retry a message whose
 * sender died mid-way.
 */
export async function claimPendingMessages(
  db: Kysely<DB>,
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<OutboxRow[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('outbox_message')
      .select('id')
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('outbox_message')
      .set((eb) => ({
        locked_until: new Date(now.getTime() + leaseMs),
        attempts: eb('attempts', '+', 1),
      }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}

/**
 * Hands back claimed messages that a stopping worker has not sent: the lease is dropped and the
 * claim's attempt uncounted, so another worker sends them at its next tick. Only the current
 * claim is released (`attempts` unchanged since it was taken).
 */
export async function releaseMessages(
  db: Kysely<DB>,
  rows: readonly Pick<OutboxRow, 'id' | 'attempts'>[],
): Promise<number> {
  let released = 0;
  for (const row of rows) {
    const result = await db
      .updateTable('outbox_message')
      .set((eb) => ({ locked_until: null, attempts: eb('attempts', '-', 1) }))
      .where('id', '=', row.id)
      .where('attempts', '=', row.attempts)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    released += Number(result.numUpdatedRows);
  }
  return released;
}

/** Marks a claimed message sent; only the claim holder's attempt counts. */
export async function markMessageSent(db: Kysely<DB>, id: number, now: Date): Promise<void> {
  await db
    .updateTable('outbox_message')
    .set({ status: 'sent', sent_at: now, locked_until: null, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Records a failed attempt; after `maxAttempts` the message is parked as failed for an admin.
 * Only the current claim counts: once another sender has claimed the message again (so
 * `attempts` moved on), this stale outcome changes nothing.
 */
export async function markMessageFailed(
  db: Kysely<DB>,
  row: Pick<OutboxRow, 'id' | 'attempts'>,
  error: string,
  now: Date,
  maxAttempts: number,
  retryMs: number,
): Promise<void> {
  const parked = row.attempts >= maxAttempts;
  await db
    .updateTable('outbox_message')
    .set({
      status: parked ? 'failed' : 'pending',
      last_error: error.slice(0, 1000),
      locked_until: parked ? null : new Date(now.getTime() + retryMs),
    })
    .where('id', '=', row.id)
    .where('attempts', '=', row.attempts)
    .where('status', '=', 'pending')
    .execute();
}

/** One message, locked for the rest of the caller's transaction (`FOR UPDATE`). */
export async function lockOutboxMessage(
  trx: Transaction<DB>,
  id: number,
): Promise<OutboxRow | undefined> {
  return trx
    .selectFrom('outbox_message')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Puts a message back to pending with its attempts reset, keeping its Message-ID and last error. */
export async function resetMessageToPending(trx: Transaction<DB>, id: number): Promise<OutboxRow> {
  return trx
    .updateTable('outbox_message')
    .set({ status: 'pending', attempts: 0, locked_until: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface OutboxPage {
  messages: OutboxRow[];
  nextBefore: number | null;
  counts: Record<OutboxStatus, number>;
}

/** The admin page's view of the outbox: newest first, keyset-paginated, with counts by status. */
export async function listOutbox(
  db: Kysely<DB>,
  filter: { status?: OutboxStatus | undefined },
  page: { before?: number | undefined; limit: number },
): Promise<OutboxPage> {
  let query = db.selectFrom('outbox_message').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (page.before !== undefined) query = query.where('id', '<', page.before);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const counts = await countOutbox(db);
  const messages = rows.slice(0, page.limit);
  const last = messages.at(-1);
  return { messages, nextBefore: rows.length > page.limit && last ? last.id : null, counts };
}

/** How many messages the outbox holds in each status. */
export async function countOutbox(db: Kysely<DB>): Promise<Record<OutboxStatus, number>> {
  const grouped = await db
    .selectFrom('outbox_message')
    .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('status')
    .execute();
  const counts = { pending: 0, sent: 0, failed: 0 };
  for (const group of grouped) counts[group.status] = group.count;
  return counts;
}

/** One message of the outbox, whatever its status. */
export async function getOutboxMessage(db: Kysely<DB>, id: number): Promise<OutboxRow | undefined> {
  return db.selectFrom('outbox_message').selectAll().where('id', '=', id).executeTakeFirst();
}
