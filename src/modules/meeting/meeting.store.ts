import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, ImplementationActionTable, PanelMeetingTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { AgendaKind, RecordWindow } from './meeting.ts';

export type MeetingRow = Selectable<PanelMeetingTable>;
type ActionRow = Selectable<ImplementationActionTable>;

/** A meeting as the API and pages present it. */
export interface Meeting {
  id: number;
  heldOn: string;
  kind: MeetingRow['kind'];
  papersDue: string;
  status: MeetingRow['status'];
  closedAt: Date | null;
  version: number;
}

export function toMeeting(row: MeetingRow): Meeting {
  return {
    id: row.id,
    heldOn: row.held_on,
    kind: row.kind,
    papersDue: row.papers_due,
    status: row.status,
    closedAt: row.closed_at,
    version: row.version,
  };
}

export async function findMeeting(db: Kysely<DB>, id: number): Promise<Meeting | undefined> {
  const row = await db
    .selectFrom('panel_meeting')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toMeeting(row) : undefined;
}

/**
 * Ruling 13, ruling 18: the record window stored with the meeting held on `heldOn` (one meeting
 * a day) when it was created; null when there is none or none was stored (a fixture's row).
 */
export async function storedRecordWindow(
  db: Kysely<DB>,
  heldOn: string,
): Promise<RecordWindow | null> {
  const row = await db
    .selectFrom('panel_meeting')
    .select(['record_working_days', 'record_until'])
    .where('held_on', '=', heldOn)
    .executeTakeFirst();
  if (!row || row.record_working_days === null || row.record_until === null) return null;
  return { workingDays: row.record_working_days, lastDay: row.record_until };
}

/** Every stored record window, by the day of its meeting (for the lists of meetings). */
export async function storedRecordWindows(db: Kysely<DB>): Promise<Map<string, RecordWindow>> {
  const rows = await db
    .selectFrom('panel_meeting')
    .select(['held_on', 'record_working_days', 'record_until'])
    .where('record_until', 'is not', null)
    .execute();
  const windows = new Map<string, RecordWindow>();
  for (const row of rows) {
    if (row.record_working_days === null || row.record_until === null) continue;
    windows.set(row.held_on, { workingDays: row.record_working_days, lastDay: row.record_until });
  }
  return windows;
}

/** Whether a Panel meeting is held on `heldOn` (one meeting a day). */
export async function isMeetingOn(db: Kysely<DB>, heldOn: string): Promise<boolean> {
  const row = await db
    .selectFrom('panel_meeting')
    .select('id')
    .where('held_on', '=', heldOn)
    .executeTakeFirst();
  return row !== undefined;
}

