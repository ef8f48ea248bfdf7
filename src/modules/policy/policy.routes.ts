import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { createPolicyVersion, submitPolicyVersion, updatePolicyVersion } from './policy.actions.ts';
import { decidePolicyVersion, openPolicyConsultation } from './policy-decision.actions.ts';
import { policyInForce } from './policy.ts';
import { canConsultOnPolicy, canDecidePolicy, canDraftPolicy } from './policy.access.ts';
import {
  presentSummary,
  presentVersion,
  redlineBetween,
  visibleVersion,
  visibleVersions,
} from './policy.present.ts';
import {
  DecisionBody,
  NewVersionBody,
  OpenPolicyConsultationBody,
  PolicyVersionSchema,
  PolicyVersionSummarySchema,
  RedlineQuery,
  RedlineSchema,
  UpdateVersionBody,
  VersionOnlyBody,
} from './policy.schema.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

const ConsultationOpened = Type.Object({
  id: Type.Integer(),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  audiences: Type.Array(Type.String()),
});

/** The SEC Release Management Policy (A-POL, D10.7–D10.9): public reads, SECAS and Panel writes. */
export function registerPolicyRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['policy'];
  // Refuse before the body is validated, so a caller without the role learns nothing from it.
  const only =
    (allowed: Parameters<typeof requireActor>[1]) =>
    (request: FastifyRequest, _reply: unknown, done: () => void): void => {
      requireActor(request.principal, allowed);
      done();
    };
  const today = () => todayOf(app.ctx.now());

  app.get(
    '/api/v1/policy',
    {
      schema: {
        summary: 'The SEC Release Management Policy in force today (public, D10.9)',
        tags,
        security: [],
        response: withErrors({ 200: PolicyVersionSchema }),
      },
    },
    async (request) => {
      const { visible } = await visibleVersions(app.ctx.db, request.principal, today());
      const inForce = policyInForce(visible, today());
      if (!inForce) throw new AppError('not_found', 'No version of the Policy is in force yet');
      return presentVersion(inForce);
    },
  );

  app.get(
    '/api/v1/policy/versions',
    {
      schema: {
        summary:
          'Versions of the Policy: those the Panel decided (public); drafts for SECAS and the Panel',
        tags,
        security: [],
        response: withErrors({ 200: Type.Array(PolicyVersionSummarySchema) }),
      },
    },
    async (request) => {
      const { visible } = await visibleVersions(app.ctx.db, request.principal, today());
      return visible.map(presentSummary);
    },
  );

  app.get(
    '/api/v1/policy/versions/:id',
    {
      schema: {
        summary: 'One version of the Policy with its mechanisms (D10.8) and prose',
        tags,
        security: [],
        params: IdParams,
        response: withErrors({ 200: PolicyVersionSchema }),
      },
    },
    async (request) =>
      presentVersion(
        await visibleVersion(app.ctx.db, request.principal, today(), request.params.id),
      ),
  );

  app.get(
    '/api/v1/policy/redline',
    {
      schema: {
        summary: 'The redline between two versions: clause against clause, word level (public)',
        tags,
        security: [],
        querystring: RedlineQuery,
        response: withErrors({ 200: RedlineSchema }),
      },
    },
    async (request) => {
      const { from, to, redline } = await redlineBetween(
        app.ctx.db,
        request.principal,
        today(),
        request.query.from,
        request.query.to,
      );
      return { from: presentSummary(from), to: presentSummary(to), ...redline };
    },
  );

  app.post(
    '/api/v1/policy/versions',
    {
      preValidation: only(canDraftPolicy),
      schema: {
        summary: 'Start a new draft version (SECAS), copying basedOnId or the version in force',
        tags,
        body: NewVersionBody,
        response: withErrors({ 201: PolicyVersionSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canDraftPolicy);
      const created = await createPolicyVersion(app.ctx, principal, request.body);
      return reply.code(201).send(presentVersion(created));
    },
  );

  app.put(
    '/api/v1/policy/versions/:id',
    {
      preValidation: only(canDraftPolicy),
      schema: {
        summary: 'Edit a draft (SECAS); send the version you read',
        tags,
        params: IdParams,
        body: UpdateVersionBody,
        response: withErrors({ 200: PolicyVersionSchema }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canDraftPolicy);
      return presentVersion(
        await updatePolicyVersion(app.ctx, principal, request.params.id, request.body),
      );
    },
  );

  app.post(
    '/api/v1/policy/versions/:id/submit',
    {
      preValidation: only(canDraftPolicy),
      schema: {
        summary:
          'Submit a draft (SECAS); 409 policy_incomplete names any missing mechanism (D10.8)',
        tags,
        params: IdParams,
        body: VersionOnlyBody,
        response: withErrors({ 200: PolicyVersionSchema }, ['policy_incomplete']),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canDraftPolicy);
      return presentVersion(
        await submitPolicyVersion(app.ctx, principal, request.params.id, request.body.version),
      );
    },
  );

  app.post(
    '/api/v1/policy/versions/:id/consultation',
    {
      preValidation: only(canConsultOnPolicy),
      schema: {
        summary: 'Open the consultation of the DCC and Users on a submitted version (D10.9)',
        tags,
        params: IdParams,
        body: OpenPolicyConsultationBody,
        response: withErrors({ 201: ConsultationOpened }, [
          'consultation_on_draft',
          'consultation_in_past',
          'consultation_too_short',
          'already_exists',
          'invalid_transition',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canConsultOnPolicy);
      const consultation = await openPolicyConsultation(
        app.ctx,
        principal,
        request.params.id,
        request.body,
      );
      return reply.code(201).send({
        id: consultation.id,
        opensAt: consultation.opensAt.toISOString(),
        closesAt: consultation.closesAt.toISOString(),
        audiences: consultation.audiences,
      });
    },
  );

  app.post(
    '/api/v1/policy/versions/:id/decision',
    {
      preValidation: only(canDecidePolicy),
      schema: {
        summary:
          'Record the Panel’s decision (Chair or SECAS) at the Panel meeting that took it, dated its day (ruling 13); approval needs a closed DCC and Users consultation (D10.9)',
        tags,
        params: IdParams,
        body: DecisionBody,
        response: withErrors({ 200: PolicyVersionSchema }, [
          'consultation_required',
          'decision_before_consultation_closed',
          'consultation_held_outside',
          'meeting_not_held',
          'panel_record_late',
          'invalid_transition',
          'stale_version',
        ]),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canDecidePolicy);
      const decided = await decidePolicyVersion(app.ctx, principal, request.params.id, {
        ...request.body,
        effectiveFrom: request.body.effectiveFrom ?? null,
      });
      const { visible } = await visibleVersions(app.ctx.db, principal, today());
      return presentVersion(visible.find((v) => v.id === decided.id) ?? decided);
    },
  );
}
