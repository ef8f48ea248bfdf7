import { inTransaction, type AppContext, type Tx } from '../../app-context.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { enqueueJob } from '../../jobs/jobs.store.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { tell } from '../notification/notification.actions.ts';
import { audienceMembers, openedSubject, openedText } from './consultation-audience.ts';
import { audienceCandidates } from './consultation-audience.store.ts';
import { findConsultation } from './consultation.store.ts';

/** The job kind that tells a consultation's audiences it has opened. */
export const CONSULTATION_OPENED_JOB = 'consultation.opened_notice';

/**
 * Issue 13: queues, in the caller's transaction, the notice to a consultation's audiences for
 * the instant it opens. The key names the instant: an edit that moves the opening queues
 * another, and the job of the old instant then finds the consultation not yet open.
 */
export async function scheduleOpenedNotice(
  trx: Tx,
  consultation: { id: number; opensAt: Date },
  now: Date,
): Promise<void> {
  await enqueueJob(
    trx,
    {
      kind: CONSULTATION_OPENED_JOB,
      runAt: consultation.opensAt,
      payload: { consultationId: consultation.id },
      dedupeKey: `consultation:${consultation.id}:opened:${consultation.opensAt.toISOString()}`,
    },
    now,
  );
}

/**
 * Tells the audiences of an open consultation that it is open (topic `consultation`), each person
 * once (the notifications' dedupe keys), in one transaction. Nothing before it opens (its job for
 * the new instant does it) or once it has closed. Returns the number of people told.
 */
export async function tellConsultationOpened(
  ctx: AppContext,
  consultationId: number,
): Promise<number> {
  const consultation = await findConsultation(ctx.db, consultationId);
  const now = ctx.now();
  if (!consultation || consultation.opensAt > now || consultation.closesAt <= now) return 0;
  return inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    const people = audienceMembers(await audienceCandidates(unit.trx), consultation.audiences);
    const told = await tell(unit, people, {
      topic: 'consultation',
      subject: openedSubject(consultation.title),
      body: openedText(consultation),
      path: `/consultations/${consultation.id}`,
      key: `consultation:${consultation.id}:opened`,
    });
    return told.length;
  });
}

export const CONSULTATION_JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [CONSULTATION_OPENED_JOB]: async (ctx, payload) => {
    const { consultationId } = payload as { consultationId: number };
    await tellConsultationOpened(ctx, consultationId);
  },
};
