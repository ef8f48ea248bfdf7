import { inTransaction, type AppContext } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import { formatDate } from '../../calendar/format.ts';
import type { Actor } from '../../audit/audit.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { canOwnActions, dueDateProblem, isMeetingKind, papersDueFor } from './meeting.ts';
import { notifyActionAssigned } from './meeting.notices.ts';
import { placeWaitingItems, type Placement } from './meeting.placement.ts';
import { canRunMeetings, canScheduleMeetings } from './meeting.access.ts';
import {
  findAgendaItem,
  lockOpenMeeting,
  toMeeting,
  touchMeeting,
  type ActionRow,
  type Meeting,
} from './meeting.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

/** The longest description, reason or note kept. */
export const MAX_TEXT = 4000;

/** Required text of at most MAX_TEXT characters, or a 400 naming `field`. */
export function requiredText(field: string, value: string, what: string): string {
  const text = value.trim();
  if (text === '') throw invalid(field, `Enter ${what}`);
  if (text.length > MAX_TEXT)
    throw invalid(field, `${what} must be ${MAX_TEXT} characters or fewer`);
  return text;
}

export interface NewMeeting {
  heldOn: string;
  kind: string;
}

/**
 * SECAS schedules an ordinary or extraordinary Panel meeting; its papers are due 5 Working Days
 * before (ruling 3). One meeting a day. Approvals and challenges awaiting a meeting are placed
 * on it when it is the first after their date. Audited as `meeting.created`.
 */
export async function createMeeting(
  ctx: AppContext,
  principal: Principal | null,
  input: NewMeeting,
  actor: Actor = actorOf(requireActor(principal, canScheduleMeetings)),
): Promise<{ meeting: Meeting; placements: Placement[] }> {
  const heldOn = input.heldOn.trim();
  if (!isIsoDate(heldOn)) throw invalid('heldOn', 'Enter the date of the meeting as YYYY-MM-DD');
  const kind = input.kind.trim();
  if (!isMeetingKind(kind)) throw invalid('kind', 'Choose an ordinary or an extraordinary meeting');
  return inTransaction(ctx, actor, async (unit) => {
    const clash = await unit.trx
      .selectFrom('panel_meeting')
      .select('id')
      .where('held_on', '=', heldOn)
      .executeTakeFirst();
    if (clash) {
      throw new AppError(
        'already_exists',
        `There is already a Panel meeting on ${formatDate(heldOn)}`,
        {
          field: 'heldOn',
        },
      );
    }
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const row = await unit.trx
      .insertInto('panel_meeting')
      .values({
        held_on: heldOn,
        kind,
        papers_due: papersDueFor(calendar, heldOn),
        created_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const meeting = toMeeting(row);
    await unit.audit({
      action: 'meeting.created',
      subjectType: 'panel_meeting',
      subjectId: String(meeting.id),
      after: { heldOn, kind, papersDue: meeting.papersDue },
    });
    const placements = await placeWaitingItems(unit);
    return { meeting, placements };
  });
}

export interface NewAction {
  agendaItemId: number;
  description: string;
  ownerOrganisationId: number;
  dueDate: string;
}

/**
 * D10.2–D10.4: at the meeting the Panel records an action needed to meet the implementation
 * timetable of a modification on its agenda, with an owner (SECAS, the DCC or a Party) and a
 * due date no earlier than the meeting. The owner's people are e-mailed. Audited.
 */
export async function recordAction(
  ctx: AppContext,
  principal: Principal | null,
  meetingId: number,
  input: NewAction,
  actor: Actor = actorOf(requireActor(principal, canRunMeetings)),
): Promise<ActionRow> {
  const description = requiredText('description', input.description, 'what the action is');
  const dueDate = input.dueDate.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const meeting = await lockOpenMeeting(unit.trx, meetingId);
    const item = await findAgendaItem(unit.trx, input.agendaItemId);
    if (item?.meetingId !== meetingId)
      throw invalid('agendaItemId', 'Choose an item on this meeting’s agenda');
    if (item.kind !== 'implementation_actions') {
      throw invalid(
        'agendaItemId',
        `${item.reference} is on the agenda for another decision, not for actions`,
      );
    }
    const problem = dueDateProblem(dueDate, meeting.heldOn);
    if (problem) throw invalid('dueDate', problem);
    const owner = await unit.trx
      .selectFrom('organisation')
      .select(['id', 'name', 'kind'])
      .where('id', '=', input.ownerOrganisationId)
      .executeTakeFirst();
    if (!owner || !canOwnActions(owner.kind)) {
      throw invalid('ownerOrganisationId', 'Choose SECAS, the DCC or a Party as the owner');
    }
    const action = await unit.trx
      .insertInto('implementation_action')
      .values({
        modification_id: item.modificationId,
        meeting_id: meetingId,
        description,
        owner_org_id: owner.id,
        due_date: dueDate,
        created_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchMeeting(unit.trx, meetingId);
    const notified = await notifyActionAssigned(
      unit,
      { ...item, id: action.id, description, dueDate, ownerOrganisationId: owner.id },
      meeting.heldOn,
    );
    await unit.audit({
      action: 'implementation_action.recorded',
      subjectType: 'implementation_action',
      subjectId: String(action.id),
      after: {
        modificationId: item.modificationId,
        meetingId,
        description,
        owner: owner.name,
        ownerOrganisationId: owner.id,
        dueDate,
        notified,
      },
    });
    return action;
  });
}

/**
 * D10.2: instead of actions, the Panel may record why none are needed for a modification on
 * the agenda (for example, SECAS alone implements it in the next release). Audited.
 */
export async function recordNoActionsReason(
  ctx: AppContext,
  principal: Principal | null,
  meetingId: number,
  agendaItemId: number,
  input: { reason: string },
  actor: Actor = actorOf(requireActor(principal, canRunMeetings)),
): Promise<void> {
  const reason = requiredText('reason', input.reason, 'why no actions are needed');
  await inTransaction(ctx, actor, async (unit) => {
    await lockOpenMeeting(unit.trx, meetingId);
    const item = await findAgendaItem(unit.trx, agendaItemId);
    if (item?.meetingId !== meetingId)
      throw new AppError('not_found', 'No such item on this meeting’s agenda');
    if (item.kind !== 'implementation_actions') {
      throw invalid('reason', 'Only an item for implementation actions can have none');
    }
    await unit.trx
      .updateTable('agenda_item')
      .set({ no_actions_reason: reason })
      .where('id', '=', agendaItemId)
      .execute();
    await touchMeeting(unit.trx, meetingId);
    await unit.audit({
      action: 'agenda_item.no_actions_recorded',
      subjectType: 'agenda_item',
      subjectId: String(agendaItemId),
      before: { noActionsReason: item.noActionsReason },
      after: { noActionsReason: reason, modificationId: item.modificationId, meetingId },
      reason,
    });
  });
}
