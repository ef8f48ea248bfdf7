import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { lateMilestones } from './release-milestones.ts';
import { canSeeUnallocated } from './release.access.ts';
import { milestonesOf } from './release.present.ts';
import { unallocatedModifications } from '../allocation/allocation.queries.ts';
import { listReleases } from './release.store.ts';
import { RELEASE_STATUS_NAMES } from './release.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/** D10.7: the Panel and SECAS see every approved modification not yet allocated to a release. */
export const unallocatedAttention: AttentionProvider = async (ctx, principal) => {
  if (!canSeeUnallocated(principal)) return [];
  const rows = await unallocatedModifications(ctx.db);
  return rows.slice(0, LIMIT).map((row): AttentionItem => ({
    title: `${row.reference} is approved but not allocated to a release`,
    detail: `${row.title}.${row.approved_on ? ` Approved ${formatDate(row.approved_on)}.` : ''} Every approved modification is implemented as part of a SEC Release (D10.7).`,
    href: '/releases',
    severity: 'due',
  }));
};

/** D10.8(b): SECAS sees the milestones of open releases that have passed without being met. */
export const lateMilestonesAttention: AttentionProvider = async (ctx, principal) => {
  if (!hasAnyRole(principal, ['code_administrator'])) return [];
  const today = todayOf(ctx.now());
  const items: AttentionItem[] = [];
  const releases = await listReleases(ctx.db);
  for (const release of releases.filter(
    (r) => !['live', 'closed', 'cancelled'].includes(r.status),
  )) {
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
