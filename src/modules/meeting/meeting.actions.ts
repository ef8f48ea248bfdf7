import { inTransaction, type AppContext, type Tx, type UnitOfWork } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, invalid, requiredText } from '../../errors.ts';
import { isHeldOutside } from '../installation/installation.ts';
import { formatDate } from '../../calendar/format.ts';
import type { Actor } from '../../audit/audit.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import {
  actionTimetableProblem,
  canOwnActions,
  decisionDateAt,
  dueDateProblem,
  isMeetingKind,
  newMeetingProblem,
  lastRecordDay,
  panelRecordProblem,
  papersDueFor,
  MAX_TEXT,
  type MeetingRefusal,
} from './meeting.ts';
import { actionAssignedMail, actionMovedMail, type ActionNotice } from './meeting.mail.ts';
import { placeWaitingItems, type Placement } from './meeting-agenda.actions.ts';
import { scheduleActionReminder } from './action-reminder.jobs.ts';
import {
  canCallExtraordinaryMeetings,
  canCreateMeetings,
  canRunMeetings,
  canScheduleMeetings,
} from './meeting.access.ts';
import {
  activeUsersOf,
  findAgendaItem,
  findMeeting,
  findOrganisation,
  insertAction,
  insertMeeting,
  isMeetingOn,
  lockOpenMeeting,
  storedRecordWindow,
  setActionDueDate,
  setNoActionsReason,
  touchMeeting,
  type ImplementationAction,
  type Meeting,
} from './meeting.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { cutOverOf, recordWindowOf } from '../installation/installation.queries.ts';
import { loadModificationView } from '../modification/modification.queries.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** A refusal of a meeting rule as the AppError the API and the forms show. */
export function meetingRefusal(refusal: MeetingRefusal): AppError {
  return new AppError(refusal.code, refusal.message, { field: refusal.field });
}

/**
 * Ruling 13: the one check of every Panel decision recorded against a meeting (an action, the
 * reason for none, the close, a RID approval or freeze override, a TAD request or review, a
 * release decision): a live meeting's decisions are recorded from the day it is held until the
 * last record day stored with the meeting held on `heldOn` when it was created (its record
 * window; ruling 18: a bank holiday added later or a changed window does not shorten it); a
 * meeting held before the cut-over is history. Throws `meeting_not_held` or `panel_record_late`
 * naming `field`.
 */
export async function checkPanelRecord(
  ctx: AppContext,
  unit: UnitOfWork,
  heldOn: string,
  field = 'meetingId',
): Promise<void> {
  const cutOver = await cutOverOf(unit.trx);
  const calendar = await calendarFor(ctx, undefined, unit.trx);
  const stored = await storedRecordWindow(unit.trx, heldOn);
  const refusal = panelRecordProblem(
    calendar,
    heldOn,
    todayOf(unit.now),
    cutOver,
    field,
    stored ?? undefined,
  );
  if (refusal) throw meetingRefusal(refusal);
}

/**
 * Ruling 13: the Panel meeting that took a decision, which the decision names (a missing one is
 * refused with validation_failed naming `meetingId`, as every Panel decision's is): it exists,
 * has been held (meeting_not_held) and the decision is recorded within its record window
 * (panel_record_late, `checkPanelRecord`). The decision is dated the meeting's day: a `date`
 * given must be that day (validation_failed naming `dateField`). Returns the meeting and the date.
 */
export async function decisionMeeting(
  ctx: AppContext,
  unit: UnitOfWork,
  meetingId: number | null | undefined,
  date: string | null | undefined,
  dateField: string,
): Promise<{ meeting: Meeting; date: string }> {
  if (
    meetingId === null ||
    meetingId === undefined ||
    !Number.isSafeInteger(meetingId) ||
    meetingId < 1
  )
    throw invalid('meetingId', 'Choose the Panel meeting that decided');
  const meeting = await findMeeting(unit.trx, meetingId);
  if (!meeting) throw invalid('meetingId', `There is no Panel meeting ${meetingId}`);
  await checkPanelRecord(ctx, unit, meeting.heldOn);
  const dated = decisionDateAt(meeting.heldOn, date, dateField);
  if ('field' in dated) throw invalid(dated.field, dated.message);
  return { meeting, date: dated.date };
}

export interface NewMeeting {
  heldOn: string;
  kind: string;
}

