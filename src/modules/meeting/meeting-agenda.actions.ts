import type { UnitOfWork } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { isLatePaper, nextMeetingAfter, type AgendaKind } from './meeting.ts';
import {
  findAgendaSlot,
  insertAgendaItem,
  listMeetingRows,
  waitingApprovals,
  waitingChallenges,
  type AgendaSlot,
  type Meeting,
} from './meeting.store.ts';
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
  const slot = { meetingId: meeting.id, modificationId: item.modificationId, kind: item.kind };
  const inserted = await insertAgendaItem(unit.trx, { ...slot, latePaper }, unit.now);
  if (!inserted) return placementOf(await findAgendaSlot(unit.trx, slot), meeting);
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

function placementOf(slot: AgendaSlot, meeting: Meeting): Placement {
  return {
    agendaItemId: slot.id,
    meetingId: meeting.id,
    heldOn: meeting.heldOn,
    papersDue: meeting.papersDue,
    latePaper: slot.latePaper,
  };
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
    if (approval.approvedOn === null) continue;
    const placed = await placeOnNextMeeting(
      unit,
      {
        modificationId: approval.id,
        kind: 'implementation_actions',
        eventDate: approval.approvedOn,
      },
      meetings,
    );
    if (placed) placements.push(placed);
  }
  for (const challenge of await waitingChallenges(unit.trx)) {
    const recordedOn = londonDateOf(new Date(challenge.recordedAt).toISOString());
    const placed = await placeOnNextMeeting(
      unit,
      { modificationId: challenge.modificationId, kind: 'delay_decision', eventDate: recordedOn },
      meetings,
    );
    if (placed) placements.push(placed);
  }
  return placements;
}
