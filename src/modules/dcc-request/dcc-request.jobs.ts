import { inTransaction, type AppContext } from '../../app-context.ts';
import { addWorkingDays } from '../../calendar/index.ts';
import { enqueueJob } from '../../jobs/jobs.store.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { mailFacts } from './dcc-request.actions.ts';
import {
  overdueNoticeDue,
  REMINDER_WORKING_DAYS,
  reminderDate,
  reminderDue,
} from './dcc-request.ts';
import { overdueMail, reminderMail } from './dcc-request.mail.ts';
import {
  claimOverdueNotice,
  claimReminder,
  dccRecipients,
  secasRecipients,
  sweepCandidates,
} from './dcc-request.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface SweepResult {
  /** Requests the DCC was reminded of in this sweep. */
  reminded: number[];
  /** Requests whose overdue notice went out in this sweep. */
  overdue: number[];
}

/**
 * D10.10: sends the reminder of each open request whose reminder day has come, and the one
 * overdue notice of each open request past its due date. Each request is handled in a
 * transaction of its own that first claims it with a conditional update (`… where reminded_at is
 * null returning`); the e-mail and the audit event are written in that same transaction. So a
 * second sweep, on this server or another, at the same time or after a crash, finds the request
 * claimed and sends nothing: no e-mail goes twice (the outbox's dedupe keys guard it again).
 */
export async function sweepDccRequests(ctx: AppContext): Promise<SweepResult> {
  const result: SweepResult = { reminded: [], overdue: [] };
  const today = todayOf(ctx.now());
  const calendar = await calendarFor(ctx);
  const horizon = addWorkingDays(calendar, today, REMINDER_WORKING_DAYS);
  for (const candidate of await sweepCandidates(ctx.db, horizon)) {
    const state = {
      status: candidate.status,
      dueDate: candidate.dueDate,
      requestedOn: todayOf(new Date(candidate.requestedAt)),
      remindedAt: candidate.remindedAt,
      overdueNotifiedAt: candidate.overdueNotifiedAt,
    };
    if (overdueNoticeDue(state, today)) {
      if (await sendOverdueNotice(ctx, candidate.id, candidate.releaseName, today))
        result.overdue.push(candidate.id);
    } else if (reminderDue(state, today, reminderDate(calendar, candidate.dueDate))) {
      if (await sendReminder(ctx, candidate.id, candidate.releaseName))
        result.reminded.push(candidate.id);
    }
  }
  return result;
}

async function sendReminder(ctx: AppContext, id: number, releaseName: string): Promise<boolean> {
  return inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    const row = await claimReminder(unit.trx, id, unit.now);
    if (!row) return false;
    const recipients = await dccRecipients(unit.trx);
    for (const user of recipients) {
      const mail = reminderMail(mailFacts(row, releaseName), user.name);
      await unit.notify({
        to: user.email,
        toName: user.name,
        ...mail,
        dedupeKey: `dcc-request:${id}:reminder:${user.id}`,
      });
    }
    await unit.audit({
      action: 'dcc_request.reminded',
      subjectType: 'dcc_request',
      subjectId: String(id),
      after: { due_date: row.dueDate, recipients: recipients.map((u) => u.email) },
    });
    return true;
  });
}

async function sendOverdueNotice(
  ctx: AppContext,
  id: number,
  releaseName: string,
  today: string,
): Promise<boolean> {
  return inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    const row = await claimOverdueNotice(unit.trx, id, unit.now, today);
    if (!row) return false;
    const dcc = await dccRecipients(unit.trx);
    const dccIds = new Set(dcc.map((u) => u.id));
    const copies = (await secasRecipients(unit.trx)).filter((u) => !dccIds.has(u.id));
    for (const [user, copy] of [
      ...dcc.map((u) => [u, false] as const),
      ...copies.map((u) => [u, true] as const),
    ]) {
      const mail = overdueMail(mailFacts(row, releaseName), user.name, copy);
      await unit.notify({
        to: user.email,
        toName: user.name,
        ...mail,
        dedupeKey: `dcc-request:${id}:overdue:${user.id}`,
      });
    }
    await unit.audit({
      action: 'dcc_request.overdue_notified',
      subjectType: 'dcc_request',
      subjectId: String(id),
      after: {
        due_date: row.dueDate,
        recipients: dcc.map((u) => u.email),
        copies: copies.map((u) => u.email),
      },
    });
    return true;
  });
}

/** The job kind of the periodic sweep. */
export const DCC_REQUEST_SWEEP_JOB = 'dcc_request.sweep';

/** How often the sweep runs: hourly is enough for reminders counted in Working Days. */
export const SWEEP_INTERVAL_MS = 60 * 60_000;

function slotOf(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / SWEEP_INTERVAL_MS) * SWEEP_INTERVAL_MS);
}

/**
 * Queues the sweep for the interval slot holding `at`. The dedupe key names the slot, so every
 * app server may call this (at start-up, and each sweep for the next slot) and there is still one
 * sweep job per slot; should two ever run, the sweep is idempotent.
 */
export async function scheduleDccRequestSweep(ctx: AppContext, at = ctx.now()): Promise<void> {
  const runAt = slotOf(at);
  await enqueueJob(
    ctx.db,
    {
      kind: DCC_REQUEST_SWEEP_JOB,
      runAt,
      dedupeKey: `${DCC_REQUEST_SWEEP_JOB}:${runAt.toISOString()}`,
    },
    ctx.now(),
  );
}

/**
 * The worker's handler: queue the next slot first (so the chain goes on even if this sweep fails
 * and is retried), then sweep.
 */
export const DCC_REQUEST_JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [DCC_REQUEST_SWEEP_JOB]: async (ctx) => {
    await scheduleDccRequestSweep(ctx, new Date(slotOf(ctx.now()).getTime() + SWEEP_INTERVAL_MS));
    await sweepDccRequests(ctx);
  },
};
