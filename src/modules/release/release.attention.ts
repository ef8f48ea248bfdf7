import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { lateMilestones } from './release-milestones.ts';
import { milestonesOfReleases } from './release.present.ts';
import { listReleases } from './release.store.ts';
import { RELEASE_STATUS_NAMES } from './release.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/** D10.8(b): SECAS sees the milestones of open releases that have passed without being met. */
export const lateMilestonesAttention: AttentionProvider = async (ctx, principal) => {
  if (!hasAnyRole(principal, ['code_administrator'])) return [];
  const today = todayOf(ctx.now());
  const items: AttentionItem[] = [];
  const open = (await listReleases(ctx.db)).filter(
    (r) => !['live', 'cancelled'].includes(r.status),
  );
  const milestones = await milestonesOfReleases(ctx, open, today);
  for (const release of open) {
    for (const milestone of lateMilestones(milestones.get(release.id) ?? [])) {
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
