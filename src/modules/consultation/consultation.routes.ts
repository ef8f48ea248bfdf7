import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { ErrorSchema, IdParams, withErrors } from '../../schemas.ts';
import { addAttachments, amendResponse, submitResponse } from './consultation-response.actions.ts';
import { recordSummary } from './consultation-summary.actions.ts';
import { acceptUploads, sendDownload, uploadsOf } from '../../web/uploads.ts';
import { editConsultation, openConsultation } from './consultation.actions.ts';
import { canOpenSomeConsultation, canSeeResponse, mayRespondAtAll } from './consultation.access.ts';
import { consultationJson, consultationView, responseJson } from './consultation.present.ts';
import {
  AmendResponseBody,
  ConsultationDetailSchema,
  ConsultationSchema,
  EditConsultationBody,
  ListQuery,
  NewConsultationBody,
  ResponseBody,
  ResponseParams,
  ResponseSchema,
  SummaryBody,
  UploadResult,
} from './consultation.schema.ts';
import { findConsultation, listConsultations } from './consultation.store.ts';
import { findAttachment } from './consultation-response.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { cutOverOf } from '../installation/installation.queries.ts';

const PUBLIC_ERRORS = { 400: ErrorSchema, 404: ErrorSchema };

/** The consultations API: public reads, responses from the audiences, the Panel's summary. */
export function registerConsultationRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['consultations'];
  const signedIn = () => true;

  app.get(
    '/api/v1/consultations',
    {
      schema: {
        summary: 'Consultations (public): open first, then not yet open, then closed',
        tags,
        security: [],
        querystring: ListQuery,
        response: { 200: Type.Array(ConsultationSchema), ...PUBLIC_ERRORS },
      },
    },
    async (request) => {
      const now = app.ctx.now();
      const list = await listConsultations(app.ctx.db, now, request.query);
      const cutOver = await cutOverOf(app.ctx.db);
      return list.map((c) => consultationJson(c, now, cutOver));
    },
  );

  app.get(
    '/api/v1/consultations/:id',
    {
      schema: {
        summary: 'A consultation with the responses you may see, and its published summary',
        tags,
        security: [],
        params: IdParams,
        response: { 200: ConsultationDetailSchema, ...PUBLIC_ERRORS },
      },
    },
    async (request) => {
      const now = app.ctx.now();
      const consultation = await findConsultation(app.ctx.db, request.params.id);
      if (!consultation) throw new AppError('not_found', 'No such consultation');
      const view = await consultationView(app.ctx.db, consultation, request.principal, now);
      return {
        consultation: consultationJson(consultation, now, view.cutOver),
        responses: view.responses.map(responseJson),
        withheldConfidential: view.withheld,
        points: view.points,
      };
    },
  );

  app.post(
    '/api/v1/consultations',
    {
      schema: {
        summary:
          'Open (schedule) a consultation (SECAS or the Panel Chair; the DCC for its own). From the cut-over it opens now or later (ruling 13). A Policy or TAD version is consulted on through its own route, not here (D10.9, D10.20)',
        tags,
        body: NewConsultationBody,
        response: withErrors({ 201: ConsultationSchema }, [
          'consultation_own_route',
          'tad_consulted_by_dcc',
          'consultation_in_past',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canOpenSomeConsultation);
      const created = await openConsultation(app.ctx, principal, request.body);
      return reply
        .code(201)
        .send(consultationJson(created, app.ctx.now(), await cutOverOf(app.ctx.db)));
    },
  );

  app.patch(
    '/api/v1/consultations/:id',
    {
      schema: {
        summary: 'Edit a consultation before it opens; once open, only extend its close',
        tags,
        params: IdParams,
        body: EditConsultationBody,
        response: withErrors({ 200: ConsultationSchema }, [
          'consultation_in_past',
          'consultation_too_short',
          'consultation_closed',
          'stale_version',
        ]),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canOpenSomeConsultation);
      const updated = await editConsultation(app.ctx, principal, request.params.id, request.body);
      return consultationJson(updated, app.ctx.now(), await cutOverOf(app.ctx.db));
    },
  );

  app.post(
    '/api/v1/consultations/:id/responses',
    {
      schema: {
        summary: 'Respond for your organisation while the consultation is open (once)',
        tags,
        params: IdParams,
        body: ResponseBody,
        response: withErrors({ 201: ResponseSchema }, [
          'consultation_not_open',
          'consultation_closed',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, mayRespondAtAll);
      const response = await submitResponse(app.ctx, principal, request.params.id, request.body);
      return reply.code(201).send(responseJson(response));
    },
  );

  app.put(
    '/api/v1/consultations/:id/responses/mine',
    {
      schema: {
        summary: 'Replace your organisation’s response while the consultation is open',
        tags,
        params: IdParams,
        body: AmendResponseBody,
        response: withErrors({ 200: ResponseSchema }, [
          'consultation_not_open',
          'consultation_closed',
        ]),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, mayRespondAtAll);
      const response = await amendResponse(app.ctx, principal, request.params.id, request.body);
      return responseJson(response);
    },
  );

  app.post(
    '/api/v1/consultations/:id/summary',
    {
      schema: {
        summary: 'Record and publish the summary and the reply to each point (after the close)',
        tags,
        params: IdParams,
        body: SummaryBody,
        response: withErrors({ 200: ConsultationSchema }, ['consultation_not_open']),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, signedIn);
      const updated = await recordSummary(app.ctx, principal, request.params.id, request.body);
      return consultationJson(updated, app.ctx.now(), await cutOverOf(app.ctx.db));
    },
  );

  app.get(
    '/api/v1/attachments/:id',
    {
      schema: {
        summary: 'Download a response’s file (same visibility as the response)',
        tags,
        security: [],
        params: IdParams,
        produces: ['application/octet-stream'],
        response: { 200: Type.Unsafe({ type: 'string', format: 'binary' }), ...PUBLIC_ERRORS },
      },
    },
    async (request, reply) => {
      const attachment = await findAttachment(app.ctx.db, request.params.id);
      if (!attachment || !canSeeResponse(request.principal, attachment)) {
        throw new AppError('not_found', 'No such file');
      }
      return sendDownload(reply, attachment);
    },
  );

  app.register(async (scoped) => {
    await acceptUploads(scoped);
    const upload = scoped.withTypeProvider<TypeBoxTypeProvider>();
    upload.post(
      '/api/v1/consultations/:id/responses/:responseId/attachments',
      {
        schema: {
          summary:
            'Attach files to your organisation’s response (multipart/form-data, field `file`, up to 3 files of 5 MB: PDF, DOCX, XLSX, ODT, CSV, TXT)',
          tags,
          consumes: ['multipart/form-data'],
          params: ResponseParams,
          response: withErrors({ 201: UploadResult }, [
            'consultation_not_open',
            'consultation_closed',
          ]),
        },
      },
      async (request, reply) => {
        const principal = requireActor(request.principal, mayRespondAtAll);
        const { id, responseId } = request.params;
        const ids = await addAttachments(app.ctx, principal, id, responseId, uploadsOf(request));
        return reply.code(201).send({ attachmentIds: ids });
      },
    );
  });
}
