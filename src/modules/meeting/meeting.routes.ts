import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams, withErrors } from '../../schemas.ts';
import { closeMeeting, completeAction } from './meeting-close.actions.ts';
import { createMeeting, recordAction, recordNoActionsReason } from './meeting.actions.ts';
import {
  canCreateMeetings,
  canReadMeetings,
  canRunMeetings,
  canSeeAllActions,
} from './meeting.access.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { findActionEntry, listActions, meetingCalendar, meetingDetail } from './meeting.queries.ts';
import { presentAction, presentChallenge, presentMeeting } from './meeting.present.ts';
import {
  ActionSchema,
  ActionsQuery,
  AgendaItemParams,
  CreatedMeetingSchema,
  MeetingDetailSchema,
  MeetingListQuery,
  MeetingListingSchema,
  MeetingSchema,
  NewActionBody,
  NewMeetingBody,
  NoActionsBody,
  VersionBody,
} from './meeting.schema.ts';
import { requireActor, requireReader, isSignedIn } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { PANEL_RECORD_WORKING_DAYS, PAPERS_WORKING_DAYS } from './meeting.ts';
import { refuseUnless } from '../../http/auth.ts';

/** Panel meetings, their agendas and the implementation actions recorded at them (D10.2–D10.4). */
export function registerMeetingRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['meetings'];
  const today = () => todayOf(app.ctx.now());

  app.get(
    '/api/v1/meetings',
    {
      schema: {
        summary: 'The calendar of Panel meetings, earliest first, with each papers date',
        tags,
        querystring: MeetingListQuery,
        response: withErrors({ 200: Type.Array(MeetingListingSchema) }),
      },
    },
    async (request) => {
      requireReader(request.principal, canReadMeetings);
      const { upcoming, past } = await meetingCalendar(app.ctx.db, today());
      const cutOver = await cutOverOf(app.ctx.db);
      const listed = [
        ...[...past].reverse().map((m) => ({ ...presentMeeting(m, cutOver), upcoming: false })),
        ...upcoming.map((m) => ({ ...presentMeeting(m, cutOver), upcoming: true })),
      ];
      return request.query.upcoming ? listed.filter((m) => m.upcoming) : listed;
    },
  );

  app.post(
    '/api/v1/meetings',
    {
      preValidation: refuseUnless(canCreateMeetings),
      schema: {
        summary:
          'Schedule an ordinary Panel meeting (SECAS) or call an extraordinary one (the Panel Chair)',
        description: `Papers are due ${PAPERS_WORKING_DAYS} Working Days before. From the cut-over (ruling 13) no meeting is created in the past, an ordinary meeting is scheduled before its papers date, and an extraordinary meeting is called by the Panel Chair; a meeting held before the cut-over is history (heldOutsideSecrel). Approvals and challenges awaiting a meeting go on its agenda when it is the first after their date (ruling 3).`,
        tags,
        body: NewMeetingBody,
        response: withErrors({ 201: CreatedMeetingSchema }, [
          'already_exists',
          'meeting_in_past',
          'meeting_papers_passed',
          'extraordinary_meeting_chair',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canCreateMeetings);
      const { meeting, placements } = await createMeeting(app.ctx, principal, request.body);
      const cutOver = await cutOverOf(app.ctx.db);
      return reply.code(201).send({ meeting: presentMeeting(meeting, cutOver), placements });
    },
  );

  app.get(
    '/api/v1/meetings/:id',
    {
      schema: {
        summary: 'A Panel meeting with its agenda, actions, delay decisions and closing problems',
        tags,
        params: IdParams,
        response: withErrors({ 200: MeetingDetailSchema }),
      },
    },
    async (request) => {
      requireReader(request.principal, canReadMeetings);
      const detail = await meetingDetail(app.ctx.db, request.params.id, today());
      return {
        ...presentMeeting(detail, await cutOverOf(app.ctx.db)),
        agenda: detail.agenda.map((item) => ({
          ...item,
          actions: item.actions.map((action) => presentAction(action, today())),
          challenges: item.challenges.map(presentChallenge),
        })),
        closingProblems: detail.closingProblems,
      };
    },
  );

  app.post(
    '/api/v1/meetings/:id/actions',
    {
      preValidation: refuseUnless(canRunMeetings),
      schema: {
        summary: 'Record an implementation action with its owner and due date (D10.2–D10.4)',
        description: `Panel Chair or SECAS. Every person of the owner organisation is e-mailed. At a meeting held from the cut-over (ruling 13) it is recorded from the day of the meeting until the last day of the meeting's record window, stored when the meeting was created (the installation's window then: ${PANEL_RECORD_WORKING_DAYS} Working Days unless changed with secrel record-window set), and is due by the modification's implementation date (D10.2).`,
        tags,
        params: IdParams,
        body: NewActionBody,
        response: withErrors({ 201: ActionSchema }, [
          'meeting_closed',
          'meeting_not_held',
          'panel_record_late',
          'action_after_implementation',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRunMeetings);
      const action = await recordAction(app.ctx, principal, request.params.id, request.body);
      const entry = await findActionEntry(app.ctx.db, action.id);
      return reply.code(201).send(presentAction(entry, today()));
    },
  );

  app.post(
    '/api/v1/meetings/:id/agenda/:itemId/no-actions',
    {
      preValidation: refuseUnless(canRunMeetings),
      schema: {
        summary: 'Record why no implementation actions are needed for an agenda item (D10.2)',
        tags,
        params: AgendaItemParams,
        body: NoActionsBody,
        response: withErrors({ 204: Type.Null() }, [
          'meeting_closed',
          'meeting_not_held',
          'panel_record_late',
        ]),
      },
    },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRunMeetings);
      const { id, itemId } = request.params;
      await recordNoActionsReason(app.ctx, principal, id, itemId, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/meetings/:id/close',
    {
      preValidation: refuseUnless(canRunMeetings),
      schema: {
        summary: 'Close a Panel meeting once every agenda item is dealt with',
        description:
          'Refused with 409 meeting_actions_missing (D10.2) or delay_request_required (D10.6), naming the modifications.',
        tags,
        params: IdParams,
        body: VersionBody,
        response: withErrors({ 200: MeetingSchema }, [
          'meeting_actions_missing',
          'delay_request_required',
          'meeting_closed',
          'stale_version',
          'meeting_not_held',
          'panel_record_late',
        ]),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canRunMeetings);
      const meeting = await closeMeeting(app.ctx, principal, request.params.id, request.body);
      return presentMeeting(meeting, await cutOverOf(app.ctx.db));
    },
  );

  app.post(
    '/api/v1/actions/:id/complete',
    {
      schema: {
        summary: 'Mark an implementation action done (its owner, the Panel Chair or SECAS)',
        tags,
        params: IdParams,
        body: VersionBody,
        response: withErrors({ 200: ActionSchema }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, isSignedIn);
      const done = await completeAction(app.ctx, principal, request.params.id, request.body);
      return presentAction(await findActionEntry(app.ctx.db, done.id), today());
    },
  );

  app.get(
    '/api/v1/actions',
    {
      schema: {
        summary:
          'Implementation actions: all for the Panel, SECAS and the Authority; your own otherwise',
        description: 'With overdue=true, only open actions past their due date (D10.3).',
        tags,
        querystring: ActionsQuery,
        response: withErrors({ 200: Type.Array(ActionSchema) }),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, isSignedIn);
      const all = canSeeAllActions(principal);
      if (!all && principal.organisationId === null) return [];
      const actions = await listActions(app.ctx.db, {
        ...(all ? {} : { ownerOrganisationId: principal.organisationId ?? 0 }),
        ...(request.query.modificationId ? { modificationId: request.query.modificationId } : {}),
        ...(request.query.overdue ? { overdueOn: today() } : {}),
      });
      return actions.map((action) => presentAction(action, today()));
    },
  );
}
