import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { canPublishRid, canRecordRidApproval } from './rid.access.ts';
import { ridVersionsAwaiting } from './rid.store.ts';
import { APPEAL_WINDOW_WORKING_DAYS } from '../appeal/appeal-window.ts';
import { rulingWords } from '../../web/ruling-links.ts';

const LIMIT = 20;

/**
 * D10.15, D10.17: the Panel Chair and SECAS see each RID version awaiting the Panel's approval;
 * SECAS also each approval not yet published (ruling 1: the appeal window opens only when it
 * is; the item says so with "secrel’s reading: ruling 1", which the home page links to /rules).
 */
export const ridAttention: AttentionProvider = async (ctx, principal) => {
  const approves = canRecordRidApproval(principal);
  const publishes = canPublishRid(principal);
  if (!approves && !publishes) return [];
  const rows = await ridVersionsAwaiting(ctx.db, LIMIT);
  const items: AttentionItem[] = [];
  for (const row of rows) {
    const href = `/releases/${row.releaseId}/rid/versions/${row.number}`;
    if (row.status === 'submitted' && approves)
      items.push({
        title: `${row.releaseName}: version ${row.number} of the RID awaits the Panel’s approval`,
        detail: 'Record the Panel’s approval against the meeting that approved it (D10.15).',
        href,
        severity: 'due',
      });
    // Ruling 1: an approval superseded before it was published is published too.
    if ((row.status === 'approved' || row.status === 'superseded') && publishes)
      items.push({
        title: `${row.releaseName}: publish the Panel’s approval of RID version ${row.number}`,
        detail: `Any Party may appeal within ${APPEAL_WINDOW_WORKING_DAYS} Working Days following the publication of the decision (D10.17); the window opens when SECAS publishes it on the public site and counts from the next Working Day (${rulingWords(1)}).`,
        href,
        severity: 'due',
      });
  }
  return items;
};
