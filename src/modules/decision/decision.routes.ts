import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { findModification } from '../modification/modification.queries.ts';
import { recordDecision } from './decision.actions.ts';
import { canReadDecisions, canRecordAnyDecision } from './decision.access.ts';
import {
  ListedDecisionSchema,
  NewDecisionBody,
  RecordedDecisionSchema,
} from './decision.schema.ts';
import { historySourcesOf } from '../history/history.queries.ts';
import { presentHeldOutside } from '../history/history.present.ts';
import { presentDecision } from './decision.present.ts';
import { listDecisions } from './decision.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { refuseUnless } from '../../http/auth.ts';

/** Decisions of the Change Board and the Authority (D9, D9A.11, ruling 4). */
export function registerDecisionRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['decisions'];

  app.post(
    '/api/v1/modifications/:id/decisions',
    {
      preValidation: refuseUnless(canRecordAnyDecision),
      schema: {
        summary:
          'Record a Change Board decision or recommendation (SECAS) or an Authority decision',
        description:
          'Path 3 and Fast-Track: the Change Board decides. Path 2: the Change Board recommends, then the Authority decides; a recommendation held outside secrel (before the cut-over) carries only an Authority decision before the cut-over (ruling 13). A decision dated before the cut-over is history: give its published source (sourceUrl, sourceSummary or both), and it is flagged held outside secrel (ruling 13). Path 1 and ALVs: the Authority decides. On approval the modification goes on the agenda of the next Panel meeting (D10.2).',
        tags,
        params: IdParams,
        body: NewDecisionBody,
        response: withErrors({ 201: RecordedDecisionSchema }, [
          'decision_not_allowed',
          'recommendation_held_outside',
          'history_source_required',
          'history_after_cut_over',
          'stale_version',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRecordAnyDecision);
      const recorded = await recordDecision(app.ctx, principal, request.params.id, request.body);
      return reply.code(201).send({ ...recorded, decision: presentDecision(recorded.decision) });
    },
  );

  app.get(
    '/api/v1/modifications/:id/decisions',
    {
      schema: {
        summary: 'The decisions on a modification, in the order they were taken',
        tags,
        params: IdParams,
        response: withErrors({ 200: Type.Array(ListedDecisionSchema) }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadDecisions);
      if (!(await findModification(app.ctx.db, request.params.id))) {
        throw new AppError('not_found', 'No such modification');
      }
      const decisions = await listDecisions(app.ctx.db, request.params.id);
      const sources = await historySourcesOf(
        app.ctx.db,
        'decision',
        decisions.map((d) => d.id),
      );
      return decisions.map((d) => ({
        ...presentDecision(d),
        ...presentHeldOutside(sources.get(d.id)),
      }));
    },
  );
}
