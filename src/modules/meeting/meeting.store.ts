import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, ImplementationActionTable, PanelMeetingTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';

export type MeetingRow = Selectable<PanelMeetingTable>;
export type ActionRow = Selectable<ImplementationActionTable>;

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

/** An agenda item with the modification it concerns. */
export interface AgendaEntry {
  id: number;
  meetingId: number;
  modificationId: number;
  reference: string;
  title: string;
  kind: 'implementation_actions' | 'delay_decision' | 'timetable_request';
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

export async function lockAction(trx: Transaction<DB>, id: number): Promise<ActionRow> {
  const row = await trx
    .selectFrom('implementation_action')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such implementation action');
  return row;
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
