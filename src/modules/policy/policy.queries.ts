/**
 * The reads of the Policy that other modules use (the version that governs a release, the
 * versions in force over time); the Policy's store stays private to this module.
 */
import type { AppContext, Db } from '../../app-context.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { governingVersion } from './policy-governance.ts';
import type { PolicyVersion } from './policy.ts';
import { findPolicyVersion, listPolicyVersions } from './policy.store.ts';

export { findPolicyVersion, listPolicyVersions };

/** What ruling 14 needs to know of a release. */
export interface GovernedRelease {
  release_type: string;
  go_live: string;
  /** The version recorded on the release (at creation, then by each recorded change). */
  policy_version_id: number;
}

/**
 * A-POL, ruling 14: the Policy version that governs `release` on `today`: the one in force,
 * until the release's freeze starts; from then, the one that was in force then (see
 * `governingVersion`). The version recorded on the release when no version is in force yet.
 */
export async function governingPolicyOf(
  ctx: Pick<AppContext, 'db' | 'config'>,
  release: GovernedRelease,
  today: string,
  db: Db = ctx.db,
): Promise<PolicyVersion | undefined> {
  const [policy] = await governingPoliciesOf(ctx, [release], today, db);
  return policy;
}

/**
 * A-POL, ruling 14: `governingPolicyOf` for each of `releases`, in their order, from one read of
 * the versions and one calendar (issue 12: a list makes the same queries for 3 releases or 30).
 * Pass `calendar` when the caller has it already.
 */
export async function governingPoliciesOf(
  ctx: Pick<AppContext, 'db' | 'config'>,
  releases: readonly GovernedRelease[],
  today: string,
  db: Db = ctx.db,
  calendar?: WorkingDayCalendar,
): Promise<(PolicyVersion | undefined)[]> {
  if (releases.length === 0) return [];
  const versions = await listPolicyVersions(db);
  const working = calendar ?? (await calendarFor(ctx, undefined, db));
  return releases.map(
    (release) =>
      governingVersion(
        versions,
        { releaseType: release.release_type, goLive: release.go_live },
        working,
        today,
      )?.version ?? versions.find((v) => v.id === release.policy_version_id),
  );
}
