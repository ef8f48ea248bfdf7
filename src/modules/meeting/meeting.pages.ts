import { countOf } from '../../calendar/count-words.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { formatDate } from '../../calendar/format.ts';
import {
  fieldErrorsOf,
  formErrors,
  formId,
  formText,
  formVersion,
  formYesNo,
  statusOf,
} from '../../web/forms.ts';
import {
  canDecideDelay,
  canReadImplementation,
  canRequestNewTimetables,
} from '../timetable/timetable.access.ts';
import { decideDelay } from '../timetable/challenge.actions.ts';
import { CHALLENGE_KIND_NAMES } from '../timetable/timetable.ts';
import {
  AGENDA_KIND_NAMES,
  MEETING_KINDS,
  MEETING_KIND_NAMES,
  meetingRecordState,
  recordWindowOf,
} from './meeting.ts';
import { closeMeeting } from './meeting-close.actions.ts';
import { createMeeting, recordAction, recordNoActionsReason } from './meeting.actions.ts';
import {
  canCallExtraordinaryMeetings,
  canCreateMeetings,
  canReadMeetings,
  canRunMeetings,
  canScheduleMeetings,
} from './meeting.access.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { HELD_OUTSIDE_LABEL, isHeldOutside } from '../installation/installation.ts';
import {
  listActionOwners,
  meetingCalendar,
  meetingDetail,
  recordWindows,
} from './meeting.queries.ts';
import { MAX_TEXT } from './meeting.ts';
import { requireActor, requireReader } from '../identity/identity.access.ts';
import { todayOf } from '../../calendar/deadline.ts';

type ErrorItem = { text: string; href: string };
type Values = Record<string, string>;

