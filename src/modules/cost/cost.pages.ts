import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseId } from '../../http/params.ts';
import { formText, submitForm, type FormState } from '../../web/forms.ts';
import {
  produceCostReport,
  readCosts,
  recordCostLine,
  recordCostReview,
  requestCostReport,
} from './cost.actions.ts';
import {
  canReadCosts,
  canRecordCostReviews,
  canRecordCosts,
  canRequestCostReport,
} from './cost.access.ts';
import { formatPounds } from './cost.ts';
import { costReportDocument, displayRow } from './cost-document.present.ts';
import { costChart } from './cost-chart.present.ts';
import { formatOf, sendDocument } from '../../web/document-downloads.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** D10.8(d): the costs page: totals and variance, SECAS's and the Chair's forms, the Authority's request. */
async function renderCosts(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  state: Partial<FormState> = {},
  status = 200,
) {
  const principal = request.principal;
  const costs = await readCosts(app.ctx, principal, id);
  const points = costs.mechanism?.reviewPoints ?? [];
  const values = state.values ?? {};
  return reply.page(
    'release-costs.njk',
    {
      title: `Costs of ${costs.release.name}`,
      release: costs.release,
      rows: costs.rows.map((r) => displayRow(r)),
      total: displayRow(costs.total),
      // Issue 13: forecast against actual per component, drawn; the table above is its data.
      chart: costs.rows.some((r) => r.forecastPence !== null || r.actualPence !== null)
        ? costChart(costs.rows)
        : null,
      lines: costs.current.map((l) => ({ ...l, amount: formatPounds(l.amountPence) })),
      superseded: costs.superseded.map((l) => ({ ...l, amount: formatPounds(l.amountPence) })),
      reviews: costs.reviews.map((r) => ({
        ...r,
        pointName: points.find((p) => p.id === r.reviewPoint)?.name ?? r.reviewPoint,
      })),
      requests: costs.requests,
      authorityReporting: costs.mechanism?.authorityReporting ?? '',
      componentItems: [
        { value: '', text: 'Choose a component' },
        ...(costs.mechanism?.components ?? []).map((c) => ({
          value: c,
          text: c,
          selected: values.component === c,
        })),
      ],
      reviewPointItems: points.map((p) => ({
        value: p.id,
        text: p.name,
        checked: values.reviewPoint === p.id,
      })),
      mayRecord: canRecordCosts(principal),
      mayReview: canRecordCostReviews(principal),
      mayRequest: canRequestCostReport(principal),
      today: todayOf(app.ctx.now()),
      errors: state.errors ?? [],
      fieldErrors: state.fieldErrors ?? {},
      form: state.form ?? '',
      values,
    },
    status,
  );
}

/** The costs pages and their forms (D10.8(d), ruling 11). */
export function registerCostPages(app: FastifyInstance): void {
  app.get('/releases/:id/costs', { schema: { hide: true } }, (request: IdRequest, reply) => {
    requireActor(request.principal, canReadCosts);
    return renderCosts(app, request, reply, parseId(request.params.id, 'release'));
  });

  async function respond(
    request: IdRequest,
    reply: FastifyReply,
    id: number,
    form: string,
    run: () => Promise<string>,
  ) {
    return submitForm(request, reply, {
      form,
      run: async () => ({ notice: await run(), to: `/releases/${id}/costs` }),
      again: (state, status) => renderCosts(app, request, reply, id, state, status),
    });
  }

  app.post('/releases/:id/costs', { schema: { hide: true } }, (request: IdRequest, reply) => {
    const principal = requireActor(request.principal, canRecordCosts);
    const id = parseId(request.params.id, 'release');
    return respond(request, reply, id, 'line', async () => {
      const line = await recordCostLine(app.ctx, principal, id, {
        component: formText(request, 'component'),
        kind: formText(request, 'kind'),
        amount: formText(request, 'amount'),
        note: formText(request, 'note'),
      });
      return `The ${line.kind} for ${line.component} is now ${formatPounds(line.amountPence)}.`;
    });
  });

  app.post(
    '/releases/:id/cost-reviews',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRecordCostReviews);
      const id = parseId(request.params.id, 'release');
      return respond(request, reply, id, 'review', async () => {
        await recordCostReview(app.ctx, principal, id, {
          reviewPoint: formText(request, 'reviewPoint'),
          reviewedOn: formText(request, 'reviewedOn'),
          conclusions: formText(request, 'conclusions'),
        });
        return 'The Panel’s cost review has been recorded.';
      });
    },
  );

  app.post(
    '/releases/:id/cost-report-requests',
    { schema: { hide: true } },
    (request: IdRequest, reply) => {
      const principal = requireActor(request.principal, canRequestCostReport);
      const id = parseId(request.params.id, 'release');
      return respond(request, reply, id, 'request', async () => {
        const made = await requestCostReport(app.ctx, principal, id, {
          requestedOn: formText(request, 'requestedOn'),
        });
        return `The Authority’s request of ${made.requestedOn} for the cost report has been recorded.`;
      });
    },
  );

  // D10.8(d), issue 13: the cost report for the Authority — a page to print, Word and PDF (the
  // same words); producing it answers the Authority's outstanding requests.
  for (const file of ['', '.docx', '.pdf'] as const) {
    app.get(
      `/releases/:id/cost-report${file}`,
      { schema: { hide: true } },
      async (request: IdRequest, reply) => {
        const principal = requireActor(request.principal, canReadCosts);
        const id = parseId(request.params.id, 'release');
        const report = await produceCostReport(app.ctx, principal, id);
        const format = formatOf(`document${file}`) ?? 'html';
        return sendDocument(
          app,
          request,
          reply,
          format,
          costReportDocument(report, todayOf(app.ctx.now())),
          {
            path: `/releases/${id}/cost-report`,
            caption: `<a class="govuk-link" href="/releases/${id}/costs">Back to the release costs</a>`,
            releaseName: report.release.name,
            links: [
              {
                href: `/api/v1/releases/${id}/cost-report.csv`,
                text: 'Download as a spreadsheet (CSV)',
              },
            ],
          },
        );
      },
    );
  }
}
