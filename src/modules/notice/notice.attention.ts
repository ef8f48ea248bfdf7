import { addWorkingDays } from '../../calendar/index.ts';
import { formatDate } from '../../calendar/format.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { needsNotice, NOTICE_REMINDER_WORKING_DAYS } from './notice.ts';
import { canIssueNotices } from './notice.access.ts';
import { noticeCounts } from './notice.store.ts';
import { milestonesOfReleases } from '../release/release.present.ts';
import { listReleases } from '../release/release.queries.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/**
 * D10.8(c): SECAS sees each open release with no notice yet whose notice period starts within
 * NOTICE_REMINDER_WORKING_DAYS Working Days, or has already started.
 */
export const releaseNoticeAttention: AttentionProvider = async (ctx, principal) => {
  if (!canIssueNotices(principal)) return [];
  const today = todayOf(ctx.now());
  const horizon = addWorkingDays(await calendarFor(ctx), today, NOTICE_REMINDER_WORKING_DAYS);
  const counts = await noticeCounts(ctx.db);
  const items: AttentionItem[] = [];
  const open = (await listReleases(ctx.db)).filter(
    (r) => !['live', 'cancelled'].includes(r.status),
  );
  const milestones = await milestonesOfReleases(ctx, open, today);
  for (const release of open) {
    const start = milestones.get(release.id)?.find((m) => m.id === 'notice_start')?.date;
    if (start === undefined || !needsNotice(start, counts.get(release.id) ?? 0, horizon)) continue;
    const started = start < today;
    items.push({
      title: `${release.name}: no notice has been issued to Parties`,
      detail: `${started ? 'The notice period started' : 'The notice period starts'} ${formatDate(start)}. Give notice to all Parties; Users are the mandatory recipients (D10.8(c)).`,
      href: `/releases/${release.id}/notices`,
      due: start,
      severity: started ? 'overdue' : 'due',
    });
  }
  return items.slice(0, LIMIT);
};