/** Saves a newly scheduled meeting. */
export async function insertMeeting(
  trx: Transaction<DB>,
  meeting: {
    heldOn: string;
    kind: Meeting['kind'];
    papersDue: string;
    recordWorkingDays: number;
    recordUntil: string;
  },
  now: Date,
): Promise<Meeting> {
  const row = await trx
    .insertInto('panel_meeting')
    .values({
      held_on: meeting.heldOn,
      kind: meeting.kind,
      papers_due: meeting.papersDue,
      record_working_days: meeting.recordWorkingDays,
      record_until: meeting.recordUntil,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMeeting(row);
}

/**
 * Loads and locks a meeting inside a use case, so changes to one meeting queue up. A closed
 * meeting's record is final (`meeting_closed`); a caller that saw an older version is refused.
 */
export async function lockOpenMeeting(
  trx: Transaction<DB>,
  id: number,
  expectedVersion?: number,
): Promise<Meeting> {
  const row = await trx
    .selectFrom('panel_meeting')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such Panel meeting');
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new AppError(
      'stale_version',
      'The meeting has changed since you opened it: reload and try again',
      {
        field: 'version',
      },
    );
  }
  if (row.status === 'closed') {
    throw new AppError(
      'meeting_closed',
      `The Panel meeting of ${row.held_on} has closed: its record is final`,
    );
  }
  return toMeeting(row);
}

/** Bumps the meeting's version: its record changed. */
export async function touchMeeting(trx: Transaction<DB>, id: number): Promise<void> {
  await trx
    .updateTable('panel_meeting')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Closes a meeting: its record is final from `now`. */
export async function markMeetingClosed(
  trx: Transaction<DB>,
  id: number,
  now: Date,
): Promise<Meeting> {
  const row = await trx
    .updateTable('panel_meeting')
    .set((eb) => ({ status: 'closed', closed_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMeeting(row);
}

/** Every meeting, earliest first. */
export async function listMeetingRows(db: Kysely<DB>): Promise<Meeting[]> {
  const rows = await db
    .selectFrom('panel_meeting')
    .selectAll()
    .orderBy('held_on')
    .orderBy('id')
    .execute();
  return rows.map(toMeeting);
}

/** How many items, and late papers, each meeting's agenda has. */
export async function agendaCounts(
  db: Kysely<DB>,
): Promise<{ meetingId: number; items: number; latePapers: number }[]> {
  const rows = await db
    .selectFrom('agenda_item')
    .select((eb) => [
      'meeting_id',
      eb.fn.countAll<string>().as('items'),
      eb.fn.sum<string>(eb.case().when('late_paper', '=', true).then(1).else(0).end()).as('late'),
    ])
    .groupBy('meeting_id')
    .execute();
  return rows.map((row) => ({
    meetingId: row.meeting_id,
    items: Number(row.items),
    latePapers: Number(row.late),
  }));
}

/** An agenda item with the modification it concerns. */
export interface AgendaEntry {
  id: number;
  meetingId: number;
  modificationId: number;
  reference: string;
  title: string;
  kind: AgendaKind;
  latePaper: boolean;
  noActionsReason: string | null;
  createdAt: Date;
}

function agendaQuery(db: Kysely<DB>) {
  return db
    .selectFrom('agenda_item as a')
    .innerJoin('modification as m', 'm.id', 'a.modification_id')
    .select([
      'a.id',
      'a.meeting_id as meetingId',
      'a.modification_id as modificationId',
      'm.reference',
      'm.title',
      'a.kind',
      'a.late_paper as latePaper',
      'a.no_actions_reason as noActionsReason',
      'a.created_at as createdAt',
    ]);
}

export async function agendaOfMeeting(db: Kysely<DB>, meetingId: number): Promise<AgendaEntry[]> {
  return agendaQuery(db).where('a.meeting_id', '=', meetingId).orderBy('a.id').execute();
}

export async function findAgendaItem(db: Kysely<DB>, id: number): Promise<AgendaEntry | undefined> {
  return agendaQuery(db).where('a.id', '=', id).executeTakeFirst();
}

/** An agenda item as placing it reports it. */
export interface AgendaSlot {
  id: number;
  latePaper: boolean;
}

/**
 * Puts a modification on a meeting's agenda; undefined when it is already there for the same
 * kind of decision (the existing item is left as it is).
 */
export async function insertAgendaItem(
  trx: Transaction<DB>,
  item: { meetingId: number; modificationId: number; kind: AgendaKind; latePaper: boolean },
  now: Date,
): Promise<AgendaSlot | undefined> {
  const row = await trx
    .insertInto('agenda_item')
    .values({
      meeting_id: item.meetingId,
      modification_id: item.modificationId,
      kind: item.kind,
      late_paper: item.latePaper,
      created_at: now,
    })
    .onConflict((conflict) =>
      conflict.columns(['meeting_id', 'modification_id', 'kind']).doNothing(),
    )
    .returning(['id', 'late_paper as latePaper'])
    .executeTakeFirst();
  return row;
}

/** The agenda item of a modification on a meeting for one kind of decision. */
export async function findAgendaSlot(
  trx: Transaction<DB>,
  item: { meetingId: number; modificationId: number; kind: AgendaKind },
): Promise<AgendaSlot> {
  return trx
    .selectFrom('agenda_item')
    .select(['id', 'late_paper as latePaper'])
    .where('meeting_id', '=', item.meetingId)
    .where('modification_id', '=', item.modificationId)
    .where('kind', '=', item.kind)
    .executeTakeFirstOrThrow();
}

/** Records why no implementation actions are needed for an agenda item (D10.2). */
export async function setNoActionsReason(
  trx: Transaction<DB>,
  agendaItemId: number,
  reason: string,
): Promise<void> {
  await trx
    .updateTable('agenda_item')
    .set({ no_actions_reason: reason })
    .where('id', '=', agendaItemId)
    .execute();
}

/** Where a modification has been put on the Panel's agenda, with each meeting's date. */
export async function placementsOf(db: Kysely<DB>, modificationId: number) {
  return db
    .selectFrom('agenda_item as a')
    .innerJoin('panel_meeting as p', 'p.id', 'a.meeting_id')
    .select([
      'a.id',
      'a.meeting_id as meetingId',
      'p.held_on as heldOn',
      'p.kind as meetingKind',
      'p.status as meetingStatus',
      'a.kind',
      'a.late_paper as latePaper',
      'a.no_actions_reason as noActionsReason',
    ])
    .where('a.modification_id', '=', modificationId)
    .orderBy('p.held_on')
    .orderBy('a.id')
    .execute();
}

/**
 * Approvals (D10.2) that are on no meeting's agenda yet, with their approval dates. Only
 * modifications still being implemented (approved or allocated) need the Panel's actions.
 */
export async function waitingApprovals(
  db: Kysely<DB>,
): Promise<{ id: number; reference: string; approvedOn: string | null }[]> {
  return db
    .selectFrom('modification as m')
    .select(['m.id', 'm.reference', 'm.approved_on as approvedOn'])
    .where('m.approved_on', 'is not', null)
    .where('m.status', 'in', ['approved', 'allocated'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('agenda_item as a')
            .select('a.id')
            .whereRef('a.modification_id', '=', 'm.id')
            .where('a.kind', '=', 'implementation_actions'),
        ),
      ),
    )
    .orderBy('m.id')
    .execute();
}

/**
 * Challenges (D10.6) the Panel has not yet decided on, whose modification has no delay
 * decision on an open meeting's agenda: they wait for the next meeting. One per modification,
 * with when its first such challenge was recorded.
 */
export async function waitingChallenges(
  db: Kysely<DB>,
): Promise<{ modificationId: number; recordedAt: Date }[]> {
  return db
    .selectFrom('legal_challenge as c')
    .select((eb) => [
      'c.modification_id as modificationId',
      eb.fn.min<Date>('c.recorded_at').as('recordedAt'),
    ])
    .where('c.delay_appropriate', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('agenda_item as a')
            .innerJoin('panel_meeting as p', 'p.id', 'a.meeting_id')
            .select('a.id')
            .whereRef('a.modification_id', '=', 'c.modification_id')
            .where('a.kind', '=', 'delay_decision')
            .where('p.status', '=', 'scheduled'),
        ),
      ),
    )
    .groupBy('c.modification_id')
    .orderBy('c.modification_id')
    .execute();
}

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

/** An implementation action as saved. */
export interface ImplementationAction {
  id: number;
  modificationId: number;
  meetingId: number | null;
  description: string;
  ownerOrganisationId: number;
  dueDate: string;
  status: 'open' | 'done';
  completedAt: Date | null;
  version: number;
  createdAt: Date;
}

function toAction(row: ActionRow): ImplementationAction {
  return {
    id: row.id,
    modificationId: row.modification_id,
    meetingId: row.meeting_id,
    description: row.description,
    ownerOrganisationId: row.owner_org_id,
    dueDate: row.due_date,
    status: row.status,
    completedAt: row.completed_at,
    version: row.version,
    createdAt: row.created_at,
  };
}

/** An implementation action with its owner's name and its modification's reference. */
export interface ActionEntry {
  id: number;
  modificationId: number;
  reference: string;
  meetingId: number | null;
  heldOn: string | null;
  description: string;
  ownerOrganisationId: number;
  ownerName: string;
  dueDate: string;
  status: 'open' | 'done';
  completedAt: Date | null;
  version: number;
}

export interface ActionFilter {
  id?: number;
  meetingId?: number;
  modificationId?: number;
  ownerOrganisationId?: number;
  /** Open actions due before this date (London today): the overdue ones. */
  overdueOn?: string;
}

export async function listActions(
  db: Kysely<DB>,
  filter: ActionFilter = {},
): Promise<ActionEntry[]> {
  let query = db
    .selectFrom('implementation_action as x')
    .innerJoin('modification as m', 'm.id', 'x.modification_id')
    .innerJoin('organisation as o', 'o.id', 'x.owner_org_id')
    .leftJoin('panel_meeting as p', 'p.id', 'x.meeting_id')
    .select([
      'x.id',
      'x.modification_id as modificationId',
      'm.reference',
      'x.meeting_id as meetingId',
      'p.held_on as heldOn',
      'x.description',
      'x.owner_org_id as ownerOrganisationId',
      'o.name as ownerName',
      'x.due_date as dueDate',
      'x.status',
      'x.completed_at as completedAt',
      'x.version',
    ]);
  if (filter.id !== undefined) query = query.where('x.id', '=', filter.id);
  if (filter.meetingId !== undefined) query = query.where('x.meeting_id', '=', filter.meetingId);
  if (filter.modificationId !== undefined) {
    query = query.where('x.modification_id', '=', filter.modificationId);
  }
  if (filter.ownerOrganisationId !== undefined) {
    query = query.where('x.owner_org_id', '=', filter.ownerOrganisationId);
  }
  if (filter.overdueOn !== undefined) {
    query = query.where('x.status', '=', 'open').where('x.due_date', '<', filter.overdueOn);
  }
  return query.orderBy('x.due_date').orderBy('x.id').execute();
}

/** One action as listed, or a 404. */
export async function findActionEntry(db: Kysely<DB>, id: number): Promise<ActionEntry> {
  const [entry] = await listActions(db, { id });
  if (!entry) throw new AppError('not_found', 'No such implementation action');
  return entry;
}

/** A modification's actions in the order they were recorded. */
export async function actionsOfModification(
  db: Kysely<DB>,
  modificationId: number,
): Promise<ImplementationAction[]> {
  const rows = await db
    .selectFrom('implementation_action')
    .selectAll()
    .where('modification_id', '=', modificationId)
    .orderBy('id')
    .execute();
  return rows.map(toAction);
}

export async function lockAction(trx: Transaction<DB>, id: number): Promise<ImplementationAction> {
  const row = await trx
    .selectFrom('implementation_action')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such implementation action');
  return toAction(row);
}

/** Saves an action the Panel agreed at a meeting. */
export async function insertAction(
  trx: Transaction<DB>,
  action: {
    modificationId: number;
    meetingId: number;
    description: string;
    ownerOrganisationId: number;
    dueDate: string;
  },
  now: Date,
): Promise<ImplementationAction> {
  const row = await trx
    .insertInto('implementation_action')
    .values({
      modification_id: action.modificationId,
      meeting_id: action.meetingId,
      description: action.description,
      owner_org_id: action.ownerOrganisationId,
      due_date: action.dueDate,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAction(row);
}

/** Marks an action done at `now`. */
export async function markActionDone(
  trx: Transaction<DB>,
  id: number,
  now: Date,
): Promise<ImplementationAction> {
  const row = await trx
    .updateTable('implementation_action')
    .set((eb) => ({ status: 'done', completed_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAction(row);
}

/** Moves an action's due date (D10.5). */
export async function setActionDueDate(
  trx: Transaction<DB>,
  id: number,
  dueDate: string,
): Promise<void> {
  await trx
    .updateTable('implementation_action')
    .set((eb) => ({ due_date: dueDate, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** An organisation with its kind. */
export async function findOrganisation(
  db: Kysely<DB>,
  id: number,
): Promise<{ id: number; name: string; kind: string } | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Organisations that may own an implementation action: SECAS, the DCC and the Parties. */
export async function listActionOwners(db: Kysely<DB>) {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'kind'])
    .where('kind', 'in', ['code_administrator', 'dcc', 'party'])
    .orderBy('kind')
    .orderBy('name')
    .execute();
}

/** The active people of an organisation, to be told of what concerns it. */
export async function activeUsersOf(db: Kysely<DB>, organisationId: number) {
  return db
    .selectFrom('app_user')
    .select(['id', 'email', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
}

/** The active people holding `role`. */
export async function activeUsersWithRole(db: Kysely<DB>, role: string) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name'])
    .distinct()
    .where('r.role', '=', role)
    .where('u.disabled_at', 'is', null)
    .orderBy('u.id')
    .execute();
}