/** The Panel's calendar and each meeting's agenda, actions and closing (D10.2–D10.4, D10.6). */
export function registerMeetingPages(app: FastifyInstance): void {
  const today = () => todayOf(app.ctx.now());

  async function renderCalendar(
    reply: FastifyReply,
    request: FastifyRequest,
    extra: { errors?: ErrorItem[]; values?: Values },
    status = 200,
  ) {
    const principal = requireReader(request.principal, canReadMeetings);
    const { upcoming, past } = await meetingCalendar(app.ctx.db, today());
    const cutOver = await cutOverOf(app.ctx.db);
    const calendar = await calendarFor(app.ctx);
    const windows = await recordWindows(app.ctx.db);
    // Issue 13: a past meeting not closed says where its record stands (ruling 13).
    const flagged = <T extends { heldOn: string; status: 'scheduled' | 'closed' }>(meeting: T) => {
      const heldOutsideSecrel = isHeldOutside(meeting.heldOn, cutOver);
      // Ruling 18: the last record day stored when the meeting was created.
      const recordUntil = recordWindowOf(
        calendar,
        meeting.heldOn,
        windows.get(meeting.heldOn),
      ).lastDay;
      const recordState = meetingRecordState(meeting, recordUntil, today(), heldOutsideSecrel);
      return { ...meeting, heldOutsideSecrel, recordUntil, recordState };
    };
    const errors = extra.errors ?? [];
    const values = extra.values ?? {};
    return reply.page(
      'meetings.njk',
      {
        title: 'Panel meetings',
        upcoming: upcoming.map(flagged),
        past: past.map(flagged),
        heldOutsideLabel: HELD_OUTSIDE_LABEL,
        kindNames: MEETING_KIND_NAMES,
        canSchedule: canCreateMeetings(principal),
        canCallExtraordinary: canCallExtraordinaryMeetings(principal),
        canScheduleOrdinary: canScheduleMeetings(principal),
        errors,
        fieldErrors: fieldErrorsOf(errors),
        values,
        kindItems: MEETING_KINDS.map((kind) => ({
          value: kind,
          text: MEETING_KIND_NAMES[kind],
          checked:
            (values.kind ?? (canScheduleMeetings(principal) ? 'ordinary' : 'extraordinary')) ===
            kind,
        })),
      },
      status,
    );
  }

  app.get('/meetings', { schema: { hide: true } }, (request, reply) =>
    renderCalendar(reply, request, {}),
  );

  app.post('/meetings', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canCreateMeetings);
    const values = { heldOn: formText(request, 'heldOn'), kind: formText(request, 'kind') };
    try {
      const { meeting, placements } = await createMeeting(app.ctx, principal, values);
      const placed =
        placements.length === 0
          ? ''
          : ` ${countOf(placements.length, 'waiting item')} placed on its agenda.`;
      setNotice(
        reply,
        `Panel meeting on ${formatDate(meeting.heldOn)} scheduled; papers due ${formatDate(meeting.papersDue)}.${placed}`,
      );
      return await reply.redirect(`/meetings/${meeting.id}`, 303);
    } catch (error) {
      return renderCalendar(
        reply,
        request,
        { errors: formErrors(error, {}, request), values },
        statusOf(error),
      );
    }
  });

  async function renderMeeting(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { errors?: ErrorItem[]; values?: Record<string, Values> } = {},
    status = 200,
  ) {
    const principal = requireReader(request.principal, canReadMeetings);
    const meeting = await meetingDetail(app.ctx.db, id, today());
    const heldOutsideSecrel = isHeldOutside(meeting.heldOn, await cutOverOf(app.ctx.db));
    const recordWindow = heldOutsideSecrel
      ? null
      : recordWindowOf(
          await calendarFor(app.ctx),
          meeting.heldOn,
          (await recordWindows(app.ctx.db)).get(meeting.heldOn),
        );
    const recordUntil = recordWindow?.lastDay ?? null;
    const errors = extra.errors ?? [];
    const canRun = canRunMeetings(principal) && meeting.status === 'scheduled';
    return reply.page(
      'meeting.njk',
      {
        title: `Panel meeting of ${formatDate(meeting.heldOn)}`,
        meeting,
        heldOutsideSecrel,
        heldOutsideLabel: HELD_OUTSIDE_LABEL,
        recordUntil,
        recordWorkingDays: recordWindow?.workingDays ?? null,
        kindNames: MEETING_KIND_NAMES,
        agendaKindNames: AGENDA_KIND_NAMES,
        challengeKindNames: CHALLENGE_KIND_NAMES,
        canRun,
        // Agenda items link to the modification's implementation record where the reader may
        // open it, else to its public page in the register.
        implementationOpen: canReadImplementation(principal),
        canRequest: canRequestNewTimetables(principal),
        canDecide: canDecideDelay(principal) && meeting.status === 'scheduled',
        held: meeting.heldOn <= today(),
        owners: canRun ? await listActionOwners(app.ctx.db) : [],
        errors,
        fieldErrors: fieldErrorsOf(errors),
        values: extra.values ?? {},
        maxText: MAX_TEXT,
      },
      status,
    );
  }

  app.get<{ Params: { id: string } }>(
    '/meetings/:id',
    { schema: { hide: true } },
    (request, reply) => renderMeeting(request, reply, parseId(request.params.id, 'meeting')),
  );

  app.post<{ Params: { id: string } }>(
    '/meetings/:id/actions',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRunMeetings);
      const id = parseId(request.params.id, 'meeting');
      const item = formText(request, 'agendaItemId');
      const values = {
        description: formText(request, 'description'),
        ownerOrganisationId: formText(request, 'ownerOrganisationId'),
        dueDate: formText(request, 'dueDate'),
      };
      try {
        await recordAction(app.ctx, principal, id, {
          agendaItemId: formId(request, 'agendaItemId', 'an agenda item'),
          description: values.description,
          ownerOrganisationId: formId(request, 'ownerOrganisationId', 'the owner'),
          dueDate: values.dueDate,
        });
        setNotice(
          reply,
          `Action recorded; the owner’s people have been e-mailed. Due ${formatDate(values.dueDate)}.`,
        );
        return await reply.redirect(`/meetings/${id}#item-${item}`, 303);
      } catch (error) {
        const ids = Object.fromEntries(Object.keys(values).map((key) => [key, `${key}-${item}`]));
        const errors = formErrors(error, { ...ids, agendaItemId: `description-${item}` }, request);
        return renderMeeting(
          request,
          reply,
          id,
          { errors, values: { [`action-${item}`]: values } },
          statusOf(error),
        );
      }
    },
  );

  app.post<{ Params: { id: string; itemId: string } }>(
    '/meetings/:id/agenda/:itemId/no-actions',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRunMeetings);
      const id = parseId(request.params.id, 'meeting');
      const itemId = parseId(request.params.itemId, 'agenda item');
      const reason = formText(request, 'reason');
      try {
        await recordNoActionsReason(app.ctx, principal, id, itemId, { reason });
        setNotice(reply, 'The reason for having no implementation actions has been recorded.');
        return await reply.redirect(`/meetings/${id}#item-${itemId}`, 303);
      } catch (error) {
        const errors = formErrors(error, { reason: `reason-${itemId}` });
        return renderMeeting(
          request,
          reply,
          id,
          { errors, values: { [`reason-${itemId}`]: { reason } } },
          statusOf(error),
        );
      }
    },
  );

  app.post<{ Params: { id: string; challengeId: string } }>(
    '/meetings/:id/challenges/:challengeId/delay-decision',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canDecideDelay);
      const id = parseId(request.params.id, 'meeting');
      const challengeId = parseId(request.params.challengeId, 'challenge');
      const values = {
        delayAppropriate: formText(request, 'delayAppropriate'),
        reason: formText(request, 'reason'),
      };
      try {
        const delayAppropriate = formYesNo(
          request,
          'delayAppropriate',
          'Choose whether delay is appropriate',
        );
        await decideDelay(app.ctx, principal, challengeId, {
          delayAppropriate,
          reason: values.reason,
        });
        setNotice(
          reply,
          delayAppropriate
            ? 'The Panel decided delay is appropriate: a request to the Authority for a new timetable is now required (D10.6).'
            : 'The Panel decided delay is not appropriate.',
        );
        return await reply.redirect(`/meetings/${id}#challenge-${challengeId}`, 303);
      } catch (error) {
        const errors = formErrors(error, {
          delayAppropriate: `delay-${challengeId}`,
          reason: `delay-reason-${challengeId}`,
        });
        return renderMeeting(
          request,
          reply,
          id,
          { errors, values: { [`delay-${challengeId}`]: values } },
          statusOf(error),
        );
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/meetings/:id/close',
    { schema: { hide: true } },
    async (request, reply) => {
      const principal = requireActor(request.principal, canRunMeetings);
      const id = parseId(request.params.id, 'meeting');
      try {
        const meeting = await closeMeeting(app.ctx, principal, id, {
          version: formVersion(request),
        });
        setNotice(
          reply,
          `The Panel meeting of ${formatDate(meeting.heldOn)} is closed; its record is final.`,
        );
        return await reply.redirect(`/meetings/${id}`, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500 || error.code === 'forbidden')
          throw error;
        const problems = (error.details?.problems ?? []) as {
          message: string;
          reference: string;
        }[];
        const errors =
          problems.length > 0
            ? problems.map((problem) => ({
                text: problem.message,
                href: `#ref-${problem.reference}`,
              }))
            : formErrors(error);
        return renderMeeting(request, reply, id, { errors }, error.status);
      }
    },
  );
}
