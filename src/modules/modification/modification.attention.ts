import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { canAdoptModification } from './modification.access.ts';
import { listAdoptable, listDraftProposals } from './modification.queries.ts';
import { ADOPTION_WINDOW_WORKING_DAYS } from './modification.ts';

/** The most items of each kind one home page lists. */
const LIMIT = 20;

/**
 * Parties see the withdrawn modifications they may still adopt (due at the end of the adoption
 * window, domain.md §4.7); SECAS sees the Draft Proposals awaiting conversion by the Panel.
 */
export const modificationAttention: AttentionProvider = async (ctx, principal) => {
  const items: AttentionItem[] = [];
  if (canAdoptModification(principal, null)) {
    const open = await listAdoptable(ctx.db, ctx.now(), principal.organisationId, LIMIT);
    for (const row of open) {
      items.push({
        title: `${row.reference} was withdrawn: your Party may adopt it`,
        detail: `${row.title}. Another Party may take the proposal over until its ${ADOPTION_WINDOW_WORKING_DAYS} Working Day adoption window closes.`,
        href: `/modifications/${row.id}#adopt`,
        ...(row.adoptionDeadline ? { due: row.adoptionDeadline.toISOString() } : {}),
        severity: 'due',
      });
    }
  }
  if (hasAnyRole(principal, ['code_administrator'])) {
    const drafts = await listDraftProposals(ctx.db, LIMIT);
    for (const row of drafts) {
      items.push({
        title: `${row.reference} awaits conversion by the Panel`,
        detail: `${row.title}. Raised ${formatDate(row.raisedOn)}: take the Draft Proposal to the Change Sub-Committee or the Panel, then record its conversion and path.`,
        href: `/modifications/${row.id}#next-steps`,
        severity: 'info',
      });
    }
  }
  return items;
};
