import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { canSummarise } from './consultation.access.ts';
import { checkSummary, statusAt } from './consultation.ts';
import {
  listPoints,
  lockConsultation,
  publishSummary,
  replacePoints,
  type Consultation,
} from './consultation.store.ts';
import { listResponses } from './consultation-response.store.ts';

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
    requireActor(
      principal,
      (p) => canSummarise(p, consultation.runBy),
      consultation.runBy === 'dcc'
        ? 'Only the DCC summarises its own consultations'
        : 'Only SECAS or the Panel Chair records the Panel’s summary',
    );
    if (statusAt(consultation, unit.now) !== 'closed') {
      throw new AppError(
        'consultation_not_open',
        'The summary can be recorded only after the consultation has closed',
      );
    }
    const responseIds = new Set((await listResponses(unit.trx, id)).map((r) => r.id));
    const checked = checkSummary(input, responseIds);
    if ('problem' in checked) throw invalid(checked.field, checked.problem);
    const { summary, points } = checked;
    const before = await listPoints(unit.trx, id);
    await replacePoints(unit.trx, id, points, principal.userId, unit.now);
    await publishSummary(unit.trx, id, summary, unit.now, consultation.version + 1);
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
