import type { AppContext } from '../app-context.ts';
import type { Mailer } from '../outbox/mailer.ts';
import {
  claimPendingMessages,
  markMessageFailed,
  markMessageSent,
  releaseMessages,
} from '../outbox/outbox.store.ts';
import {
  claimDueJobs,
  completeJob,
  failJob,
  releaseJobs,
  retryDelayMs,
  type JobRow,
} from './jobs.store.ts';

/** Runs one job. Handlers must be idempotent: a job whose worker died mid-way runs again. */
export type JobHandler = (ctx: AppContext, payload: unknown, job: JobRow) => Promise<void>;

export type WorkerLog = (
  level: 'info' | 'warn' | 'error',
  message: string,
  detail?: Record<string, unknown>,
) => void;

export interface WorkerOptions {
  handlers: Readonly<Record<string, JobHandler>>;
  /** Null when SMTP is not configured: messages then stay pending in the outbox. */
  mailer: Mailer | null;
  /** Pause between the end of one tick and the start of the next. */
  pollMs: number;
  /** Written to `job.locked_by`, e.g. `hostname:pid`. */
  workerId: string;
  log?: WorkerLog;
  /** Jobs and messages claimed per tick (default 10 each). */
  batchSize?: number;
  /** How long a claim holds before another worker may take the job again (default 10 min). */
  leaseMs?: number;
  /** Attempts before a message is parked as failed for an administrator (default 10). */
  maxMailAttempts?: number;
}

export interface WorkerTick {
  /** Jobs claimed and run this tick, whether they succeeded or not. */
  jobs: number;
  /** Messages claimed and handed to the mailer this tick, whether accepted or not. */
  messages: number;
}

/** What a stopping worker handed back to the queue. */
export interface WorkerRelease {
  jobs: number;
  messages: number;
}

export interface Worker {
  /** Runs one tick now (after any tick in flight); resolves with what it did. */
  runOnce(): Promise<WorkerTick>;
  /**
   * Stops polling and lets the job or message in hand finish; what the tick had claimed but not
   * started is released at once for another worker. Resolves with what was released.
   */
  stop(): Promise<WorkerRelease>;
}

const defaultLog: WorkerLog = (level, message, detail) => {
  if (level !== 'info') console.error(`[worker] ${level}: ${message}`, detail ?? {});
};

function errorText(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/**
 * The background worker: every `pollMs` it runs due jobs, then sends pending outbox e-mail.
 * Ticks never overlap, a failure is logged and retried later (never thrown out of the timer),
 * and the timer never keeps the process alive on its own.
 */
export function startWorker(ctx: AppContext, options: WorkerOptions): Worker {
  const log = options.log ?? defaultLog;
  const batchSize = options.batchSize ?? 10;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const maxMailAttempts = options.maxMailAttempts ?? 10;
  let stopped = false;
  /** Read through a call: `stop()` may set it while a tick awaits. */
  const stopping = (): boolean => stopped;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  const released: WorkerRelease = { jobs: 0, messages: 0 };

  async function runJobs(): Promise<number> {
    const jobs = await claimDueJobs(ctx.db, ctx.now(), options.workerId, leaseMs, batchSize);
    for (const [index, job] of jobs.entries()) {
      if (stopping()) {
        released.jobs += await releaseJobs(ctx.db, jobs.slice(index), options.workerId);
        return index;
      }
      const handler = options.handlers[job.kind];
      try {
        if (!handler) throw new Error(`No handler for job kind "${job.kind}"`);
        await handler(ctx, job.payload, job);
      } catch (error) {
        const outcome = await failJob(ctx.db, job, errorText(error), ctx.now());
        log(outcome === 'failed' ? 'error' : 'warn', `job ${job.kind} #${job.id} failed`, {
          jobId: job.id,
          attempts: job.attempts,
          outcome,
          error: errorText(error),
        });
        continue;
      }
      await completeJob(ctx.db, job, ctx.now());
    }
    return jobs.length;
  }

  async function sendMail(mailer: Mailer): Promise<number> {
    const rows = await claimPendingMessages(ctx.db, ctx.now(), leaseMs, batchSize);
    for (const [index, row] of rows.entries()) {
      if (stopping()) {
        released.messages += await releaseMessages(ctx.db, rows.slice(index));
        return index;
      }
      try {
        await mailer.send(row);
      } catch (error) {
        const retryMs = retryDelayMs(row.attempts);
        await markMessageFailed(ctx.db, row, errorText(error), ctx.now(), maxMailAttempts, retryMs);
        log('warn', `e-mail #${row.id} not sent`, {
          messageId: row.message_id,
          attempts: row.attempts,
          error: errorText(error),
        });
        continue;
      }
      // Outside the try: had the server accepted the message, it must not be counted a failure.
      // If this write fails, the lease expires and the message goes again with the same
      // Message-ID.
      await markMessageSent(ctx.db, row.id, ctx.now());
    }
    return rows.length;
  }

  async function tick(): Promise<WorkerTick> {
    const result: WorkerTick = { jobs: 0, messages: 0 };
    // A tick queued before stop() but reached after it claims nothing.
    if (stopping()) return result;
    try {
      result.jobs = await runJobs();
    } catch (error) {
      log('error', 'running jobs failed', { error: errorText(error) });
    }
    if (options.mailer && !stopping()) {
      try {
        result.messages = await sendMail(options.mailer);
      } catch (error) {
        log('error', 'sending e-mail failed', { error: errorText(error) });
      }
    }
    return result;
  }

  function runOnce(): Promise<WorkerTick> {
    const next = inFlight.then(tick);
    inFlight = next.catch(() => undefined);
    return next;
  }

  function schedule(): void {
    if (stopping()) return;
    timer = setTimeout(() => {
      timer = undefined;
      // A tick catches its own errors; this catch only stops a throwing `log` from escaping.
      void runOnce()
        .catch(() => undefined)
        .finally(schedule);
    }, options.pollMs);
    timer.unref();
  }

  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight;
      return { ...released };
    },
  };
}
