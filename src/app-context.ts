import type { Kysely, Transaction } from 'kysely';
import type { Config } from './config.ts';
import type { Engine } from './db/database.ts';
import type { DB } from './db/schema.ts';
import type { Actor, AuditEntry } from './audit/audit.ts';
import { appendAudit } from './audit/audit.store.ts';
import { absoluteLinks } from './outbox/links.ts';
import { enqueueMessage, type OutgoingMessage } from './outbox/outbox.store.ts';

/** A connection or a transaction: what a store function runs its SQL on. */
export type Db = Kysely<DB>;
/** The transaction of a unit of work, handed by actions to stores. */
export type Tx = Transaction<DB>;

/** What every use case and route needs: the database, the clock and the configuration. */
export interface AppContext {
  db: Kysely<DB>;
  engine: Engine;
  config: Config;
  /** The clock; tests replace it. Rules never read the clock themselves. */
  now(): Date;
}

/** A use case's unit of work: one transaction, its instant, and the audit and outbox it writes. */
export interface UnitOfWork {
  trx: Tx;
  now: Date;
  actor: Actor;
  /** PUBLIC_URL: the links in e-mail are absolute (issue 13). */
  publicUrl: string;
  /** Records an audit event, appended to the chain when the work is done (see inTransaction). */
  audit(entry: AuditEntry): Promise<void>;
  /** Queues an e-mail, sent only if the transaction commits. */
  notify(message: OutgoingMessage): Promise<void>;
}

/**
 * Runs a use case in one transaction: its state change, its audit events and its e-mail all
 * commit together or not at all. The audit events are appended to the chain after the work, in
 * the order recorded: the chain's head is locked from the append to the commit, so every writer
 * on every app server queues for it only that long, not for the whole use case.
 */
export async function inTransaction<T>(
  ctx: AppContext,
  actor: Actor,
  work: (unit: UnitOfWork) => Promise<T>,
): Promise<T> {
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const entries: AuditEntry[] = [];
    const result = await work({
      trx,
      now,
      actor,
      publicUrl: ctx.config.publicUrl,
      audit: (entry) => {
        entries.push(entry);
        return Promise.resolve();
      },
      // Issue 13: a mail client cannot follow `/releases/4`: site paths go out absolute.
      notify: (message) =>
        enqueueMessage(
          trx,
          { ...message, text: absoluteLinks(message.text, ctx.config.publicUrl) },
          now,
        ),
    });
    await appendAudit(trx, actor, entries, now);
    return result;
  });
}
