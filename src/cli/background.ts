import { hostname } from 'node:os';
import type { AppContext } from '../app-context.ts';
import {
  startWorker,
  type JobHandler,
  type Worker,
  type WorkerLog,
  type WorkerRelease,
} from '../jobs/worker.ts';
import { createMailer, type Mailer } from '../outbox/mailer.ts';
import {
  DCC_REQUEST_JOB_HANDLERS,
  scheduleDccRequestSweep,
} from '../modules/dcc-request/dcc-request.jobs.ts';
import { CONSULTATION_JOB_HANDLERS } from '../modules/consultation/consultation.jobs.ts';
import {
  ACTION_REMINDER_JOB_HANDLERS,
  rescheduleActionReminders,
} from '../modules/meeting/action-reminder.jobs.ts';
import {
  DIGEST_JOB_HANDLERS,
  scheduleDailyDigest,
} from '../modules/notification/notification.jobs.ts';
import {
  RELEASE_JOB_HANDLERS,
  scheduleReleaseGovernanceSweep,
} from '../modules/release/release.jobs.ts';

/**
 * Every job kind the background worker runs, by kind: `secrel serve` and `secrel worker` both
 * run this one list. A module's jobs file adds its handlers here.
 */
export const JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  ...DCC_REQUEST_JOB_HANDLERS,
  ...RELEASE_JOB_HANDLERS,
  ...CONSULTATION_JOB_HANDLERS,
  ...ACTION_REMINDER_JOB_HANDLERS,
  ...DIGEST_JOB_HANDLERS,
};

/**
 * Queues the current slot of each periodic sweep; the dedupe keys make this safe from every
 * process that starts a worker.
 */
export async function schedulePeriodicJobs(ctx: AppContext): Promise<void> {
  // D10.10: the hourly sweep of information requests (reminders, overdue notices).
  await scheduleDccRequestSweep(ctx);
  // Ruling 14: the hourly sweep that records the milestones a newly effective Policy moves.
  await scheduleReleaseGovernanceSweep(ctx);
  // Issue 13: the daily summaries, and D10.3 reminders of the open actions on today's calendar.
  await scheduleDailyDigest(ctx);
  await rescheduleActionReminders(ctx);
}

/** The background worker of one process, with the SMTP mailer it sends through. */
export interface Background {
  worker: Worker;
  /** Stops the worker (releasing what it claimed but did not start) and closes the mailer. */
  stop(): Promise<WorkerRelease>;
}

/**
 * Starts the background worker: the periodic sweeps are queued, then due jobs and outbox e-mail
 * are claimed every WORKER_POLL_MS (with `FOR UPDATE SKIP LOCKED`, so any number of processes
 * may run one). Without SMTP_URL e-mail waits in the outbox.
 */
export async function startBackground(ctx: AppContext, log: WorkerLog): Promise<Background> {
  await schedulePeriodicJobs(ctx);
  const { config } = ctx;
  const mailer: Mailer | null =
    config.smtpUrl === undefined ? null : createMailer(config.smtpUrl, config.mailFrom);
  const worker = startWorker(ctx, {
    handlers: JOB_HANDLERS,
    mailer,
    pollMs: config.workerPollMs,
    workerId: `${hostname()}:${process.pid}`,
    log,
  });
  return {
    worker,
    async stop() {
      const released = await worker.stop();
      mailer?.close();
      return released;
    },
  };
}
