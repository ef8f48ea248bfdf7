import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** What the background worker has yet to do, for `/metrics`. */
export interface Backlog {
  /** Jobs not done, by kind: `due` have passed their `run_at`, `scheduled` wait for it. */
  jobs: { kind: string; due: number; scheduled: number }[];
  /** E-mail waiting in the outbox (status pending). */
  outboxPending: number;
  /** When the oldest pending e-mail was queued, or null when none waits. */
  outboxOldestPendingAt: Date | null;
}

/**
 * Reads the backlog with two aggregate queries that only touch the partial indexes of unfinished
 * work (`job_due`, `outbox_pending`), so scraping stays cheap however much history the tables hold.
 */
export async function readBacklog(db: Kysely<DB>, now: Date): Promise<Backlog> {
  const [jobs, outbox] = await Promise.all([
    db
      .selectFrom('job')
      .where('done_at', 'is', null)
      .select((eb) => [
        'kind',
        eb.fn.countAll<number>().filterWhere('run_at', '<=', now).as('due'),
        eb.fn.countAll<number>().filterWhere('run_at', '>', now).as('scheduled'),
      ])
      .groupBy('kind')
      .orderBy('kind')
      .execute(),
    db
      .selectFrom('outbox_message')
      .where('status', '=', 'pending')
      .select((eb) => [
        eb.fn.countAll<number>().as('pending'),
        eb.fn.min<Date | null>('created_at').as('oldest'),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    jobs: jobs.map((row) => ({ kind: row.kind, due: row.due, scheduled: row.scheduled })),
    outboxPending: outbox.pending,
    outboxOldestPendingAt: outbox.oldest,
  };
}
