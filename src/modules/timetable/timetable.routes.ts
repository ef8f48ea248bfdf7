import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { presentDecision } from '../decision/decision.present.ts';
import { implementationRecord } from '../implementation/implementation.queries.ts';
import { presentAction, presentChallenge } from '../meeting/meeting.present.ts';
import { ChallengeSchema } from '../meeting/meeting.schema.ts';
import { findModification } from '../modification/modification.queries.ts';
import { declineRequest, requestNewTimetable } from './authority-request.actions.ts';
import { recordDirection } from '../allocation/allocation-step.actions.ts';
import { decideDelay, recordChallenge } from './challenge.actions.ts';
import { amendTimetable, recordRepresentation } from './timetable.actions.ts';
import {
  canAmendTimetables,
  canAnswerTimetableRequests,
  canDecideDelay,
  canMakeRepresentations,
  canReadImplementation,
  canRecordChallenges,
  canRequestNewTimetables,
} from './timetable.access.ts';
import {
  DeclineBody,
  DelayDecisionBody,
  DirectionBody,
  DirectionResultSchema,
  ImplementationSchema,
  NewChallengeBody,
  NewRequestBody,
  RecordedChallengeSchema,
  RepresentationBody,
  RepresentationSchema,
  RequestSchema,
  TimetableBody,
  TimetableSchema,
  TimetableViewSchema,
} from './timetable.schema.ts';
import { presentTimetable } from './timetable.present.ts';
import { listRepresentations, timetableHistory } from './timetable.queries.ts';
import { requireActor } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { refuseUnless } from '../../http/auth.ts';

