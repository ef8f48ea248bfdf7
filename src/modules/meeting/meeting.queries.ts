import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { closingProblems, isOverdue, type ClosingItem, type ClosingProblem } from './meeting.ts';
import {
  agendaOfMeeting,
  findMeeting,
  listActions,
  listMeetingRows,
  type ActionEntry,
  type AgendaEntry,
  type Meeting,
} from './meeting.store.ts';

/** A legal challenge as a meeting's delay decision shows it (D10.6). */
export interface ChallengeEntry {
  id: number;
  modificationId: number;
  kind: 'appeal_s173' | 'judicial_review';
  lodgedOn: string;
  details: string;
  delayAppropriate: boolean | null;
  decidedAt: Date | null;
  requestMade: boolean;
}

/** The challenges of some modifications, each with whether a request was made for it. */
export async function challengesOf(
  db: Kysely<DB>,
  modificationIds: readonly number[],
): Promise<ChallengeEntry[]> {
  if (modificationIds.length === 0) return [];
  const rows = await db
    .selectFrom('legal_challenge as c')
    .select((eb) => [
      'c.id',
      'c.modification_id as modificationId',
      'c.kind',
      'c.lodged_on as lodgedOn',
      'c.details',
      'c.delay_appropriate as delayAppropriate',
      'c.decided_at as decidedAt',
      eb
        .exists(
          eb
            .selectFrom('authority_request as r')
            .select('r.id')
            .whereRef('r.challenge_id', '=', 'c.id'),
        )
        .as('requestMade'),
    ])
    .where('c.modification_id', 'in', [...modificationIds])
    .orderBy('c.id')
    .execute();
  return rows.map((row) => ({ ...row, requestMade: Boolean(row.requestMade) }));
}

/** What the closing rule needs for each agenda item of a meeting. */
export async function closingItemsOf(db: Kysely<DB>, meetingId: number): Promise<ClosingItem[]> {
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
export async function meetingDetail(
  db: Kysely<DB>,
  id: number,
  today: string,
): Promise<MeetingDetail> {
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
  db: Kysely<DB>,
  today: string,
): Promise<{ upcoming: MeetingListing[]; past: MeetingListing[] }> {
  const meetings = await listMeetingRows(db);
  const counts = await db
    .selectFrom('agenda_item')
    .select((eb) => [
      'meeting_id',
      eb.fn.countAll<string>().as('items'),
      eb.fn.sum<string>(eb.case().when('late_paper', '=', true).then(1).else(0).end()).as('late'),
    ])
    .groupBy('meeting_id')
    .execute();
  const listed = meetings.map((meeting) => {
    const count = counts.find((row) => row.meeting_id === meeting.id);
    return {
      ...meeting,
      itemCount: Number(count?.items ?? 0),
      latePapers: Number(count?.late ?? 0),
    };
  });
  return {
    upcoming: listed.filter((meeting) => meeting.heldOn >= today),
    past: listed.filter((meeting) => meeting.heldOn < today).reverse(),
  };
}
