import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { formatDate } from '../../calendar/format.ts';
import { overseesActions } from '../meeting/meeting.access.ts';
import { canAnswerTimetableRequests } from './timetable.access.ts';

/**
 * D10.6: where the Panel decided delay is appropriate while the Authority's approval is
 * challenged, the request to the Authority is outstanding until made: shown to the Panel and
 * SECAS.
 */
export const outstandingRequestsAttention: AttentionProvider = async (ctx, principal) => {
  if (!overseesActions(principal)) return [];
  const rows = await ctx.db
    .selectFrom('legal_challenge as c')
    .innerJoin('modification as m', 'm.id', 'c.modification_id')
    .select(['c.id', 'c.kind', 'c.lodged_on', 'm.id as modificationId', 'm.reference'])
    .where('c.delay_appropriate', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('authority_request as r')
            .select('r.id')
            .whereRef('r.challenge_id', '=', 'c.id'),
        ),
      ),
    )
    .orderBy('c.id')
    .execute();
  return rows.map((row): AttentionItem => ({
    title: `Ask the Authority for a new timetable for ${row.reference}`,
    detail: `The Panel decided delay is appropriate while the ${row.kind === 'appeal_s173' ? 'appeal' : 'judicial review'} lodged on ${formatDate(row.lodged_on)} is heard. The request is required (D10.6).`,
    href: `/modifications/${row.modificationId}/implementation#challenge-${row.id}`,
    severity: 'overdue',
  }));
};

/** D10.5: requests for a new timetable waiting for the Authority's direction or refusal. */
export const pendingRequestsAttention: AttentionProvider = async (ctx, principal) => {
  if (!canAnswerTimetableRequests(principal)) return [];
  const rows = await ctx.db
    .selectFrom('authority_request as r')
    .innerJoin('modification as m', 'm.id', 'r.modification_id')
    .select(['r.id', 'r.requested_on', 'r.proposed_date', 'm.id as modificationId', 'm.reference'])
    .where('r.status', '=', 'pending')
    .orderBy('r.requested_on')
    .execute();
  return rows.map((row): AttentionItem => ({
    title: `The Panel asks for a new implementation timetable for ${row.reference}`,
    detail: `Requested on ${formatDate(row.requested_on)}${row.proposed_date ? `, proposing ${formatDate(row.proposed_date)}` : ''}. Direct a new timetable or decline (D10.5).`,
    href: `/modifications/${row.modificationId}/implementation#request-${row.id}`,
    severity: 'due',
  }));
};
