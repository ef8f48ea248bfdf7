import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { lateMilestones } from './release-milestones.ts';
import { milestonesOf } from './release.present.ts';
import { listReleases } from './release.store.ts';
import { RELEASE_STATUS_NAMES } from './release.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/** D10.8(b): SECAS sees the milestones of open releases that have passed without being met. */
export const lateMilestonesAttention: AttentionProvider = async (ctx, principal) => {
  if (!hasAnyRole(principal, ['code_administrator'])) return [];
  const today = todayOf(ctx.now());
  const items: AttentionItem[] = [];
  const releases = await listReleases(ctx.db);
  for (const release of releases.filter((r) => !['live', 'cancelled'].includes(r.status))) {
    for (const milestone of lateMilestones(await milestonesOf(ctx, release, today))) {
      items.push({
        title: `${release.name}: ${milestone.name} is late`,
        detail: `Due ${formatDate(milestone.date)}; the release is still ${RELEASE_STATUS_NAMES[release.status].toLowerCase().replace('rid', 'RID')}.`,
        href: `/releases/${release.id}#milestones`,
        due: milestone.date,
        severity: 'overdue',
      });
    }
  }
  return items.slice(0, LIMIT);
};
