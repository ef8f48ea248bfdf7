import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { IdParams, withErrors } from '../../schemas.ts';
import type { Principal } from '../identity/identity.ts';
import { draftTadVersion, requestTad, submitTadVersion, updateTadVersion } from './tad.actions.ts';
import { openTadConsultation, refuseUnlessDcc, reviewTadVersion } from './tad-review.actions.ts';
import { canConsultOnTad, canDraftTad, canRequestTad, canReviewTad } from './tad.access.ts';
import {
  presentRequest,
  presentSummary,
  presentVersion,
  tadRedline,
  versionOf,
} from './tad.present.ts';
import { releaseTad } from './tad.queries.ts';
import {
  NewTadVersionBody,
  RedlineQuery,
  ReleaseTadSchema,
  TadConsultationBody,
  TadConsultationSchema,
  TadParams,
  TadRedlineSchema,
  TadRequestBody,
  TadRequestSchema,
  TadReviewBody,
  TadVersionSchema,
  UpdateTadVersionBody,
  VersionOnlyBody,
  withTadDetails,
} from './tad.schema.ts';
import { requireActor } from '../identity/identity.access.ts';

/** The Testing Approach Document of a release (A-TAD, D10.18–D10.20): API. */
export function registerTadRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['tad'];
  // Refuse before the body is validated, so a caller without the role learns nothing from it.
  const only =
    (allowed: Parameters<typeof requireActor>[1]) =>
    (request: FastifyRequest, _reply: unknown, done: () => void): void => {
      requireActor(request.principal, allowed);
      done();
    };
  const view = async (principal: Principal | null, releaseId: number, number: number) =>
    presentVersion(versionOf(await releaseTad(app.ctx, principal, releaseId), number));

  app.get(
    '/api/v1/releases/:id/tad',
    {
      schema: {
        summary:
          'A release’s TAD: the Panel’s request and the versions (submitted ones are public; drafts for the Panel, SECAS, the DCC and the Authority)',
        tags,
        security: [],
        params: IdParams,
        response: withErrors({ 200: ReleaseTadSchema }),
      },
    },
    async (request) => {
      const tad = await releaseTad(app.ctx, request.principal, request.params.id);
      return {
        releaseId: tad.release.id,
        releaseName: tad.release.name,
        request: tad.request ? presentRequest(tad.request) : null,
        task: tad.task ?? null,
        versions: tad.versions.map(presentSummary),
      };
    },
  );

  app.post(
    '/api/v1/releases/:id/tad/request',
    {
      preValidation: only(canRequestTad),
      schema: {
        summary:
          'Record the Panel’s request for a TAD (Chair or SECAS, D10.18) at the Panel meeting that made it, dated its day (ruling 13); e-mails the DCC; 409 already_exists for a second',
        tags,
        params: IdParams,
        body: TadRequestBody,
        response: withErrors({ 201: TadRequestSchema }, ['meeting_not_held', 'panel_record_late']),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRequestTad);
      const created = await requestTad(app.ctx, principal, request.params.id, request.body);
      return reply.code(201).send(presentRequest(created));
    },
  );

  app.post(
    '/api/v1/releases/:id/tad/versions',
    {
      preValidation: only(canDraftTad),
      schema: {
        summary:
          'Start a draft (DCC): the first version, or an amendment copying the latest submitted one',
        tags,
        params: IdParams,
        body: NewTadVersionBody,
        response: withErrors({ 201: TadVersionSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canDraftTad);
      const created = await draftTadVersion(app.ctx, principal, request.params.id, request.body);
      return reply.code(201).send(await view(principal, request.params.id, created.number));
    },
  );

  app.get(
    '/api/v1/releases/:id/tad/versions/:n',
    {
      schema: {
        summary: 'One TAD version with its D10.19 sections, consultations and review',
        tags,
        security: [],
        params: TadParams,
        response: withErrors({ 200: TadVersionSchema }),
      },
    },
    async (request) => view(request.principal, request.params.id, request.params.n),
  );

  app.put(
    '/api/v1/releases/:id/tad/versions/:n',
    {
      preValidation: only(canDraftTad),
      schema: {
        summary:
          'Edit a draft (DCC): its D10.19 text and, per modification in the release, how D10.13(d) and (e) are met (D10.18); send the version you read (409 stale_version otherwise)',
        tags,
        params: TadParams,
        body: UpdateTadVersionBody,
        response: withErrors({ 200: TadVersionSchema }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canDraftTad);
      const { id, n } = request.params;
      await updateTadVersion(app.ctx, principal, id, n, request.body);
      return view(principal, id, n);
    },
  );

  app.post(
    '/api/v1/releases/:id/tad/versions/:n/submit',
    {
      preValidation: only(canDraftTad),
      schema: {
        summary:
          'Submit a draft (DCC); 409 tad_incomplete lists the empty D10.19 sections in `missing`, tad_conditions_missing the modifications lacking how D10.13(d) or (e) is met in `missingConditions` (D10.18)',
        tags,
        params: TadParams,
        body: VersionOnlyBody,
        response: withTadDetails(
          withErrors({ 200: TadVersionSchema }, ['tad_incomplete', 'tad_conditions_missing']),
        ),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canDraftTad);
      const { id, n } = request.params;
      await submitTadVersion(app.ctx, principal, id, n, request.body.version);
      return view(principal, id, n);
    },
  );

  app.post(
    '/api/v1/releases/:id/tad/versions/:n/consultation',
    {
      preValidation: (request, _reply, done) => {
        refuseUnlessDcc(request.principal);
        requireActor(request.principal, canConsultOnTad);
        done();
      },
      schema: {
        summary:
          'Open the DCC’s consultation on a submitted version (DCC, D10.20); from the cut-over it opens now or later and runs at least the Policy’s minimum',
        tags,
        params: TadParams,
        body: TadConsultationBody,
        response: withErrors({ 201: TadConsultationSchema }, [
          'tad_consulted_by_dcc',
          'consultation_on_draft',
          'consultation_in_past',
          'consultation_too_short',
          'already_exists',
          'invalid_transition',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canConsultOnTad);
      const { id, n } = request.params;
      const consultation = await openTadConsultation(app.ctx, principal, id, n, request.body);
      return reply.code(201).send({
        id: consultation.id,
        opensAt: consultation.opensAt.toISOString(),
        closesAt: consultation.closesAt.toISOString(),
        audiences: consultation.audiences,
      });
    },
  );

  app.post(
    '/api/v1/releases/:id/tad/versions/:n/review',
    {
      preValidation: only(canReviewTad),
      schema: {
        summary:
          'Record the Panel’s review (Chair or SECAS) at the Panel meeting that took it, dated its day (ruling 13); 409 consultation_required until its consultation has closed (D10.20)',
        tags,
        params: TadParams,
        body: TadReviewBody,
        response: withTadDetails(
          withErrors({ 200: TadVersionSchema }, [
            'meeting_not_held',
            'panel_record_late',
            'consultation_required',
            'decision_before_consultation_closed',
            'consultation_held_outside',
            'tad_conditions_missing',
          ]),
        ),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canReviewTad);
      const { id, n } = request.params;
      await reviewTadVersion(app.ctx, principal, id, n, request.body);
      return view(principal, id, n);
    },
  );

  app.get(
    '/api/v1/releases/:id/tad/redline',
    {
      schema: {
        summary: 'The word-level redline between two TAD versions, section by section',
        tags,
        security: [],
        params: IdParams,
        querystring: RedlineQuery,
        response: withErrors({ 200: TadRedlineSchema }),
      },
    },
    async (request) => {
      const tad = await releaseTad(app.ctx, request.principal, request.params.id);
      const { from, to, redline, changed } = tadRedline(tad, request.query.from, request.query.to);
      return { from: from.number, to: to.number, changed, sections: redline };
    },
  );
}
