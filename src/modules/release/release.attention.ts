import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { lateMilestones } from './release-milestones.ts';
import { whoMustAct } from './release-health.present.ts';
import { milestonesOfReleases } from './release.present.ts';
import { listReleases } from './release.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/**
 * D10.8(b), issue 13: SECAS and the Panel Chair (who oversee delivery for the Panel) see the
 * milestones of open releases that are due and whose fact has not happened, with who must act.
 */
export const lateMilestonesAttention: AttentionProvider = async (ctx, principal) => {
  if (!hasAnyRole(principal, ['code_administrator', 'panel_chair'])) return [];
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
        detail: `Due ${formatDate(milestone.date)}${milestone.until ? ` to ${formatDate(milestone.until)}` : ''}. ${whoMustAct(milestone) ?? ''}.`,
        href: `/releases/${String(release.id)}#release-health`,
        due: milestone.until ?? milestone.date,
        severity: 'overdue',
      });
    }
  }
  return items.slice(0, LIMIT);
};
