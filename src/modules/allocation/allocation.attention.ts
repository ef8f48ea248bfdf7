import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { canSeeUnallocated } from './allocation.access.ts';
import { unallocatedModifications } from './allocation.queries.ts';

const LIMIT = 20;

/** D10.7: the Panel and SECAS see every approved modification not yet allocated to a release. */
export const unallocatedAttention: AttentionProvider = async (ctx, principal) => {
  if (!canSeeUnallocated(principal)) return [];
  const rows = await unallocatedModifications(ctx.db);
  return rows.slice(0, LIMIT).map((row): AttentionItem => ({
    title: `${row.reference} is approved but not allocated to a release`,
    detail: `${row.title}.${row.approvedOn ? ` Approved ${formatDate(row.approvedOn)}.` : ''} Every approved modification is implemented as part of a SEC Release (D10.7).`,
    href: '/releases',
    severity: 'due',
  }));
};
