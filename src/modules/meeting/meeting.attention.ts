import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { formatDate } from '../../calendar/format.ts';
import { canRunMeetings, canScheduleMeetings, overseesActions } from './meeting.access.ts';
import {
  listActions,
  listMeetingRows,
  storedRecordWindows,
  waitingApprovals,
} from './meeting.store.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { isHeldOutside } from '../installation/installation.ts';
import { meetingRecordState, recordWindowOf } from './meeting.ts';

function shorten(text: string, length = 90): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

/**
 * D10.3: open actions past their due date, for the Panel (members and Chair) and SECAS, who
 * must make sure they are taken, and for the people of the owner organisation.
 */
export const overdueActionsAttention: AttentionProvider = async (ctx, principal) => {
  const today = todayOf(ctx.now());
  const all = overseesActions(principal);
  if (!all && principal.organisationId === null) return [];
  const actions = await listActions(ctx.db, {
    overdueOn: today,
    ...(all ? {} : { ownerOrganisationId: principal.organisationId ?? 0 }),
  });
  return actions.map((action): AttentionItem => ({
    title: `Overdue action on ${action.reference}: ${shorten(action.description)}`,
    detail: `Owner: ${action.ownerName}.${action.heldOn ? ` Agreed at the Panel meeting of ${formatDate(action.heldOn)}.` : ''}`,
    href: `/modifications/${action.modificationId}/implementation#action-${action.id}`,
    due: action.dueDate,
    severity: 'overdue',
  }));
};

/**
 * D10.2, ruling 13, issue 13: meetings already held but not closed, for the Panel Chair and SECAS:
 * overdue from the day after the meeting (its actions are determined at it), due by the last day
 * of its record window; once that window has passed its decisions can no longer be recorded, and
 * the item says so. A meeting held outside secrel (before the cut-over) is history: no action.
 * For SECAS, approvals and challenges that wait for a meeting because none is scheduled after them.
 */
export const meetingsAttention: AttentionProvider = async (ctx, principal) => {
  if (!canRunMeetings(principal)) return [];
  const today = todayOf(ctx.now());
  const [meetings, calendar, cutOver, windows] = await Promise.all([
    listMeetingRows(ctx.db),
    calendarFor(ctx),
    cutOverOf(ctx.db),
    storedRecordWindows(ctx.db),
  ]);
  const items: AttentionItem[] = [];
  for (const meeting of meetings) {
    // Ruling 18: the last record day stored when the meeting was created.
    const lastDay = recordWindowOf(calendar, meeting.heldOn, windows.get(meeting.heldOn)).lastDay;
    const state = meetingRecordState(
      meeting,
      lastDay,
      today,
      isHeldOutside(meeting.heldOn, cutOver),
    );
    if (state !== 'awaiting_record' && state !== 'record_window_passed') continue;
    items.push({
      title: `Close the Panel meeting of ${formatDate(meeting.heldOn)}`,
      detail:
        state === 'awaiting_record'
          ? `Record the implementation actions (or why there are none) and the decisions, then close it: its decisions can be recorded until ${formatDate(lastDay)} (ruling 13).`
          : `Its record window ended on ${formatDate(lastDay)} (ruling 13): its decisions can no longer be recorded here, so take them again at the next Panel meeting.`,
      href: `/meetings/${String(meeting.id)}`,
      due: lastDay,
      severity: 'overdue',
    });
  }
  if (canScheduleMeetings(principal)) {
    const waiting = await waitingApprovals(ctx.db);
    if (waiting.length > 0) {
      items.push({
        title: `${waiting.length === 1 ? '1 approval is' : `${waiting.length} approvals are`} awaiting a Panel meeting`,
        detail: `No Panel meeting is scheduled after the approval of ${waiting.map((m) => m.reference).join(', ')}. Schedule the next meeting to put them on its agenda (D10.2).`,
        href: '/meetings',
        severity: 'info',
      });
    }
  }
  return items;
};
