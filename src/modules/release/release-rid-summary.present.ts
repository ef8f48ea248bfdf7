import type { AppContext } from '../../app-context.ts';
import { appealsOfRelease } from '../appeal/appeal.queries.ts';
import { visibleReasons } from '../appeal/appeal.present.ts';
import type { Principal } from '../identity/identity.ts';
import { ridOverview } from '../rid/rid.queries.ts';
import { testingView } from '../testing/testing.present.ts';

/**
 * D10.12, D10.16, D10.17: what the release page shows of its RID: the version in force with its
 * approval, publication and appeal deadline, the freeze date, the appeals and their outcomes,
 * and the DCC's testing against the plan with any missing readiness report.
 */
export async function releaseRidSummary(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  today: string,
) {
  const [overview, appeals, testing] = await Promise.all([
    ridOverview(ctx, principal, releaseId, today),
    appealsOfRelease(ctx.db, releaseId),
    testingView(ctx, releaseId, principal),
  ]);
  const approved = overview.approved;
  const window = approved ? (overview.appeals.get(approved.number) ?? null) : null;
  return {
    approved: approved && {
      number: approved.number,
      approvedOn: approved.approvedOn,
      publishedAt: approved.publishedAt,
      appealDeadlineWords: window?.words ?? null,
      appealOpen: window !== null && ctx.now().getTime() <= new Date(window.deadline).getTime(),
    },
    drafts: overview.versions.filter((v) => v.status === 'draft' || v.status === 'submitted')
      .length,
    freezeWords: overview.freezeWords,
    frozen: overview.frozen,
    appeals: visibleReasons(appeals, principal),
    phases: testing.phases,
    missingReports: testing.missing,
  };
}
