import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { canSummarise } from './consultation.access.ts';
import { statusAt } from './consultation.ts';
import { listPoints, lockConsultation, type Consultation } from './consultation.store.ts';
import { listResponses } from './consultation-response.store.ts';
import { actorOf } from '../identity/identity.ts';

export interface SummaryPointInput {
  point: string;
  reply: string;
  responseId?: number | null;
}

export interface SummaryInput {
  version: number;
  summary: string;
  points: SummaryPointInput[];
}

export const MAX_SUMMARY_LENGTH = 20_000;
export const MAX_POINTS = 100;

/**
 * Consultations: after the close only (before: consultation_not_open), the Panel (Chair or
 * SECAS), or the DCC for its own consultations, records the summary and its response to each
 * point, optionally linked to a response of this consultation. It is published at once; a
 * later record replaces it. Audited as `consultation.summary_published`.
 */
export async function recordSummary(
  ctx: AppContext,
  principal: Principal,
  id: number,
  input: SummaryInput,
): Promise<Consultation> {
  return inTransaction(ctx, actorOf(principal), async (unit) => {
    const consultation = await lockConsultation(unit.trx, id, input.version);
    if (!canSummarise(principal, consultation.runBy)) {
      throw new AppError(
        'forbidden',
        consultation.runBy === 'dcc'
          ? 'Only the DCC summarises its own consultations'
          : 'Only SECAS or the Panel Chair records the Panel’s summary',
      );
    }
    if (statusAt(consultation, unit.now) !== 'closed') {
      throw new AppError(
        'consultation_not_open',
        'The summary can be recorded only after the consultation has closed',
      );
    }
    const summary = input.summary.trim();
    if (summary === '') throw invalid('summary', 'Enter the summary of the responses');
    if (summary.length > MAX_SUMMARY_LENGTH) {
      throw invalid('summary', `The summary must be at most ${MAX_SUMMARY_LENGTH} characters`);
    }
    if (input.points.length > MAX_POINTS)
      throw invalid('points', `Record at most ${MAX_POINTS} points`);
    const responseIds = new Set((await listResponses(unit.trx, id)).map((r) => r.id));
    const points = input.points.map((p, index) => {
      const point = p.point.trim();
      const reply = p.reply.trim();
      if (point === '') throw invalid(`points.${index}.point`, `Enter point ${index + 1}`);
      if (reply === '')
        throw invalid(`points.${index}.reply`, `Enter the reply to point ${index + 1}`);
      if (point.length > 5000 || reply.length > 5000) {
        throw invalid(
          `points.${index}.reply`,
          'A point and its reply must be at most 5000 characters each',
        );
      }
      const responseId = p.responseId ?? null;
      if (responseId !== null && !responseIds.has(responseId)) {
        throw invalid(
          `points.${index}.responseId`,
          `Response ${responseId} is not a response to this consultation`,
        );
      }
      return { point, reply, responseId };
    });
    const before = await listPoints(unit.trx, id);
    await unit.trx.deleteFrom('consultation_point').where('consultation_id', '=', id).execute();
    for (const p of points) {
      await unit.trx
        .insertInto('consultation_point')
        .values({
          consultation_id: id,
          response_id: p.responseId,
          point: p.point,
          reply: p.reply,
          recorded_by: principal.userId,
          recorded_at: unit.now,
        })
        .execute();
    }
    await unit.trx
      .updateTable('consultation')
      .set({ summary, summary_published_at: unit.now, version: consultation.version + 1 })
      .where('id', '=', id)
      .execute();
    await unit.audit({
      action: 'consultation.summary_published',
      subjectType: 'consultation',
      subjectId: String(id),
      before:
        consultation.summary === null
          ? null
          : {
              summary: consultation.summary,
              points: before.map((p) => ({
                point: p.point,
                reply: p.reply,
                responseId: p.responseId,
              })),
            },
      after: { summary, points },
    });
    return {
      ...consultation,
      summary,
      summaryPublishedAt: unit.now,
      version: consultation.version + 1,
    };
  });
}
