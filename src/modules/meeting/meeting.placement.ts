import type { Kysely } from 'kysely';
import type { UnitOfWork } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import type { DB } from '../../db/schema.ts';
import { isLatePaper, nextMeetingAfter, type AgendaKind } from './meeting.ts';
import { listMeetingRows, type Meeting } from './meeting.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** Where an item went: its agenda item on a meeting, or nowhere yet (awaiting a meeting). */
export interface Placement {
  agendaItemId: number;
  meetingId: number;
  heldOn: string;
  papersDue: string;
  latePaper: boolean;
}

/**
 * D10.2, D10.6, ruling 3: puts a modification on the agenda of the first open Panel meeting
 * held on a later day than `eventDate` (the approval date, or the day a challenge was
 * recorded), flagged late paper when that meeting's papers were already issued today. Null
 * when no such meeting is scheduled: the item waits and `placeWaitingItems` places it when the
 * meeting is created. An item already on that meeting is left as it is. Audited.
 */
export async function placeOnNextMeeting(
  unit: UnitOfWork,
  item: { modificationId: number; kind: AgendaKind; eventDate: string },
  meetings?: readonly Meeting[],
): Promise<Placement | null> {
  const meeting = nextMeetingAfter(meetings ?? (await listMeetingRows(unit.trx)), item.eventDate);
  if (!meeting) return null;
  const latePaper = isLatePaper(meeting.papersDue, todayOf(unit.now));
  const inserted = await unit.trx
    .insertInto('agenda_item')
    .values({
      meeting_id: meeting.id,
      modification_id: item.modificationId,
      kind: item.kind,
      late_paper: latePaper,
      created_at: unit.now,
    })
    .onConflict((conflict) =>
      conflict.columns(['meeting_id', 'modification_id', 'kind']).doNothing(),
    )
    .returning(['id', 'late_paper'])
    .executeTakeFirst();
  if (!inserted) {
    const existing = await unit.trx
      .selectFrom('agenda_item')
      .select(['id', 'late_paper'])
      .where('meeting_id', '=', meeting.id)
      .where('modification_id', '=', item.modificationId)
      .where('kind', '=', item.kind)
      .executeTakeFirstOrThrow();
    return placementOf(existing, meeting);
  }
  await unit.audit({
    action: 'agenda_item.placed',
    subjectType: 'agenda_item',
    subjectId: String(inserted.id),
    after: {
      meetingId: meeting.id,
      heldOn: meeting.heldOn,
      modificationId: item.modificationId,
      kind: item.kind,
      latePaper,
      after: item.eventDate,
    },
  });
  return placementOf(inserted, meeting);
}

function placementOf(row: { id: number; late_paper: boolean }, meeting: Meeting): Placement {
  return {
    agendaItemId: row.id,
    meetingId: meeting.id,
    heldOn: meeting.heldOn,
    papersDue: meeting.papersDue,
    latePaper: row.late_paper,
  };
}

/**
 * Approvals (D10.2) that are on no meeting's agenda yet, with their approval dates. Only
 * modifications still being implemented (approved or allocated) need the Panel's actions.
 */
export async function waitingApprovals(db: Kysely<DB>) {
  return db
    .selectFrom('modification as m')
    .select(['m.id', 'm.reference', 'm.approved_on'])
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
 * decision on an open meeting's agenda: they wait for the next meeting.
 */
async function waitingChallenges(unit: UnitOfWork) {
  return unit.trx
    .selectFrom('legal_challenge as c')
    .select((eb) => ['c.modification_id', eb.fn.min<Date>('c.recorded_at').as('recordedAt')])
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

/**
 * Ruling 3 holds whichever comes first, the approval or the meeting: when a meeting is
 * created, every approval and challenge still awaiting a meeting is placed on the first open
 * meeting after its date, which may be the new one. Items already placed are never moved.
 */
export async function placeWaitingItems(unit: UnitOfWork): Promise<Placement[]> {
  const meetings = await listMeetingRows(unit.trx);
  const placements: Placement[] = [];
  for (const approval of await waitingApprovals(unit.trx)) {
    if (approval.approved_on === null) continue;
    const placed = await placeOnNextMeeting(
      unit,
      {
        modificationId: approval.id,
        kind: 'implementation_actions',
        eventDate: approval.approved_on,
      },
      meetings,
    );
    if (placed) placements.push(placed);
  }
  for (const challenge of await waitingChallenges(unit)) {
    const recordedOn = londonDateOf(new Date(challenge.recordedAt).toISOString());
    const placed = await placeOnNextMeeting(
      unit,
      { modificationId: challenge.modification_id, kind: 'delay_decision', eventDate: recordedOn },
      meetings,
    );
    if (placed) placements.push(placed);
  }
  return placements;
}
