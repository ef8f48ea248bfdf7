import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formErrors, formText } from '../../web/forms.ts';
import { listResponses } from './consultation-response.store.ts';
import { recordSummary, type SummaryPointInput } from './consultation-summary.actions.ts';
import { canSummarise } from './consultation.access.ts';
import { statusAt } from './consultation.ts';
import { findConsultation, listPoints, type Consultation } from './consultation.store.ts';
import { requireActor } from '../identity/identity.access.ts';

type ErrorItem = { text: string; href: string };

async function loadConsultation(app: FastifyInstance, id: string): Promise<Consultation> {
  const consultation = await findConsultation(app.ctx.db, parseId(id, 'consultation'));
  if (!consultation) throw new AppError('not_found', 'No such consultation');
  return consultation;
}

/** The summary form: after the close, the Panel (or the DCC) publishes its reply to each point. */
export function registerConsultationSummaryPages(app: FastifyInstance): void {
  async function renderSummary(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    values: {
      summary: string;
      version: string;
      points: (SummaryPointInput & { responseId?: number | null })[];
    },
    errors: ErrorItem[] = [],
    status = 200,
  ) {
    const responses = await listResponses(app.ctx.db, c.id);
    const rows = [
      ...values.points,
      ...Array.from({ length: 3 }, () => ({ point: '', reply: '', responseId: null })),
    ];
    return reply.page(
      'consultation-summary.njk',
      {
        title: `Summary of “${c.title}”`,
        c,
        values,
        rows: rows.map((row, index) => ({
          n: index + 1,
          point: row.point,
          reply: row.reply,
          responseItems: [
            { value: '', text: 'Not linked to one response' },
            ...responses.map((r) => ({
              value: String(r.id),
              text: r.organisationName,
              selected: r.id === row.responseId,
            })),
          ],
        })),
        errors,
        fieldErrors: Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }])),
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>(
    '/consultations/:id/summary',
    { schema: { hide: true } },
    async (request, reply) => {
      const c = await loadConsultation(app, request.params.id);
      requireActor(request.principal, (p) => canSummarise(p, c.runBy));
      if (statusAt(c, app.ctx.now()) !== 'closed') {
        throw new AppError(
          'consultation_not_open',
          'The summary can be recorded only after the consultation has closed',
        );
      }
      const points = await listPoints(app.ctx.db, c.id);
      return renderSummary(request, reply, c, {
        summary: c.summary ?? '',
        version: String(c.version),
        points,
      });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/consultations/:id/summary',
    { schema: { hide: true } },
    async (request, reply) => {
      const c = await loadConsultation(app, request.params.id);
      const principal = requireActor(request.principal, (p) => canSummarise(p, c.runBy));
      const points: SummaryPointInput[] = [];
      const fieldIds: Record<string, string> = {};
      for (let n = 1; n <= 103; n += 1) {
        const point = formText(request, `point-${n}`);
        const reply = formText(request, `reply-${n}`);
        if (point === '' && reply === '') continue;
        const linked = formText(request, `responseId-${n}`);
        // The page is shown again with the blank rows dropped, so row k is the k-th point.
        const row = points.length + 1;
        fieldIds[`points.${points.length}.point`] = `point-${row}`;
        fieldIds[`points.${points.length}.reply`] = `reply-${row}`;
        fieldIds[`points.${points.length}.responseId`] = `responseId-${row}`;
        points.push({ point, reply, responseId: linked === '' ? null : Number(linked) });
      }
      const values = {
        summary: formText(request, 'summary'),
        version: formText(request, 'version'),
        points,
      };
      try {
        await recordSummary(app.ctx, principal, c.id, {
          version: Number(values.version),
          summary: values.summary,
          points,
        });
        setNotice(reply, 'The summary has been published with the consultation.');
        return await reply.redirect(`/consultations/${c.id}#summary`, 303);
      } catch (error) {
        const errors = formErrors(error, fieldIds);
        return renderSummary(
          request,
          reply,
          c,
          values,
          errors,
          error instanceof AppError ? error.status : 400,
        );
      }
    },
  );
}
