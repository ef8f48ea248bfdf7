import { londonDateOf } from '../../calendar/index.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { SUB_COMMITTEES } from '../identity/identity.ts';
import { hasAnyRole, hasScopedRole } from '../identity/identity.access.ts';
import { BODY_NAMES, bodySubject } from './consultation-rules.ts';
import { canRequestView } from './refinement.access.ts';
import { isViewOverdue } from './refinement.ts';
import { findUnsoughtMandatoryViews } from './unsought-views.store.ts';
import { listViewRequests } from './view-requests.store.ts';

/**
 * D6.8(f)–(i): a sub-committee member is told of each request awaiting their body's view, due on
 * its respond-by date and overdue after it.
 */
export const viewRequestsAttention: AttentionProvider = async (ctx, principal) => {
  if (!hasAnyRole(principal, ['sub_committee_member'])) return [];
  const bodies = SUB_COMMITTEES.filter((body) =>
    hasScopedRole(principal, 'sub_committee_member', body),
  );
  const today = londonDateOf(ctx.now().toISOString());
  const awaiting = await listViewRequests(ctx.db, { bodies, state: 'awaiting' });
  return awaiting.map((request): AttentionItem => {
    const why = request.mandatory
      ? `Mandatory: the modification ${request.reasons.join('; ')}.`
      : 'Asked although not mandatory.';
    return {
      title: `Give the view of ${bodySubject(request.body)} on ${request.reference}`,
      detail: `${request.title}. ${why}`,
      href: `/views#request-${request.id}`,
      ...(request.respondBy === null ? {} : { due: request.respondBy }),
      severity: isViewOverdue(request, today) ? 'overdue' : 'due',
    };
  });
};

/**
 * D6.8(f)–(i): SECAS is told of each modification in refinement whose mandatory views have not
 * been sought, since refinement cannot complete until they are.
 */
export const unsoughtViewsAttention: AttentionProvider = async (ctx, principal) => {
  if (!canRequestView(principal)) return [];
  const pending = await findUnsoughtMandatoryViews(ctx.db);
  return pending.map((modification): AttentionItem => ({
    title: `Seek the views of ${modification.unsought.map((c) => bodySubject(c.body)).join(' and ')} on ${modification.reference}`,
    detail: `${modification.title}. ${modification.unsought
      .map((c) => `${BODY_NAMES[c.body]}: ${c.reasons.join('; ')}`)
      .join('. ')}.`,
    href: `/modifications/${modification.modificationId}/refinement#views`,
    severity: 'info',
  }));
};
