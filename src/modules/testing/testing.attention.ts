import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import type { RidSections } from '../rid/rid-sections.ts';
import { missingReports, readinessSchedule } from './readiness.ts';
import { canSeeMissingReports } from './testing.access.ts';
import { reportsOfReleases } from './testing.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/**
 * D10.13(c), D10.16: the Panel, SECAS and the DCC see each release still before go-live whose
 * readiness report (as its approved RID schedules them) is missing: due date passed, no report.
 */
export const missingReadinessAttention: AttentionProvider = async (ctx, principal) => {
  if (!canSeeMissingReports(principal)) return [];
  const today = todayOf(ctx.now());
  const rids = await ctx.db
    .selectFrom('rid_version')
    .innerJoin('release', 'release.id', 'rid_version.release_id')
    .select([
      'release.id as releaseId',
      'release.name',
      'release.go_live',
      'rid_version.number',
      'rid_version.sections',
    ])
    .where('rid_version.status', '=', 'approved')
    .where('release.status', 'not in', ['live', 'closed', 'cancelled'])
    .orderBy('release.go_live')
    .orderBy('rid_version.number', 'desc')
    .execute();
  // The approved RID in force of each release (the latest approved), with a report already due.
  const seen = new Set<number>();
  const due = [];
  for (const rid of rids) {
    if (seen.has(rid.releaseId)) continue;
    seen.add(rid.releaseId);
    const sections = (
      typeof rid.sections === 'string' ? JSON.parse(rid.sections) : rid.sections
    ) as RidSections;
    const schedule = readinessSchedule(sections.reporting, rid.go_live);
    if (schedule.length > 0 && (schedule[0] ?? today) < today) due.push({ rid, schedule });
  }
  // Issue 12: the reports of all those releases in one query, not one per release.
  const reportsByRelease = await reportsOfReleases(
    ctx.db,
    due.map(({ rid }) => rid.releaseId),
  );
  const items: AttentionItem[] = [];
  for (const { rid, schedule } of due) {
    const reports = reportsByRelease.get(rid.releaseId) ?? [];
    const submitted = new Map(reports.map((r) => [r.periodDue, todayOf(r.submittedAt)]));
    const missing = missingReports(schedule, submitted, today);
    const oldest = missing[0];
    if (oldest === undefined) continue;
    items.push({
      title: `${rid.name}: ${missing.length === 1 ? 'a readiness report is' : `${missing.length} readiness reports are`} missing`,
      detail: `The DCC’s readiness report due ${formatDate(missing.at(-1) ?? oldest)} has not been submitted${missing.length > 1 ? `, nor ${missing.length - 1} earlier` : ''} (D10.13(c), as the approved RID sets).`,
      href: `/releases/${rid.releaseId}/testing#readiness`,
      due: oldest,
      severity: 'overdue',
    });
  }
  return items.slice(0, LIMIT);
};