/**
 * SECAS schedules an ordinary Panel meeting, before its papers date; the Panel Chair calls an
 * extraordinary one; neither in the past (ruling 13; a meeting held before the cut-over is
 * history, recorded as such). Papers are due 5 Working Days before (ruling 3). One meeting a
 * day. Approvals and challenges awaiting a meeting are placed on it when it is the first after
 * their date. Ruling 13, ruling 18: its record window (the installation's, in Working Days) and
 * last record day (`lastRecordDay`) are computed now and stored with it. Audited as
 * `meeting.created`. A system actor (the demo) is taken as SECAS and
 * the Chair.
 */
export async function createMeeting(
  ctx: AppContext,
  principal: Principal | null,
  input: NewMeeting,
  actor: Actor = actorOf(requireActor(principal, canCreateMeetings)),
): Promise<{ meeting: Meeting; placements: Placement[] }> {
  const heldOn = input.heldOn.trim();
  if (!isIsoDate(heldOn)) throw invalid('heldOn', 'Enter the date of the meeting as YYYY-MM-DD');
  const kind = input.kind.trim();
  if (!isMeetingKind(kind)) throw invalid('kind', 'Choose an ordinary or an extraordinary meeting');
  return inTransaction(ctx, actor, async (unit) => {
    if (await isMeetingOn(unit.trx, heldOn)) {
      throw new AppError(
        'already_exists',
        `There is already a Panel meeting on ${formatDate(heldOn)}`,
        {
          field: 'heldOn',
        },
      );
    }
    const calendar = await calendarFor(ctx, undefined, unit.trx);
    const papersDue = papersDueFor(calendar, heldOn);
    const refusal = newMeetingProblem({
      heldOn,
      kind,
      papersDue,
      today: todayOf(unit.now),
      cutOver: await cutOverOf(unit.trx),
      caller: principal
        ? { secas: canScheduleMeetings(principal), chair: canCallExtraordinaryMeetings(principal) }
        : { secas: true, chair: true },
    });
    if (refusal) throw meetingRefusal(refusal);
    const recordWorkingDays = await recordWindowOf(unit.trx);
    const recordUntil = lastRecordDay(calendar, heldOn, recordWorkingDays);
    const meeting = await insertMeeting(
      unit.trx,
      { heldOn, kind, papersDue, recordWorkingDays, recordUntil },
      unit.now,
    );
    await unit.audit({
      action: 'meeting.created',
      subjectType: 'panel_meeting',
      subjectId: String(meeting.id),
      after: { heldOn, kind, papersDue: meeting.papersDue, recordWorkingDays, recordUntil },
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

/** The agenda item an action is recorded on: an item of this meeting, for implementation actions. */
async function actionItemOf(trx: Tx, meetingId: number, agendaItemId: number) {
  const item = await findAgendaItem(trx, agendaItemId);
  if (item?.meetingId !== meetingId)
    throw invalid('agendaItemId', 'Choose an item on this meeting’s agenda');
  if (item.kind !== 'implementation_actions') {
    throw invalid(
      'agendaItemId',
      `${item.reference} is on the agenda for another decision, not for actions`,
    );
  }
  return item;
}

/**
 * D10.2 (from the cut-over, ruling 13): an action agreed at a live meeting is due by the
 * modification's current implementation date.
 */
async function checkActionTimetable(
  unit: UnitOfWork,
  heldOn: string,
  item: { modificationId: number; reference: string },
  dueDate: string,
): Promise<void> {
  if (isHeldOutside(heldOn, await cutOverOf(unit.trx))) return;
  const view = await loadModificationView(unit.trx, item.modificationId);
  const implementationDate = view?.timetable?.implementationDate ?? null;
  const refusal = actionTimetableProblem(dueDate, implementationDate, item.reference);
  if (refusal) throw meetingRefusal(refusal);
}

/** The owner of an action: SECAS, the DCC or a Party. */
async function actionOwnerOf(trx: Tx, organisationId: number) {
  const owner = await findOrganisation(trx, organisationId);
  if (!owner || !canOwnActions(owner.kind)) {
    throw invalid('ownerOrganisationId', 'Choose SECAS, the DCC or a Party as the owner');
  }
  return owner;
}

/**
 * D10.2–D10.4: at the meeting the Panel records an action needed to meet the implementation
 * timetable of a modification on its agenda, with an owner (SECAS, the DCC or a Party) and a
 * due date no earlier than the meeting. At a live meeting (ruling 13) it is recorded within the
 * record window (`checkPanelRecord`) and due no later than the modification's implementation
 * date. The owner's people are e-mailed. Audited.
 */
export async function recordAction(
  ctx: AppContext,
  principal: Principal | null,
  meetingId: number,
  input: NewAction,
  actor: Actor = actorOf(requireActor(principal, canRunMeetings)),
): Promise<ImplementationAction> {
  const description = requiredText(
    'description',
    input.description,
    'what the action is',
    MAX_TEXT,
  );
  const dueDate = input.dueDate.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const meeting = await lockOpenMeeting(unit.trx, meetingId);
    const item = await actionItemOf(unit.trx, meetingId, input.agendaItemId);
    await checkPanelRecord(ctx, unit, meeting.heldOn, 'dueDate');
    const problem = dueDateProblem(dueDate, meeting.heldOn);
    if (problem) throw invalid('dueDate', problem);
    await checkActionTimetable(unit, meeting.heldOn, item, dueDate);
    const owner = await actionOwnerOf(unit.trx, input.ownerOrganisationId);
    const action = await insertAction(
      unit.trx,
      {
        modificationId: item.modificationId,
        meetingId,
        description,
        ownerOrganisationId: owner.id,
        dueDate,
      },
      unit.now,
    );
    await touchMeeting(unit.trx, meetingId);
    // D10.3: its owner is reminded on the first Working Day after it falls due, if still open.
    await scheduleActionReminder(
      unit.trx,
      await calendarFor(ctx, undefined, unit.trx),
      action,
      unit.now,
    );
    const notified = await notifyActionAssigned(unit, { ...item, ...action }, meeting.heldOn);
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
 * D10.4: each person of the owner organisation is told of an action the Panel gave it, one
 * e-mail each through the outbox (sent only if the action is saved), keyed so it is never
 * queued twice. Returns how many were told.
 */
async function notifyActionAssigned(
  unit: UnitOfWork,
  action: ActionNotice,
  heldOn: string,
): Promise<number> {
  const users = await activeUsersOf(unit.trx, action.ownerOrganisationId);
  for (const user of users) {
    await unit.notify({
      to: user.email,
      toName: user.name,
      ...actionAssignedMail(action, heldOn, user.name),
      dedupeKey: `action:${action.id}:assigned:${user.id}`,
    });
  }
  return users.length;
}

/**
 * D10.2: instead of actions, the Panel may record why none are needed for a modification on
 * the agenda (for example, SECAS alone implements it in the next release); within the record
 * window of a live meeting (ruling 13). Audited.
 */
export async function recordNoActionsReason(
  ctx: AppContext,
  principal: Principal | null,
  meetingId: number,
  agendaItemId: number,
  input: { reason: string },
  actor: Actor = actorOf(requireActor(principal, canRunMeetings)),
): Promise<void> {
  const reason = requiredText('reason', input.reason, 'why no actions are needed', MAX_TEXT);
  await inTransaction(ctx, actor, async (unit) => {
    const meeting = await lockOpenMeeting(unit.trx, meetingId);
    await checkPanelRecord(ctx, unit, meeting.heldOn, 'reason');
    const item = await findAgendaItem(unit.trx, agendaItemId);
    if (item?.meetingId !== meetingId)
      throw new AppError('not_found', 'No such item on this meeting’s agenda');
    if (item.kind !== 'implementation_actions') {
      throw invalid('reason', 'Only an item for implementation actions can have none');
    }
    await setNoActionsReason(unit.trx, agendaItemId, reason);
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

/**
 * D10.5: a step of the Authority's direction. Each open action it moves (`moves`, worked out by
 * the timetable's rule from the modification's `actions`) gets its new due date, audited, and
 * its owner's people are told of the new date, once per direction.
 */
export async function moveActionDueDates(
  unit: UnitOfWork,
  modification: { id: number; reference: string; title: string },
  actions: readonly ImplementationAction[],
  moves: readonly { id: number; from: string; to: string }[],
  requestId: number,
): Promise<void> {
  for (const move of moves) {
    const action = actions.find((candidate) => candidate.id === move.id);
    if (!action) continue;
    await setActionDueDate(unit.trx, move.id, move.to);
    await unit.audit({
      action: 'implementation_action.due_date_moved',
      subjectType: 'implementation_action',
      subjectId: String(move.id),
      before: { dueDate: move.from },
      after: { dueDate: move.to, authorityRequestId: requestId },
      reason: 'D10.5: the Authority directed a new implementation timetable',
    });
    const notice = {
      ...action,
      modificationId: modification.id,
      reference: modification.reference,
      title: modification.title,
      dueDate: move.to,
      previousDueDate: move.from,
    };
    const users = await activeUsersOf(unit.trx, action.ownerOrganisationId);
    for (const user of users) {
      await unit.notify({
        to: user.email,
        toName: user.name,
        ...actionMovedMail(notice, user.name),
        dedupeKey: `action:${move.id}:moved:${requestId}:${user.id}`,
      });
    }
  }
}
