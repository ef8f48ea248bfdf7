import type { AppContext, Db } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { governingPoliciesOf } from '../policy/policy.queries.ts';
import { releaseMilestones, type ReleaseMilestone } from './release-milestones.ts';
import { RELEASE_STATUS_NAMES } from './release.ts';
import { approvedRidSectionsOf } from '../rid/rid.queries.ts';
import { noticeCounts } from '../notice/notice.queries.ts';
import { phasesOfReleases } from '../testing/testing.queries.ts';
import { allocationsOf, type Allocation } from '../allocation/allocation.queries.ts';
import {
  decisionsOf,
  findRelease,
  panelDecisionsOf,
  type Release,
  type ReleaseDecision,
  type ReleasePanelDecision,
} from './release.store.ts';
import { policyChangesOf } from './release-policy-change.store.ts';

export function presentRelease(r: Release) {
  return {
    id: r.id,
    name: r.name,
    releaseType: r.release_type,
    goLive: r.go_live,
    status: r.status,
    statusName: RELEASE_STATUS_NAMES[r.status],
    policyVersionId: r.policy_version_id,
    dccImpacting: r.dcc_impacting,
    notes: r.notes,
    createdAt: new Date(r.created_at).toISOString(),
    version: r.version,
  };
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

/** An allocation as the release detail and the allocation API show it (AllocationSchema). */
export function presentAllocation(a: Allocation & { reference?: string; title?: string }) {
  return {
    id: a.id,
    releaseId: a.releaseId,
    modificationId: a.modificationId,
    ...(a.reference === undefined ? {} : { reference: a.reference }),
    ...(a.title === undefined ? {} : { title: a.title }),
    part: a.part,
    description: a.description,
    dccImpacting: a.dccImpacting,
    exceptionDecisionId: a.exceptionDecisionId,
    allocatedAt: new Date(a.allocatedAt).toISOString(),
    descopedAt: iso(a.descopedAt),
    descopeDecisionId: a.descopeDecisionId,
    implementedAt: iso(a.implementedAt),
    pendingChange: a.pendingChange,
  };
}

export function presentDecision(d: ReleaseDecision & { reference?: string }) {
  return {
    id: d.id,
    releaseId: d.releaseId,
    kind: d.kind,
    modificationId: d.modificationId,
    ...(d.reference === undefined ? {} : { reference: d.reference }),
    meetingId: d.meetingId,
    decidedOn: d.decidedOn,
    reasons: d.reasons,
    recordedAt: new Date(d.recordedAt).toISOString(),
  };
}

/** Ruling 16, D10.8(c): a cancellation, deferral or notice exception (PanelDecisionSchema). */
export function presentPanelDecision(d: ReleasePanelDecision) {
  return {
    id: d.id,
    releaseId: d.releaseId,
    kind: d.kind,
    meetingId: d.meetingId,
    decidedOn: d.decidedOn,
    reasons: d.reasons,
    statusBefore: d.statusBefore,
    statusAfter: d.statusAfter,
    goLiveBefore: d.goLiveBefore,
    goLiveAfter: d.goLiveAfter,
    recordedAt: new Date(d.recordedAt).toISOString(),
  };
}

/** Milestones of a release from the Policy version that governs it (D10.8(b)) and its approved RID. */
export async function milestonesOf(
  ctx: Pick<AppContext, 'db' | 'config'>,
  release: Release,
  today: string,
  db: Db = ctx.db,
): Promise<ReleaseMilestone[]> {
  return (await milestonesOfReleases(ctx, [release], today, db)).get(release.id) ?? [];
}

/**
 * D10.8(b): `milestonesOf` each of `releases`, by release id, from one read of the Policy
 * versions, one calendar, one read of the approved RIDs, of the notice counts and of the test
 * phases: the same queries for 3 releases or 30 (issue 12). The facts (notices issued, test
 * phases) decide which milestones are done (issue 13). A release no Policy version governs has
 * no milestones.
 */
export async function milestonesOfReleases(
  ctx: Pick<AppContext, 'db' | 'config'>,
  releases: readonly Release[],
  today: string,
  db: Db = ctx.db,
): Promise<Map<number, ReleaseMilestone[]>> {
  if (releases.length === 0) return new Map();
  const calendar = await calendarFor(ctx, undefined, db);
  const policies = await governingPoliciesOf(ctx, releases, today, db, calendar);
  const governed = releases.filter((_, i) => policies[i] !== undefined);
  const ids = governed.map((r) => r.id);
  const [rids, notices, phases] = await Promise.all([
    approvedRidSectionsOf(db, ids),
    noticeCounts(db),
    phasesOfReleases(db, ids),
  ]);
  return new Map(
    releases.map((release, i) => {
      const policy = policies[i];
      if (!policy) return [release.id, []];
      return [
        release.id,
        releaseMilestones(
          policy,
          {
            releaseType: release.release_type,
            goLive: release.go_live,
            status: release.status,
            noticeIssued: (notices.get(release.id) ?? 0) > 0,
            phases: phases.get(release.id) ?? [],
          },
          calendar,
          today,
          rids.get(release.id)?.timescales ?? null,
        ),
      ];
    }),
  );
}

/** Everything the release page and API show: scope, milestones, decisions. */
export async function releaseDetail(ctx: AppContext, id: number, today: string) {
  const release = await findRelease(ctx.db, id);
  if (!release) throw new AppError('not_found', `There is no release ${id}`);
  const [allocations, decisions, milestones, panelDecisions, policyChanges] = await Promise.all([
    allocationsOf(ctx.db, id),
    decisionsOf(ctx.db, id),
    milestonesOf(ctx, release, today),
    panelDecisionsOf(ctx.db, id),
    policyChangesOf(ctx.db, id),
  ]);
  return { release, allocations, decisions, milestones, panelDecisions, policyChanges };
}
