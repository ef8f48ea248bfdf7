import type { Db } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { closingProblems, isOverdue, type ClosingItem, type ClosingProblem } from './meeting.ts';
import {
  agendaCounts,
  agendaOfMeeting,
  challengesOf,
  findMeeting,
  listActions,
  listMeetingRows,
  storedRecordWindows,
  type ActionEntry,
  type AgendaEntry,
  type ChallengeEntry,
  type Meeting,
} from './meeting.store.ts';

/*
 * The reads of the Panel's meetings, and what other modules use of them (the store stays
 * private): the calendar, agendas, actions and their owners, the challenges awaiting the
 * Panel's decision on delay, and the people to tell.
 */
export {
  actionsOfModification,
  activeUsersOf,
  activeUsersWithRole,
  challengesOf,
  findActionEntry,
  findMeeting,
  findOrganisation,
  listActionOwners,
  listActions,
  listMeetingRows,
  placementsOf,
  type ActionEntry,
  type AgendaEntry,
  type ChallengeEntry,
  type ImplementationAction,
  type Meeting,
} from './meeting.store.ts';

/** What the closing rule needs for each agenda item of a meeting. */
export async function closingItemsOf(db: Db, meetingId: number): Promise<ClosingItem[]> {
  const agenda = await agendaOfMeeting(db, meetingId);
  const actions = await listActions(db, { meetingId });
  const challenges = await challengesOf(
    db,
    agenda.filter((item) => item.kind === 'delay_decision').map((item) => item.modificationId),
  );
  return agenda.map((item) => ({
    kind: item.kind,
    reference: item.reference,
    actionCount: actions.filter((action) => action.modificationId === item.modificationId).length,
    noActionsReason: item.noActionsReason,
    challenges: challenges.filter((challenge) => challenge.modificationId === item.modificationId),
  }));
}

/** An agenda item with its actions (implementation items) or challenges (delay decisions). */
export interface AgendaDetail extends AgendaEntry {
  actions: (ActionEntry & { overdue: boolean })[];
  challenges: ChallengeEntry[];
}

export interface MeetingDetail extends Meeting {
  agenda: AgendaDetail[];
  /** Why the meeting cannot close now (empty when it can, or has). */
  closingProblems: ClosingProblem[];
}

/** A meeting with its agenda, each item's actions or challenges, and what stops it closing. */
export async function meetingDetail(db: Db, id: number, today: string): Promise<MeetingDetail> {
  const meeting = await findMeeting(db, id);
  if (!meeting) throw new AppError('not_found', 'No such Panel meeting');
  const agenda = await agendaOfMeeting(db, id);
  const actions = await listActions(db, { meetingId: id });
  const challenges = await challengesOf(
    db,
    agenda.filter((item) => item.kind === 'delay_decision').map((item) => item.modificationId),
  );
  const items: AgendaDetail[] = agenda.map((item) => ({
    ...item,
    actions:
      item.kind === 'implementation_actions'
        ? actions
            .filter((action) => action.modificationId === item.modificationId)
            .map((action) => ({ ...action, overdue: isOverdue(action, today) }))
        : [],
    challenges:
      item.kind === 'delay_decision'
        ? challenges.filter((challenge) => challenge.modificationId === item.modificationId)
        : [],
  }));
  const problems =
    meeting.status === 'closed'
      ? []
      : closingProblems(
          items.map((item) => ({
            kind: item.kind,
            reference: item.reference,
            actionCount: item.actions.length,
            noActionsReason: item.noActionsReason,
            challenges: item.challenges,
          })),
        );
  return { ...meeting, agenda: items, closingProblems: problems };
}

export interface MeetingListing extends Meeting {
  itemCount: number;
  latePapers: number;
}

/** The Panel's calendar: upcoming meetings (today on) earliest first, then past ones latest first. */
export async function meetingCalendar(
  db: Db,
  today: string,
): Promise<{ upcoming: MeetingListing[]; past: MeetingListing[] }> {
  const meetings = await listMeetingRows(db);
  const counts = await agendaCounts(db);
  const listed = meetings.map((meeting) => {
    const count = counts.find((row) => row.meetingId === meeting.id);
    return { ...meeting, itemCount: count?.items ?? 0, latePapers: count?.latePapers ?? 0 };
  });
  return {
    upcoming: listed.filter((meeting) => meeting.heldOn >= today),
    past: listed.filter((meeting) => meeting.heldOn < today).reverse(),
  };
}

/** Ruling 13, ruling 18: the record windows stored with the meetings, by the day of each. */
export function recordWindows(db: Db): ReturnType<typeof storedRecordWindows> {
  return storedRecordWindows(db);
}
