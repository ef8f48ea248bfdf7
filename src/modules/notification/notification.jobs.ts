import { inTransaction, type AppContext } from '../../app-context.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { enqueueJob } from '../../jobs/jobs.store.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { digestInstant, digestSubject, digestText, nextDay } from './notification.ts';
import { claimDigest, usersWithDigestDue, type Recipient } from './notification.store.ts';

/** The job kind of the daily summaries. */
export const DIGEST_JOB = 'notification.daily_digest';

/**
 * Queues the summaries of the next 07:00 UK time at or after `now` (one job per day: the
 * dedupe key names the day, so every worker may call this).
 */
export async function scheduleDailyDigest(ctx: AppContext, after = ctx.now()): Promise<Date> {
  const today = todayOf(after);
  const day = digestInstant(today) >= after.getTime() ? today : nextDay(today);
  const runAt = new Date(digestInstant(day));
  await enqueueJob(
    ctx.db,
    { kind: DIGEST_JOB, runAt, dedupeKey: `${DIGEST_JOB}:${day}` },
    ctx.now(),
  );
  return runAt;
}

/**
 * Sends each person with notifications waiting one summary of them all. Each person's are
 * claimed in the transaction that queues the summary, so a second run (another worker, a retry,
 * the same day's job twice) finds nothing to send: no summary, and no update, goes twice.
 * Returns the people sent a summary.
 */
export async function sendDailyDigests(ctx: AppContext): Promise<Recipient[]> {
  const sent: Recipient[] = [];
  for (const person of await usersWithDigestDue(ctx.db)) {
    const queued = await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
      const items = await claimDigest(unit.trx, person.id, unit.now);
      const first = items[0];
      if (!first) return false;
      await unit.notify({
        to: person.email,
        toName: person.name,
        subject: digestSubject(items.length),
        text: digestText(
          person.name,
          items.map((item) => ({ subject: item.subject, body: item.body_text, path: item.path })),
          ctx.config.publicUrl,
        ),
        dedupeKey: `digest:${person.id}:${first.id}`,
      });
      return true;
    });
    if (queued) sent.push(person);
  }
  return sent;
}

export const DIGEST_JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [DIGEST_JOB]: async (ctx) => {
    await scheduleDailyDigest(ctx, new Date(ctx.now().getTime() + 60_000));
    await sendDailyDigests(ctx);
  },
};
