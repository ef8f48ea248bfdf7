import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import type { Db } from '../../app-context.ts';
import { ErrorSchema, IdParams, withErrors } from '../../schemas.ts';
import { EXPORT_FORMATS, exportResponse, sendExport, type ExportColumn } from '../../web/export.ts';
import type { Principal } from '../identity/identity.ts';
import {
  STATUS_NAMES,
  SUBJECT_NAMES,
  audienceName,
  isHeldOutsideSecrel,
  statusAt,
  type ConsultationStatus,
} from './consultation.ts';
import { addAttachments, amendResponse, submitResponse } from './consultation-response.actions.ts';
import { recordSummary } from './consultation-summary.actions.ts';
import { acceptUploads, sendDownload, uploadsOf } from '../../web/uploads.ts';
import { editConsultation, openConsultation } from './consultation.actions.ts';
import { canOpenSomeConsultation, canSeeResponse, mayRespondAtAll } from './consultation.access.ts';
import {
  consultationJson,
  consultationView,
  responseJson,
  type VisibleResponse,
} from './consultation.present.ts';
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
import {
  findConsultation,
  listBodies,
  listConsultations,
  type Consultation,
  type ConsultationFilter,
} from './consultation.store.ts';
import { findAttachment } from './consultation-response.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { cutOverOf } from '../installation/installation.queries.ts';

const PUBLIC_ERRORS = { 400: ErrorSchema, 404: ErrorSchema };

/** A consultation as its list shows it: status now, audiences named, held outside or not. */
interface ConsultationRow {
  c: Consultation;
  status: ConsultationStatus;
  audiences: string;
  heldOutsideSecrel: boolean;
}

/** Issue 13: the columns of the consultation list's CSV and JSON exports (instants ISO). */
const CONSULTATION_COLUMNS: ExportColumn<ConsultationRow>[] = [
  { name: 'id', type: 'integer', value: (r) => r.c.id },
  { name: 'title', type: 'string', value: (r) => r.c.title },
  { name: 'subjectType', type: 'string', value: (r) => r.c.subjectType },
  { name: 'subject', type: 'string', value: (r) => SUBJECT_NAMES[r.c.subjectType] },
  { name: 'subjectId', type: 'string', value: (r) => r.c.subjectId },
  { name: 'audiences', type: 'string', value: (r) => r.audiences },
  { name: 'runBy', type: 'string', value: (r) => r.c.runBy },
  { name: 'opensAt', type: 'instant', value: (r) => r.c.opensAt.toISOString() },
  { name: 'closesAt', type: 'instant', value: (r) => r.c.closesAt.toISOString() },
  { name: 'status', type: 'string', value: (r) => r.status },
  { name: 'statusName', type: 'string', value: (r) => STATUS_NAMES[r.status] },
  { name: 'questions', type: 'integer', value: (r) => r.c.questions.length },
  {
    name: 'summaryPublishedAt',
    type: 'instant',
    nullable: true,
    value: (r) => r.c.summaryPublishedAt?.toISOString() ?? null,
  },
  { name: 'heldOutsideSecrel', type: 'boolean', value: (r) => r.heldOutsideSecrel },
];

/** One answer of a response: a response's rows are its answers, in the questions' order. */
interface AnswerRow {
  response: VisibleResponse;
  questionId: string;
  question: string;
  answer: string;
}

/** Issue 13: the columns of a consultation's responses as CSV and JSON, one row per answer. */
const RESPONSE_COLUMNS: ExportColumn<AnswerRow>[] = [
  { name: 'responseId', type: 'integer', value: (r) => r.response.id },
  { name: 'organisation', type: 'string', value: (r) => r.response.organisationName },
  { name: 'submittedAt', type: 'instant', value: (r) => r.response.submittedAt.toISOString() },
  { name: 'confidential', type: 'boolean', value: (r) => r.response.confidential },
  { name: 'questionId', type: 'string', value: (r) => r.questionId },
  { name: 'question', type: 'string', value: (r) => r.question },
  { name: 'answer', type: 'string', value: (r) => r.answer },
  { name: 'attachments', type: 'integer', value: (r) => r.response.attachments.length },
];

/** The consultations the filter keeps, in the list's order (open, not yet open, closed). */
async function* consultationRows(
  db: Db,
  now: Date,
  filter: ConsultationFilter,
): AsyncGenerator<ConsultationRow> {
  const [list, bodies, cutOver] = await Promise.all([
    listConsultations(db, now, filter),
    listBodies(db),
    cutOverOf(db),
  ]);
  for (const c of list)
    yield {
      c,
      status: statusAt(c, now),
      audiences: c.audiences.map((a) => audienceName(a, bodies)).join(', '),
      heldOutsideSecrel: isHeldOutsideSecrel(c, cutOver),
    };
}

/** The answers of the responses `principal` may read on the consultation's page, in its order. */
async function* answerRows(
  db: Db,
  consultation: Consultation,
  principal: Principal | null,
  now: Date,
): AsyncGenerator<AnswerRow> {
  const view = await consultationView(db, consultation, principal, now);
  const questions = new Map(consultation.questions.map((q) => [q.id, q.text]));
  for (const response of view.responses)
    for (const answer of response.answers)
      yield {
        response,
        questionId: answer.questionId,
        question: questions.get(answer.questionId) ?? '',
        answer: answer.text,
      };
}

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

  // Issue 13: the consultation list (public), and each consultation's responses as its page shows
  // them to the reader (confidential ones only to those who may read them), as CSV or JSON.
  for (const format of EXPORT_FORMATS) {
    const produces = [format === 'csv' ? 'text/csv' : 'application/json'];
    app.get(
      `/api/v1/exports/consultations.${format}`,
      {
        schema: {
          summary: `Consultations as ${format.toUpperCase()} (public): open first, then not yet open, then closed, filtered as the list`,
          tags,
          security: [],
          querystring: ListQuery,
          produces,
          response: {
            200: exportResponse(format, CONSULTATION_COLUMNS),
            ...PUBLIC_ERRORS,
          },
        },
      },
      async (request, reply) =>
        sendExport(
          reply,
          format,
          'consultations',
          CONSULTATION_COLUMNS,
          consultationRows(app.ctx.db, app.ctx.now(), request.query),
        ),
    );

    app.get(
      `/api/v1/exports/consultations/:id/responses.${format}`,
      {
        schema: {
          summary: `A consultation's responses as ${format.toUpperCase()}, one row per answer: public responses to anyone, confidential ones only to the Panel, SECAS, the Authority and the organisation that gave them`,
          tags,
          security: [],
          params: IdParams,
          produces,
          response: {
            200: exportResponse(format, RESPONSE_COLUMNS),
            ...PUBLIC_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const consultation = await findConsultation(app.ctx.db, request.params.id);
        if (!consultation) throw new AppError('not_found', 'No such consultation');
        return sendExport(
          reply,
          format,
          `consultation-${consultation.id}-responses`,
          RESPONSE_COLUMNS,
          answerRows(app.ctx.db, consultation, request.principal, app.ctx.now()),
        );
      },
    );
  }

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
