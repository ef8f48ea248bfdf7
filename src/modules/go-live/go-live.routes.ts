import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { presentGoLiveDecision } from './go-live.present.ts';
import {
  GoLiveBody,
  GoLiveDecisionSchema,
  RecordedGoLiveDecisionSchema,
} from './go-live.schema.ts';
import { recordGoLiveDecision } from './go-live.actions.ts';
import { goLiveDecisionsOf } from './go-live.store.ts';
import { findRelease } from '../release/release.queries.ts';

/** The Panel's go-live decision (D10.8(e), ruling 10). */
export function registerGoLiveRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['releases'];

  app.post(
    '/api/v1/releases/:id/go-live-decision',
    {
      schema: {
        summary:
          'Record the Panel’s go-live decision, at the meeting that took it: each go-live criterion of the approved RID met or not with evidence (optionally linking test phases and readiness reports), and the outcome. Going live implements exactly the approved RID’s content, within the Policy’s go-live decision window, after the notice the Policy requires (or the Panel’s exception). A deferral names its meeting and reasons and is recorded as the Panel’s deferral of the release (ruling 16). A RID approved before the cut-over carries no decision after it, and a release that goes live at a meeting held before the cut-over is history: give its published source (sourceUrl, sourceSummary or both) and it is flagged held outside secrel (ruling 13). Issue 13: a deferral is recorded with any warnings on its new go-live date in `warnings`',
        tags,
        params: IdParams,
        body: GoLiveBody,
        response: withErrors({ 201: RecordedGoLiveDecisionSchema }, [
          'rid_not_approved',
          'go_live_criteria_incomplete',
          'invalid_transition',
          'release_empty',
          'rid_content_mismatch',
          'go_live_window_not_open',
          'release_notice_required',
          'timetable_request_required',
          'stale_version',
          'panel_record_late',
          'meeting_not_held',
          'rid_approval_held_outside',
          'history_source_required',
          'history_after_cut_over',
          'code_consolidation_refused',
        ]),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const decision = await recordGoLiveDecision(app.ctx, request.principal, request.params.id, {
        decidedOn: body.decidedOn ?? '',
        meetingId: body.meetingId,
        outcome: body.outcome,
        criteria: body.criteria,
        conditions: body.conditions ?? '',
        deferredTo: body.deferredTo ?? '',
        reasons: body.reasons ?? '',
        version: body.version,
        sourceUrl: body.sourceUrl,
        sourceSummary: body.sourceSummary,
      });
      return reply
        .status(201)
        .send({ ...presentGoLiveDecision(decision), warnings: decision.warnings });
    },
  );

  app.get(
    '/api/v1/releases/:id/go-live-decisions',
    {
      schema: {
        summary: 'The Panel’s go-live decisions for a release, with their reasons (public)',
        tags,
        params: IdParams,
        response: withErrors({ 200: Type.Array(GoLiveDecisionSchema) }),
      },
    },
    async (request) => {
      if (!(await findRelease(app.ctx.db, request.params.id)))
        throw new AppError('not_found', `There is no release ${request.params.id}`);
      const decisions = await goLiveDecisionsOf(app.ctx.db, request.params.id);
      return decisions.map((d) => presentGoLiveDecision(d));
    },
  );
}
