import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, JobTable } from '../db/schema.ts';

/**
 * A job row. Its state follows from the columns:
 * - waiting: `done_at` null (due when `run_at` has passed and no live lease `locked_until`);
 * - done: `done_at` set and `last_error` null;
 * - failed for good: `done_at` set and `last_error` set — after {@link JOB_MAX_ATTEMPTS} failed
 *   attempts the job is closed so that it stops retrying and leaves the `job_due` index, while
 *   its last error stays on the row for the operator.
 */
export type JobRow = Selectable<JobTable>;

export interface NewJob {
  kind: string;
  runAt: Date;
  payload?: unknown;
  /** A job with a key already in the table is not queued again (e.g. `appeal:123:reminder:T-2`). */
  dedupeKey?: string;
}

/** After this many failed attempts a job is closed as failed instead of retried. */
export const JOB_MAX_ATTEMPTS = 10;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Retry back-off after the `attempts`-th failure: 2^attempts minutes, never more than an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(2 ** Math.max(attempts, 0) * MINUTE_MS, HOUR_MS);
}

/**
 * Queues a job, in the caller's transaction when given one (so it exists only if the state change
 * that caused it commits). Returns the new job's id, or null when its dedupe key is already taken.
 */
export async function enqueueJob(
  db: Kysely<DB> | Transaction<DB>,
  job: NewJob,
  now: Date,
): Promise<number | null> {
  const row = await db
    .insertInto('job')
    .values({
      kind: job.kind,
      run_at: job.runAt,
      payload: JSON.stringify(job.payload ?? {}),
      dedupe_key: job.dedupeKey ?? null,
      created_at: now,
    })
    .onConflict((conflict) => conflict.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Claims up to `limit` due jobs for one worker. `FOR UPDATE SKIP LOCKED` means two app servers
 * never claim the same job; each claim counts as an attempt and takes a lease, so a job whose
 * worker died is claimed again once `locked_until` has passed.
 */
export async function claimDueJobs(
  db: Kysely<DB>,
  now: Date,
  workerId: string,
  leaseMs: number,
  limit: number,
): Promise<JobRow[]> {
  const claimed = await db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('job')
      .select('id')
      .where('done_at', 'is', null)
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .orderBy('run_at')
      .orderBy('id')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('job')
      .set((eb) => ({
        locked_until: new Date(now.getTime() + leaseMs),
        locked_by: workerId,
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
  return claimed.sort((a, b) => a.run_at.getTime() - b.run_at.getTime() || a.id - b.id);
}

/**
 * Marks a claimed job done. Only the current claim counts: if the lease ran out and another
 * worker claimed the job again (so `attempts` moved on), this stale outcome changes nothing.
 */
export async function completeJob(
  db: Kysely<DB>,
  job: Pick<JobRow, 'id' | 'attempts'>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('job')
    .set({ done_at: now, locked_until: null, last_error: null })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Records a failed attempt of a claimed job: it runs again after {@link retryDelayMs}, or, after
 * {@link JOB_MAX_ATTEMPTS} attempts, it is closed as failed (`done_at` and `last_error` set).
 */
export async function failJob(
  db: Kysely<DB>,
  job: Pick<JobRow, 'id' | 'attempts'>,
  error: string,
  now: Date,
): Promise<'retry' | 'failed' | 'stale'> {
  const failed = job.attempts >= JOB_MAX_ATTEMPTS;
  const result = await db
    .updateTable('job')
    .set({
      last_error: error.slice(0, 2000),
      locked_until: null,
      ...(failed
        ? { done_at: now }
        : { run_at: new Date(now.getTime() + retryDelayMs(job.attempts)) }),
    })
    .where('id', '=', job.id)
    .where('attempts', '=', job.attempts)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return 'stale';
  return failed ? 'failed' : 'retry';
}

/**
 * Hands back claimed jobs that a stopping worker has not started: the lease is dropped and the
 * claim's attempt uncounted, so another worker takes them at its next tick rather than after
 * the lease runs out. Only this worker's current claim is released (`locked_by`, `attempts`).
 */
export async function releaseJobs(
  db: Kysely<DB>,
  jobs: readonly Pick<JobRow, 'id' | 'attempts'>[],
  workerId: string,
): Promise<number> {
  let released = 0;
  for (const job of jobs) {
    const result = await db
      .updateTable('job')
      .set((eb) => ({ locked_until: null, locked_by: null, attempts: eb('attempts', '-', 1) }))
      .where('id', '=', job.id)
      .where('attempts', '=', job.attempts)
      .where('locked_by', '=', workerId)
      .where('done_at', 'is', null)
      .executeTakeFirst();
    released += Number(result.numUpdatedRows);
  }
  return released;
}

/** One job by id, for operators and tests. */
export async function getJob(db: Kysely<DB>, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('job').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Closes the waiting jobs whose dedupe key starts with `keyPrefix`, except `keepKey`: a job
 * rescheduled to another instant (e.g. a reminder moved by a bank-holiday override) supersedes
 * the one queued before. A job claimed under a live lease is left to finish (handlers check
 * the state they act on). Returns how many were closed.
 */
export async function closeSupersededJobs(
  db: Kysely<DB> | Transaction<DB>,
  keyPrefix: string,
  keepKey: string,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('job')
    .set({ done_at: now, locked_until: null, last_error: null })
    .where('dedupe_key', 'like', `${keyPrefix.replace(/[\\%_]/g, '\\$&')}%`)
    .where('dedupe_key', '!=', keepKey)
    .where('done_at', 'is', null)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
