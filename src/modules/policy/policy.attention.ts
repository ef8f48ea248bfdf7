import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { closedConsultationFor } from '../consultation/consultation.queries.ts';
import { formatInstant } from '../../calendar/format.ts';
import { POLICY_CONSULTEES } from './policy.ts';
import { canDecidePolicy } from './policy.access.ts';
import { listSubmittedPolicyVersions } from './policy.store.ts';

/**
 * D10.9: a submitted Policy version whose consultation of the DCC and Users has closed waits for
 * the Panel's decision: shown to SECAS and the Panel Chair.
 */
export const policyDecisionAttention: AttentionProvider = async (ctx, principal) => {
  if (!canDecidePolicy(principal)) return [];
  const now = ctx.now();
  const waiting = await listSubmittedPolicyVersions(ctx.db);
  const items: AttentionItem[] = [];
  for (const version of waiting) {
    const consultation = await closedConsultationFor(
      ctx.db,
      'policy_version',
      String(version.id),
      [...POLICY_CONSULTEES],
      now,
    );
    if (!consultation) continue;
    items.push({
      title: `Record the Panel’s decision on Policy version ${version.number}`,
      detail: `${version.title}. The consultation of the DCC and Users closed ${formatInstant(new Date(consultation.closes_at))}; the version can now be approved or rejected (D10.9).`,
      href: `/policy/versions/${version.id}#decision`,
      severity: 'due',
    });
  }
  return items;
};