/** Timetables, representations, requests to the Authority, directions and challenges (D6.8(c), D10.5, D10.6). */
export function registerTimetableRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['implementation'];
  const today = () => todayOf(app.ctx.now());

  app.get(
    '/api/v1/modifications/:id/implementation',
    {
      schema: {
        summary:
          'A modification’s decisions, timetable history, agenda placements, actions, representations, requests and challenges',
        tags,
        params: IdParams,
        response: withErrors({ 200: ImplementationSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadImplementation);
      const record = await implementationRecord(app.ctx.db, request.params.id, today());
      const m = record.modification;
      return {
        ...record,
        modification: {
          id: m.id,
          reference: m.reference,
          title: m.title,
          path: m.path,
          status: m.status,
          approvedOn: m.approved_on,
          approvedBy: m.approved_by,
          version: m.version,
        },
        decisions: record.decisions.map(presentDecision),
        timetable: {
          current: record.timetable.current ? presentTimetable(record.timetable.current) : null,
          history: record.timetable.history.map(presentTimetable),
        },
        actions: record.actions.map((action) => presentAction(action, today())),
        representations: record.representations.map((r) => ({
          ...r,
          recordedAt: r.recordedAt.toISOString(),
        })),
        challenges: record.challenges.map(presentChallenge),
      };
    },
  );

  app.get(
    '/api/v1/modifications/:id/timetable',
    {
      schema: {
        summary: 'The implementation timetable in force and every earlier version',
        tags,
        params: IdParams,
        response: withErrors({ 200: TimetableViewSchema }),
      },
    },
    async (request) => {
      requireActor(request.principal, canReadImplementation);
      if (!(await findModification(app.ctx.db, request.params.id))) {
        throw new AppError('not_found', 'No such modification');
      }
      const history = await timetableHistory(app.ctx.db, request.params.id);
      const current = history.find((row) => row.supersededAt === null);
      return {
        current: current ? presentTimetable(current) : null,
        history: history.map(presentTimetable),
      };
    },
  );

  app.put(
    '/api/v1/modifications/:id/timetable',
    {
      preValidation: refuseUnless(canAmendTimetables),
      schema: {
        summary: 'Amend the implementation timetable during refinement (SECAS, D6.8(c))',
        description:
          'Refused with 409 path1_timetable_fixed for Path 1 modifications and Authority-Led Variations.',
        tags,
        params: IdParams,
        body: TimetableBody,
        response: withErrors({ 200: TimetableSchema }, ['path1_timetable_fixed']),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canAmendTimetables);
      return presentTimetable(
        await amendTimetable(app.ctx, principal, request.params.id, request.body),
      );
    },
  );

  app.post(
    '/api/v1/modifications/:id/representations',
    {
      preValidation: refuseUnless(canMakeRepresentations),
      schema: {
        summary:
          'Represent that the approved timetable is not reasonably practicable (SECAS or a Party, D10.5)',
        tags,
        params: IdParams,
        body: RepresentationBody,
        response: withErrors({ 201: RepresentationSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canMakeRepresentations);
      const { id } = await recordRepresentation(
        app.ctx,
        principal,
        request.params.id,
        request.body,
      );
      const saved = (await listRepresentations(app.ctx.db, request.params.id)).find(
        (r) => r.id === id,
      );
      if (!saved) throw new AppError('not_found', 'No such representation');
      return reply.code(201).send({ ...saved, recordedAt: saved.recordedAt.toISOString() });
    },
  );

  app.post(
    '/api/v1/modifications/:id/authority-requests',
    {
      preValidation: refuseUnless(canRequestNewTimetables),
      schema: {
        summary:
          'Ask the Authority to direct a new implementation timetable (Panel Chair or SECAS, D10.5/D10.6)',
        tags,
        params: IdParams,
        body: NewRequestBody,
        response: withErrors({ 201: RequestSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRequestNewTimetables);
      return reply
        .code(201)
        .send(await requestNewTimetable(app.ctx, principal, request.params.id, request.body));
    },
  );

  app.post(
    '/api/v1/authority-requests/:id/direction',
    {
      preValidation: refuseUnless(canAnswerTimetableRequests),
      schema: {
        summary: 'Direct a new implementation timetable (the Authority, D10.5)',
        description:
          'Replaces the timetable (the old one stays in history) and moves every open implementation action by as many days as the implementation date moved. Ruling 17: allocations the new date leaves out of step (a release going live after it with no new request, or before it) are returned in outOfStep and flagged to SECAS and the Panel (home page and e-mail).',
        tags,
        params: IdParams,
        body: DirectionBody,
        response: withErrors({ 200: DirectionResultSchema }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canAnswerTimetableRequests);
      const result = await recordDirection(app.ctx, principal, request.params.id, request.body);
      return {
        ...result,
        timetable: presentTimetable(result.timetable),
        outOfStep: result.outOfStep.map((p) => ({
          allocationId: p.allocationId,
          releaseId: p.releaseId,
          releaseName: p.releaseName,
          goLive: p.goLive,
          reference: p.reference,
          part: p.part,
          code: p.problem.code,
          message: p.problem.message,
        })),
      };
    },
  );

  app.post(
    '/api/v1/authority-requests/:id/decline',
    {
      preValidation: refuseUnless(canAnswerTimetableRequests),
      schema: {
        summary: 'Decline a request for a new timetable (the Authority)',
        tags,
        params: IdParams,
        body: DeclineBody,
        response: withErrors({ 200: RequestSchema }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canAnswerTimetableRequests);
      return declineRequest(app.ctx, principal, request.params.id, request.body);
    },
  );

  app.post(
    '/api/v1/modifications/:id/challenges',
    {
      preValidation: refuseUnless(canRecordChallenges),
      schema: {
        summary:
          'Record an appeal (s.173 Energy Act 2004) or judicial review of the Authority’s approval (D10.6)',
        description:
          'Opens a Panel decision on whether delay is appropriate, on the next Panel meeting’s agenda.',
        tags,
        params: IdParams,
        body: NewChallengeBody,
        response: withErrors({ 201: RecordedChallengeSchema }),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRecordChallenges);
      const result = await recordChallenge(app.ctx, principal, request.params.id, request.body);
      return reply.code(201).send({ ...result, challenge: presentChallenge(result.challenge) });
    },
  );

  app.post(
    '/api/v1/challenges/:id/delay-decision',
    {
      preValidation: refuseUnless(canDecideDelay),
      schema: {
        summary:
          'Record the Panel’s decision whether delay is appropriate (Panel Chair or SECAS, D10.6)',
        description:
          'If it is, a request to the Authority for a new timetable is required and shown as outstanding until made.',
        tags,
        params: IdParams,
        body: DelayDecisionBody,
        response: withErrors({ 200: ChallengeSchema }, [
          'decision_not_allowed',
          'meeting_not_held',
          'panel_record_late',
        ]),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canDecideDelay);
      return presentChallenge(
        await decideDelay(app.ctx, principal, request.params.id, request.body),
      );
    },
  );
}
