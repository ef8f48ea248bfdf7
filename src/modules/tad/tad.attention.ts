import { formatDate, formatInstant } from '../../calendar/format.ts';
import { closedConsultationFor } from '../consultation/consultation.queries.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { TAD_CONSULTEES } from './tad.ts';
import { canReviewTad } from './tad.access.ts';
import { openTadRequests, submittedTadVersions } from './tad.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/**
 * D10.18, ruling 8: the Panel asked for a TAD and the DCC has not submitted a version yet: shown
 * to the DCC and SECAS, overdue once the due date has passed.
 */
export const tadRequestAttention: AttentionProvider = async (ctx, principal) => {
  if (!hasAnyRole(principal, ['dcc', 'code_administrator'])) return [];
  const today = todayOf(ctx.now());
  const rows = await openTadRequests(ctx.db);
  return rows.slice(0, LIMIT).map((row): AttentionItem => {
    const overdue = row.dueDate !== null && row.dueDate < today;
    return {
      title: `${row.releaseName}: the Panel asked the DCC for a Testing Approach Document`,
      detail: `Requested ${formatDate(row.requestedOn)}. ${
        row.dueDate === null
          ? 'No date was set for the first version.'
          : `The first version ${overdue ? 'was' : 'is'} due ${formatDate(row.dueDate)}.`
      } The DCC drafts it, submits it and consults on it (D10.18–D10.20).`,
      href: `/releases/${row.releaseId}/tad`,
      ...(row.dueDate === null ? {} : { due: row.dueDate }),
      severity: overdue ? 'overdue' : 'due',
    };
  });
};

/**
 * D10.20: a submitted TAD version whose DCC consultation has closed waits for the Panel's
 * review: shown to SECAS and the Panel Chair.
 */
export const tadReviewAttention: AttentionProvider = async (ctx, principal) => {
  if (!canReviewTad(principal)) return [];
  const now = ctx.now();
  const waiting = await submittedTadVersions(ctx.db);
  const items: AttentionItem[] = [];
  for (const version of waiting) {
    const consultation = await closedConsultationFor(
      ctx.db,
      'tad_version',
      String(version.id),
      [...TAD_CONSULTEES],
      now,
      'dcc',
    );
    if (!consultation) continue;
    items.push({
      title: `${version.releaseName}: record the Panel’s review of TAD version ${version.number}`,
      detail: `The DCC’s consultation on it closed ${formatInstant(new Date(consultation.closes_at))} (D10.20).`,
      href: `/releases/${version.releaseId}/tad/versions/${version.number}#review`,
      severity: 'due',
    });
  }
  return items.slice(0, LIMIT);
};
