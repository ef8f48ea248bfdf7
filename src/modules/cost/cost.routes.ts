import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../../schemas.ts';
import {
  produceCostReport,
  readCosts,
  recordCostLine,
  recordCostReview,
  requestCostReport,
} from './cost.actions.ts';
import {
  COST_REPORT_HEADER,
  costReportRows,
  presentCostLine,
  presentCostReview,
  presentCosts,
  presentReportRequest,
} from './cost.present.ts';
import {
  CostLineBody,
  CostLineSchema,
  CostReportRequestBody,
  CostReportRequestSchema,
  CostReviewBody,
  CostReviewSchema,
  ReleaseCostsSchema,
} from './cost.schema.ts';
import { toCsv } from '../../web/csv.ts';

/** Release costs, the Panel's cost review and the report to the Authority (D10.8(d), ruling 11). */
export function registerCostRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['releases'];

  app.get(
    '/api/v1/releases/:id/costs',
    {
      schema: {
        summary:
          'A release’s cost lines, totals and variance per component (Panel, SECAS, Authority, DCC)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ReleaseCostsSchema }),
      },
    },
    async (request) => presentCosts(await readCosts(app.ctx, request.principal, request.params.id)),
  );

  app.post(
    '/api/v1/releases/:id/costs',
    {
      schema: {
        summary:
          'Record a forecast or actual cost line for a component (SECAS); supersedes the previous one',
        tags,
        params: IdParams,
        body: CostLineBody,
        response: withErrors({ 201: CostLineSchema }),
      },
    },
    async (request, reply) => {
      const line = await recordCostLine(app.ctx, request.principal, request.params.id, {
        ...request.body,
        note: request.body.note ?? '',
      });
      return reply.status(201).send(presentCostLine(line));
    },
  );

  app.post(
    '/api/v1/releases/:id/cost-reviews',
    {
      schema: {
        summary: 'Record the Panel’s cost review at a review point (Panel Chair or SECAS)',
        tags,
        params: IdParams,
        body: CostReviewBody,
        response: withErrors({ 201: CostReviewSchema }),
      },
    },
    async (request, reply) => {
      const review = await recordCostReview(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentCostReview(review));
    },
  );

  app.post(
    '/api/v1/releases/:id/cost-report-requests',
    {
      schema: {
        summary:
          'Record the Authority’s request for the release’s cost report (Authority or SECAS)',
        tags,
        params: IdParams,
        body: CostReportRequestBody,
        response: withErrors({ 201: CostReportRequestSchema }),
      },
    },
    async (request, reply) => {
      const made = await requestCostReport(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send(presentReportRequest(made));
    },
  );

  app.get(
    '/api/v1/releases/:id/cost-report.csv',
    {
      schema: {
        summary: 'The cost report as CSV; the first production after a request answers it',
        tags,
        params: IdParams,
        produces: ['text/csv'],
        response: withErrors({ 200: Type.String({ description: 'text/csv' }) }),
      },
    },
    async (request, reply) => {
      const report = await produceCostReport(app.ctx, request.principal, request.params.id);
      const csv = toCsv([COST_REPORT_HEADER, ...costReportRows(report)]);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="release-${report.release.id}-costs.csv"`,
        )
        .send(csv);
    },
  );
}
