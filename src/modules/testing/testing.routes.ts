import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { ErrorSchema, IdParams, withErrors } from '../../schemas.ts';
import { acceptUploads, sendDownload, uploadsOf } from '../../web/uploads.ts';
import { uploadPhaseEvidence } from './test-evidence.actions.ts';
import { addTestPhase, createPhasesFromRid, recordPhaseResults } from './testing.actions.ts';
import { canReadTestDetail } from './testing.access.ts';
import { phaseJson, testingView } from './testing.present.ts';
import {
  PhaseParams,
  PhasePlanBody,
  PhaseResultsBody,
  TestPhaseSchema,
  UploadResult,
} from './testing.schema.ts';
import { evidenceOf, findEvidence, findPhase } from './testing.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

const PUBLIC_ERRORS = { 400: ErrorSchema, 404: ErrorSchema };

/** DCC test phases (D10.13(b), D10.16) and their evidence files. */
export function registerTestingRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['testing'];

  async function phaseResponse(releaseId: number, phaseId: number, detail: boolean) {
    const phase = await findPhase(app.ctx.db, releaseId, phaseId);
    const evidence = detail
      ? (await evidenceOf(app.ctx.db, releaseId)).filter((e) => e.testPhaseId === phaseId)
      : null;
    return phaseJson(phase, todayOf(app.ctx.now()), evidence);
  }

  app.get(
    '/api/v1/releases/:id/test-phases',
    {
      schema: {
        summary:
          'A release’s test phases, planned against actual, with results (public; evidence files for the Panel, SECAS, the DCC and the Authority)',
        tags,
        security: [],
        params: IdParams,
        response: { 200: Type.Array(TestPhaseSchema), ...PUBLIC_ERRORS },
      },
    },
    async (request) => (await testingView(app.ctx, request.params.id, request.principal)).phases,
  );

  app.post(
    '/api/v1/releases/:id/test-phases/from-rid',
    {
      schema: {
        summary:
          'Create the DCC SIT and User testing phases on the approved RID’s testing windows (SECAS or the DCC)',
        tags,
        params: IdParams,
        response: withErrors({ 201: Type.Array(TestPhaseSchema) }, ['rid_incomplete']),
      },
    },
    async (request, reply) => {
      const created = await createPhasesFromRid(app.ctx, request.principal, request.params.id);
      const today = todayOf(app.ctx.now());
      return reply.status(201).send(created.map((p) => phaseJson(p, today, [])));
    },
  );

  app.post(
    '/api/v1/releases/:id/test-phases',
    {
      schema: {
        summary:
          'Add a regression, performance or other test phase with planned dates (SECAS or the DCC)',
        tags,
        params: IdParams,
        body: PhasePlanBody,
        response: withErrors({ 201: TestPhaseSchema }),
      },
    },
    async (request, reply) => {
      const phase = await addTestPhase(app.ctx, request.principal, request.params.id, request.body);
      return reply.status(201).send(phaseJson(phase, todayOf(app.ctx.now()), []));
    },
  );

  app.get(
    '/api/v1/releases/:id/test-phases/:phaseId',
    {
      schema: {
        summary:
          'One test phase (public; evidence files for the Panel, SECAS, the DCC and the Authority)',
        tags,
        security: [],
        params: PhaseParams,
        response: { 200: TestPhaseSchema, ...PUBLIC_ERRORS },
      },
    },
    async (request) =>
      phaseResponse(
        request.params.id,
        request.params.phaseId,
        canReadTestDetail(request.principal),
      ),
  );

  app.put(
    '/api/v1/releases/:id/test-phases/:phaseId',
    {
      schema: {
        summary: 'Record a phase’s actual dates, status, results, open defects and notes (the DCC)',
        tags,
        params: PhaseParams,
        body: PhaseResultsBody,
        response: withErrors({ 200: TestPhaseSchema }),
      },
    },
    async (request) => {
      const body = request.body;
      const { id, phaseId } = request.params;
      await recordPhaseResults(app.ctx, request.principal, id, phaseId, {
        status: body.status,
        actualStart: body.actualStart ?? null,
        actualEnd: body.actualEnd ?? null,
        testsPassed: body.testsPassed ?? 0,
        testsFailed: body.testsFailed ?? 0,
        defects: body.defects ?? {},
        notes: body.notes ?? '',
        version: body.version,
      });
      return phaseResponse(id, phaseId, true);
    },
  );

  app.get(
    '/api/v1/test-evidence/:id',
    {
      schema: {
        summary: 'Download an evidence file (the Panel, SECAS, the DCC and the Authority)',
        tags,
        security: [],
        params: IdParams,
        produces: ['application/octet-stream'],
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...PUBLIC_ERRORS },
      },
    },
    async (request, reply) => {
      const file = canReadTestDetail(request.principal)
        ? await findEvidence(app.ctx.db, request.params.id)
        : undefined;
      if (!file) throw new AppError('not_found', 'No such file');
      return sendDownload(reply, {
        filename: file.filename,
        contentType: file.contentType,
        data: file.data,
      });
    },
  );

  app.register(async (scoped) => {
    await acceptUploads(scoped);
    const upload = scoped.withTypeProvider<TypeBoxTypeProvider>();
    upload.post(
      '/api/v1/releases/:id/test-phases/:phaseId/evidence',
      {
        schema: {
          summary:
            'Upload evidence files for a test phase (the DCC; multipart/form-data, field `file`, up to 3 files of 5 MB: PDF, DOCX, XLSX, ODT, CSV, TXT)',
          tags,
          consumes: ['multipart/form-data'],
          params: PhaseParams,
          response: withErrors({ 201: UploadResult }),
        },
      },
      async (request, reply) => {
        const { id, phaseId } = request.params;
        const ids = await uploadPhaseEvidence(
          app.ctx,
          request.principal,
          id,
          phaseId,
          uploadsOf(request),
        );
        return reply.code(201).send({ evidenceIds: ids });
      },
    );
  });
}
