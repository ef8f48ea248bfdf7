import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { ErrorSchema, IdParams, withErrors } from '../../schemas.ts';
import { acceptUploads, uploadsOf } from '../../web/uploads.ts';
import { submitReadinessReport } from './readiness.actions.ts';
import { uploadReportEvidence } from './test-evidence.actions.ts';
import { testingView } from './testing.present.ts';
import {
  ReadinessSchema,
  ReportBody,
  ReportParams,
  SubmittedReportSchema,
  UploadResult,
} from './testing.schema.ts';

/** The DCC's readiness reports (D10.13(c), D10.16). */
export function registerReadinessRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['testing'];

  app.get(
    '/api/v1/releases/:id/readiness-reports',
    {
      schema: {
        summary:
          'The readiness schedule the approved RID sets, each due date submitted, due, upcoming or missing (public; the content for the Panel, SECAS, the DCC and the Authority)',
        tags,
        security: [],
        params: IdParams,
        response: { 200: ReadinessSchema, 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const view = await testingView(app.ctx, request.params.id, request.principal);
      return {
        releaseId: view.release.id,
        ridVersionId: view.rid?.id ?? null,
        frequency: view.frequency,
        measures: view.measures,
        reports: view.schedule,
        missing: view.missing,
      };
    },
  );

  app.post(
    '/api/v1/releases/:id/readiness-reports',
    {
      schema: {
        summary:
          'Submit the readiness report for a due date, with a value for every measure the approved RID names (the DCC)',
        tags,
        params: IdParams,
        body: ReportBody,
        response: withErrors({ 201: SubmittedReportSchema }),
      },
    },
    async (request, reply) => {
      const report = await submitReadinessReport(
        app.ctx,
        request.principal,
        request.params.id,
        request.body,
      );
      return reply.status(201).send({
        id: report.id,
        releaseId: report.releaseId,
        periodDue: report.periodDue,
        measures: report.measures,
        summary: report.summary,
        submittedAt: report.submittedAt.toISOString(),
        evidenceIds: report.evidenceIds,
      });
    },
  );

  app.register(async (scoped) => {
    await acceptUploads(scoped);
    const upload = scoped.withTypeProvider<TypeBoxTypeProvider>();
    upload.post(
      '/api/v1/releases/:id/readiness-reports/:reportId/evidence',
      {
        schema: {
          summary:
            'Add evidence files to a readiness report (the DCC; multipart/form-data, field `file`, up to 3 files of 5 MB: PDF, DOCX, XLSX, ODT, CSV, TXT)',
          tags,
          consumes: ['multipart/form-data'],
          params: ReportParams,
          response: withErrors({ 201: UploadResult }),
        },
      },
      async (request, reply) => {
        const { id, reportId } = request.params;
        const ids = await uploadReportEvidence(
          app.ctx,
          request.principal,
          id,
          reportId,
          uploadsOf(request),
        );
        return reply.code(201).send({ evidenceIds: ids });
      },
    );
  });
}
