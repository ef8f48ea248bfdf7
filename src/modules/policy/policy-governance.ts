/**
 * A-POL, ruling 14: which version of the SEC Release Management Policy governs a release. PURE.
 */
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { noticeStart } from './policy-dates.ts';
import type { PolicyMechanisms } from './policy-mechanisms.ts';
import { isApprovedVersion, type PolicyVersion } from './policy.ts';

export type GovernableVersion = Pick<PolicyVersion, 'status' | 'effectiveFrom' | 'number'> & {
  mechanisms: PolicyMechanisms;
};

export interface Governance<T> {
  version: T;
  /** The day the release's freeze started and fixed its version; undefined while it follows. */
  fixedOn: string | undefined;
}

/**
 * A-POL, ruling 14: each act is judged under the version in force when it happens, and a
 * release's milestones follow the version in force until its freeze starts (D10.15, ruling 5:
 * the start of the notice period under the version then in force); from that day the version
 * is fixed. Walks the versions in the order they took effect up to `today`: the first whose
 * freeze date falls while it was in force fixes the release. A version whose freeze date had
 * already passed when it took effect fixes the release on that day. Undefined when no version
 * is in force on `today`.
 */
export function governingVersion<T extends GovernableVersion>(
  versions: readonly T[],
  release: { releaseType: string; goLive: string },
  calendar: WorkingDayCalendar,
  today: string,
): Governance<T> | undefined {
  const timeline = inForceTimeline(versions, today);
  for (const [index, { version, from }] of timeline.entries()) {
    const until = timeline[index + 1]?.from;
    const freeze = noticeStart(version, release.releaseType, release.goLive, calendar);
    if (freeze === undefined || freeze > today || (until !== undefined && freeze >= until))
      continue;
    return { version, fixedOn: freeze > from ? freeze : from };
  }
  const last = timeline.at(-1);
  return last && { version: last.version, fixedOn: undefined };
}

/** The approved versions that were in force up to `today`, each with the day it took effect. */
function inForceTimeline<T extends GovernableVersion>(
  versions: readonly T[],
  today: string,
): { version: T; from: string }[] {
  const effective = versions
    .filter((v) => isApprovedVersion(v) && v.effectiveFrom !== null && v.effectiveFrom <= today)
    .map((version) => ({ version, from: version.effectiveFrom ?? '' }))
    .sort((a, b) => a.from.localeCompare(b.from) || a.version.number - b.version.number);
  // Two versions taking effect on one day: the higher number is the one in force (policyInForce).
  return effective.filter((entry, i) => effective[i + 1]?.from !== entry.from);
}
