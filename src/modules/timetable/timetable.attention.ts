import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { formatDate } from '../../calendar/format.ts';
import { overseesActions } from '../meeting/meeting.access.ts';
import { canAnswerTimetableRequests } from './timetable.access.ts';
import { challengesAwaitingRequest, pendingRequests } from './timetable.store.ts';

/**
 * D10.6: where the Panel decided delay is appropriate while the Authority's approval is
 * challenged, the request to the Authority is outstanding until made: shown to the Panel and
 * SECAS.
 */
export const outstandingRequestsAttention: AttentionProvider = async (ctx, principal) => {
  if (!overseesActions(principal)) return [];
  const rows = await challengesAwaitingRequest(ctx.db);
  return rows.map((row): AttentionItem => ({
    title: `Ask the Authority for a new timetable for ${row.reference}`,
    detail: `The Panel decided delay is appropriate while the ${row.kind === 'appeal_s173' ? 'appeal' : 'judicial review'} lodged on ${formatDate(row.lodgedOn)} is heard. The request is required (D10.6).`,
    href: `/modifications/${row.modificationId}/implementation#challenge-${row.id}`,
    severity: 'overdue',
  }));
};

/** D10.5: requests for a new timetable waiting for the Authority's direction or refusal. */
export const pendingRequestsAttention: AttentionProvider = async (ctx, principal) => {
  if (!canAnswerTimetableRequests(principal)) return [];
  const rows = await pendingRequests(ctx.db);
  return rows.map((row): AttentionItem => ({
    title: `The Panel asks for a new implementation timetable for ${row.reference}`,
    detail: `Requested on ${formatDate(row.requestedOn)}${row.proposedDate ? `, proposing ${formatDate(row.proposedDate)}` : ''}. Direct a new timetable or decline (D10.5).`,
    href: `/modifications/${row.modificationId}/implementation#request-${row.id}`,
    severity: 'due',
  }));
};
