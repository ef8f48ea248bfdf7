import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { canSeeUnallocated } from './allocation.access.ts';
import { outOfStepParts, unallocatedModifications } from './allocation.queries.ts';

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

/**
 * Ruling 17 (D10.3, D10.5(b)): the Panel and SECAS see each allocation out of step with its
 * modification's implementation date (after an Authority direction, or a date passed by the
 * release), until it is re-allocated or a request to the Authority is recorded.
 */
export const outOfStepAttention: AttentionProvider = async (ctx, principal) => {
  if (!canSeeUnallocated(principal)) return [];
  const parts = await outOfStepParts(ctx.db);
  return parts.slice(0, LIMIT).map((p): AttentionItem => ({
    title: `${p.reference} (${p.part}) in ${p.releaseName} is out of step with its implementation date`,
    detail: `${p.problem.message}. Re-allocate it to a release in step with ${formatDate(p.implementationDate)}, or record a request to the Authority (ruling 17).`,
    href: `/modifications/${p.modificationId}/implementation`,
    due: p.goLive,
    severity: 'overdue',
  }));
};
