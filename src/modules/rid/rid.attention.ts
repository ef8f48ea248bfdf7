import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { canPublishRid, canRecordRidApproval } from './rid.access.ts';

const LIMIT = 20;

/**
 * D10.15, D10.17: the Panel Chair and SECAS see each RID version awaiting the Panel's approval;
 * SECAS also each approval not yet published (the appeal window opens only when it is).
 */
export const ridAttention: AttentionProvider = async (ctx, principal) => {
  const approves = canRecordRidApproval(principal);
  const publishes = canPublishRid(principal);
  if (!approves && !publishes) return [];
  const rows = await ctx.db
    .selectFrom('rid_version as v')
    .innerJoin('release as r', 'r.id', 'v.release_id')
    .select(['v.release_id', 'v.number', 'v.status', 'v.published_at', 'r.name'])
    .where((eb) =>
      eb.or([
        eb('v.status', '=', 'submitted'),
        eb.and([eb('v.status', '=', 'approved'), eb('v.published_at', 'is', null)]),
      ]),
    )
    .orderBy('r.go_live')
    .orderBy('v.number')
    .limit(LIMIT)
    .execute();
  const items: AttentionItem[] = [];
  for (const row of rows) {
    const href = `/releases/${row.release_id}/rid/versions/${row.number}`;
    if (row.status === 'submitted' && approves)
      items.push({
        title: `${row.name}: version ${row.number} of the RID awaits the Panel’s approval`,
        detail: 'Record the Panel’s approval against the meeting that approved it (D10.15).',
        href,
        severity: 'due',
      });
    if (row.status === 'approved' && publishes)
      items.push({
        title: `${row.name}: publish the Panel’s approval of RID version ${row.number}`,
        detail: 'Any Party may appeal within 10 Working Days after it is published (D10.17).',
        href,
        severity: 'due',
      });
  }
  return items;
};
