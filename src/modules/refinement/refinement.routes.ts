import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { londonDateOf } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { SUB_COMMITTEES, type Principal } from '../identity/identity.ts';
import { hasAnyRole, requireActor } from '../identity/identity.access.ts';
import { completeRefinement, recordConclusion, setDccTesting } from './refinement.actions.ts';
import {
  canCompleteRefinement,
  canListViewRequests,
  canReadRefinement,
  canRecordConclusion,
  canRecordTestingSolution,
  canRequestView,
  visibleBodies,
} from './refinement.access.ts';
import { loadRefinement, presentViewRequest } from './refinement.present.ts';
import {
  CompleteBody,
  CompleteResponse,
  ConclusionBody,
  ConclusionResponse,
  DccTestingBody,
  DccTestingResponse,
  NotificationBody,
  NotificationSchema,
  PurposeParams,
  RefinementSchema,
  ViewRequestBody,
  ViewRequestSchema,
  ViewRequestsQuery,
  ViewResponseBody,
  ViewResponseResponse,
} from './refinement.schema.ts';
import { purposeInfo } from './refinement.ts';
import { BODY_NAMES, bodySubject } from './consultation-rules.ts';
import { listViewRequests } from './view-requests.store.ts';
import { recordNotification, requestView, respondToView } from './views.actions.ts';

/** SECAS, or a sub-committee member (for their own body: the action checks which). */
function mayNotify(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'sub_committee_member']);
}

function mayAnswer(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['sub_committee_member']);
}

/** D6.8 refinement: the checklist (a)–(l), DCC testing (e), and the sub-committees' views (f)–(i). */
export function registerRefinementRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['refinement'];
  // Refuse before the body is validated, so a caller without the role learns nothing from it.
  const only =
    (policy: (principal: Principal | null) => boolean) =>
    (request: FastifyRequest, _reply: unknown, done: () => void): void => {
      requireActor(request.principal, policy);
      done();
    };
  const today = (): string => londonDateOf(app.ctx.now().toISOString());

  app.get(
    '/api/v1/modifications/:id/refinement',
    {
      schema: {
        summary: 'The refinement of a modification: checklist, DCC testing, views to seek and why',
        tags,
        params: IdParams,
        response: withErrors({ 200: RefinementSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadRefinement);
      return loadRefinement(app.ctx.db, request.params.id, app.ctx.now());
    },
  );

  app.put(
    '/api/v1/modifications/:id/refinement/items/:purpose',
    {
      preValidation: only(canRecordConclusion),
      schema: {
        summary: 'Record the conclusion on one purpose of D6.8 (SECAS or the Panel Chair)',
        tags,
        params: PurposeParams,
        body: ConclusionBody,
        response: withErrors({ 200: ConclusionResponse }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canRecordConclusion);
      const { id, purpose } = request.params;
      const recorded = await recordConclusion(app.ctx, principal, id, purpose, request.body);
      const info = purposeInfo(purpose);
      return {
        purpose,
        name: info.name,
        description: info.description,
        status: 'completed' as const,
        conclusion: recorded.conclusion,
        concludedBy: recorded.concludedBy,
        concludedAt: recorded.concludedAt.toISOString(),
        version: recorded.version,
      };
    },
  );

  app.put(
    '/api/v1/modifications/:id/refinement/dcc-testing',
    {
      preValidation: only(canRecordTestingSolution),
      schema: {
        summary: 'D6.8(e): whether DCC testing is required, and the testing solution',
        description:
          'SECAS or the Panel Chair decide `required`; the DCC may record the testing solution but must send `required` unchanged.',
        tags,
        params: IdParams,
        body: DccTestingBody,
        response: withErrors({ 200: DccTestingResponse }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canRecordTestingSolution);
      const { required, testingSolution, version } = request.body;
      return setDccTesting(app.ctx, principal, request.params.id, {
        required,
        testingSolution: testingSolution ?? '',
        version,
      });
    },
  );

  app.post(
    '/api/v1/modifications/:id/refinement/notifications',
    {
      preValidation: only(mayNotify),
      schema: {
        summary: 'Record that a sub-committee wishes to express a view (D6.8(f)–(i))',
        description:
          'SECAS, or a member of that body. `viaSubgroup` names the Forum Sub-Group acting for the Alt HAN Forum (Alt HAN Forum only).',
        tags,
        params: IdParams,
        body: NotificationBody,
        response: withErrors({ 201: NotificationSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, mayNotify);
      const created = await recordNotification(app.ctx, principal, request.params.id, request.body);
      return reply.code(201).send({
        ...created,
        bodyName: BODY_NAMES[created.body],
        recordedAt: created.recordedAt.toISOString(),
      });
    },
  );

  app.post(
    '/api/v1/modifications/:id/refinement/view-requests',
    {
      preValidation: only(canRequestView),
      schema: {
        summary: 'Ask a sub-committee for its views (SECAS); mandatory ones are computed',
        tags,
        params: IdParams,
        body: ViewRequestBody,
        response: withErrors({ 201: ViewRequestSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRequestView);
      const created = await requestView(app.ctx, principal, request.params.id, request.body);
      return reply.code(201).send(presentViewRequest(created, today()));
    },
  );

  app.post(
    '/api/v1/view-requests/:id/response',
    {
      preValidation: only(mayAnswer),
      schema: {
        summary: 'Record the view of the body asked (a member of that body)',
        tags,
        params: IdParams,
        body: ViewResponseBody,
        response: withErrors({ 200: ViewResponseResponse }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, mayAnswer);
      const answered = await respondToView(app.ctx, principal, request.params.id, request.body);
      return {
        ...presentViewRequest(answered, today()),
        receivedAfterRefinement: answered.receivedAfterRefinement,
      };
    },
  );

  app.get(
    '/api/v1/view-requests',
    {
      schema: {
        summary: 'View requests: a sub-committee member sees their body’s; SECAS and the Panel all',
        tags,
        querystring: ViewRequestsQuery,
        response: withErrors({ 200: Type.Array(ViewRequestSchema) }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canListViewRequests);
      const visible = visibleBodies(principal, SUB_COMMITTEES);
      const { body, state, modificationId } = request.query;
      if (body !== undefined && !visible.includes(body)) {
        throw new AppError(
          'forbidden',
          `You can see only the requests to your own body, not those to ${bodySubject(body)}`,
        );
      }
      const requests = await listViewRequests(app.ctx.db, {
        bodies: body === undefined ? visible : [body],
        ...(state === undefined ? {} : { state }),
        ...(modificationId === undefined ? {} : { modificationId }),
      });
      return requests.map((item) => presentViewRequest(item, today()));
    },
  );

  app.post(
    '/api/v1/modifications/:id/refinement/complete',
    {
      preValidation: only(canCompleteRefinement),
      schema: {
        summary: 'Complete refinement and move to the Report Phase (SECAS or the Panel Chair)',
        description:
          'Refused with refinement_incomplete (open purposes), testing_solution_required (D6.8(e)), mandatory_view_not_sought (D6.8(f)–(i)) or legal_text_documents_missing (D6.8(e): the legal text changes a Section not among the documents), each naming what is missing.',
        tags,
        params: IdParams,
        body: CompleteBody,
        response: withErrors({ 200: CompleteResponse }, [
          'refinement_incomplete',
          'testing_solution_required',
          'mandatory_view_not_sought',
          'legal_text_documents_missing',
        ]),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canCompleteRefinement);
      return completeRefinement(app.ctx, principal, request.params.id, request.body);
    },
  );
}
