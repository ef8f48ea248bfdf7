import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease } from '../release/release.queries.ts';
import { answerAccessRequest } from './auditor-access.actions.ts';
import {
  approveTermsOfReference,
  endAppointment,
  nameAuditor,
  proposeAppointment,
} from './auditor.actions.ts';
import { canReadAccessLog, canReadAppointments } from './auditor.access.ts';
import { accessLogOf, presentAccessRequest, presentAppointment } from './auditor.present.ts';
import {
  AccessAnswerBody,
  AccessLogSchema,
  AccessRequestParams,
  AccessRequestSchema,
  AppointmentParams,
  AppointmentSchema,
  ApprovalBody,
  EndBody,
  NamingBody,
  ProposalBody,
  ReleaseAuditorSchema,
} from './auditor.schema.ts';
import { accessRequestsOfRelease, appointmentsOfRelease } from './auditor.store.ts';
import type { Appointment } from './auditor.ts';
import { requireActor } from '../identity/identity.access.ts';

/**
 * D10.11: the Panel's side of a release's external auditor: appointment, terms of reference,
 * approval, ending, the DCC's naming and answers, and the log of what the auditor read.
 */
export function registerAuditorRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['auditor'];

  app.get(
    '/api/v1/releases/:id/auditor',
    {
      schema: {
        summary:
          'A release’s auditor appointments and access requests (Panel, SECAS, Authority, DCC)',
        tags,
        params: IdParams,
        response: withErrors({ 200: ReleaseAuditorSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadAppointments);
      const release = await findRelease(app.ctx.db, request.params.id);
      if (!release) throw new AppError('not_found', `There is no release ${request.params.id}`);
      return {
        releaseId: release.id,
        releaseName: release.name,
        appointments: (await appointmentsOfRelease(app.ctx.db, release.id)).map((a) =>
          presentAppointment(a),
        ),
        accessRequests: (await accessRequestsOfRelease(app.ctx.db, release.id)).map((r) =>
          presentAccessRequest(r),
        ),
      };
    },
  );

  app.get(
    '/api/v1/releases/:id/auditor/access-log',
    {
      schema: {
        summary:
          'What the auditor read of the release, from the audit trail (Panel, SECAS, Authority)',
        tags,
        params: IdParams,
        response: withErrors({ 200: AccessLogSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadAccessLog);
      const release = await findRelease(app.ctx.db, request.params.id);
      if (!release) throw new AppError('not_found', `There is no release ${request.params.id}`);
      return accessLogOf(app.ctx.db, release.id);
    },
  );

  app.post(
    '/api/v1/releases/:id/auditor/appointments',
    {
      schema: {
        summary:
          'The Panel appoints an auditor organisation, or requires the DCC to appoint one (SECAS, Chair)',
        tags,
        params: IdParams,
        body: ProposalBody,
        response: withErrors({ 201: AppointmentSchema }),
      },
    },
    async (request, reply) => {
      const made = await proposeAppointment(app.ctx, request.principal, request.params.id, {
        appointedBy: request.body.appointedBy,
        organisationId: request.body.organisationId ?? null,
        termsOfReference: request.body.termsOfReference,
      });
      return reply.status(201).send(presentAppointment(made));
    },
  );

  /** A step on an appointment: the DCC's naming, the Panel's approval, its end. */
  function appointmentStep<Body extends TSchema>(
    path: string,
    summary: string,
    body: Body,
    act: (
      ctx: AppContext,
      principal: Principal | null,
      releaseId: number,
      appointmentId: number,
      input: Static<Body>,
    ) => Promise<Appointment>,
  ): void {
    app.post(
      `/api/v1/releases/:id/auditor/appointments/:appointmentId/${path}`,
      {
        schema: {
          summary,
          tags,
          params: AppointmentParams,
          body,
          response: withErrors({ 200: AppointmentSchema }, ['auditor_appointment_status']),
        },
      },
      async (request) =>
        presentAppointment(
          await act(
            app.ctx,
            request.principal,
            request.params.id,
            request.params.appointmentId,
            // The body has been checked against `body`; TypeScript cannot see it for a generic schema.
            request.body as Static<Body>,
          ),
        ),
    );
  }

  appointmentStep(
    'organisation',
    'The DCC names the auditor the Panel required it to appoint (DCC)',
    NamingBody,
    nameAuditor,
  );
  appointmentStep(
    'approval',
    'The Panel approves the terms of reference: the appointment takes effect (SECAS, Chair)',
    ApprovalBody,
    approveTermsOfReference,
  );
  appointmentStep(
    'end',
    'End an auditor’s appointment, with the reason (SECAS, Chair)',
    EndBody,
    endAppointment,
  );

  app.post(
    '/api/v1/releases/:id/auditor/access-requests/:requestId/answer',
    {
      schema: {
        summary: 'The DCC grants (with the arranged date) or refuses the auditor’s request (DCC)',
        tags,
        params: AccessRequestParams,
        body: AccessAnswerBody,
        response: withErrors({ 200: AccessRequestSchema }, ['access_request_answered']),
      },
    },
    async (request) =>
      presentAccessRequest(
        await answerAccessRequest(
          app.ctx,
          request.principal,
          request.params.id,
          request.params.requestId,
          {
            outcome: request.body.outcome,
            answer: request.body.answer,
            arrangedOn: request.body.arrangedOn ?? '',
            version: request.body.version,
          },
        ),
      ),
  );
}
