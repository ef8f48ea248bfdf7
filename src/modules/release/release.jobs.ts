import { inTransaction, type AppContext } from '../../app-context.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { enqueueJob } from '../../jobs/jobs.store.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { governingVersion } from '../policy/policy-governance.ts';
import { listPolicyVersions } from '../policy/policy.queries.ts';
import type { PolicyVersion } from '../policy/policy.ts';
import { releaseMilestones } from './release-milestones.ts';
import { policyChangeMail } from './release.mail.ts';
import { movedMilestones, type MovedMilestone } from './release-policy-change.ts';
import {
  panelAndSecas,
  recordPolicyChange,
  releasesToGovern,
} from './release-policy-change.store.ts';
import type { ReleaseStatus } from './release.ts';

/**
 * A-POL, ruling 14: for each release not yet live, closed or cancelled whose governing Policy
 * version (the one in force until its freeze starts) is no longer the one recorded on it, records
 * the change with the milestones it moved, audits it and tells the Panel and SECAS. Each release
 * is changed in a transaction of its own that first moves the recorded version with a
 * conditional update, so a second sweep (here or on another server) changes and sends nothing.
 * Returns the ids of the releases changed.
 */
export async function sweepReleaseGovernance(ctx: AppContext): Promise<number[]> {
  const today = todayOf(ctx.now());
  const calendar = await calendarFor(ctx);
  const versions = await listPolicyVersions(ctx.db);
  const changed: number[] = [];
  for (const release of await releasesToGovern(ctx.db)) {
    const facts = { releaseType: release.release_type, goLive: release.go_live };
    const governance = governingVersion(versions, facts, calendar, today);
    const recorded = versions.find((v) => v.id === release.policy_version_id);
    if (!governance || !recorded || governance.version.id === recorded.id) continue;
    const withStatus = { ...facts, status: release.status as ReleaseStatus };
    const moved = movedMilestones(
      releaseMilestones(recorded, withStatus, calendar, today),
      releaseMilestones(governance.version, withStatus, calendar, today),
    );
    if (await recordChange(ctx, release, recorded, governance.version, moved))
      changed.push(release.id);
  }
  return changed;
}

async function recordChange(
  ctx: AppContext,
  release: { id: number; name: string },
  from: PolicyVersion,
  to: PolicyVersion,
  moved: MovedMilestone[],
): Promise<boolean> {
  const effectiveFrom = to.effectiveFrom ?? todayOf(ctx.now());
  return inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    const change = {
      releaseId: release.id,
      fromVersionId: from.id,
      toVersionId: to.id,
      effectiveFrom,
      moved,
    };
    if (!(await recordPolicyChange(unit.trx, change, unit.now))) return false;
    await unit.audit({
      action: 'release.policy_version_changed',
      subjectType: 'release',
      subjectId: String(release.id),
      before: { policyVersion: from.number },
      after: { policyVersion: to.number, effectiveFrom, moved },
    });
    const facts = {
      releaseId: release.id,
      releaseName: release.name,
      fromVersion: from.number,
      toVersion: to.number,
      effectiveFrom,
      moved,
    };
    for (const person of await panelAndSecas(unit.trx)) {
      await unit.notify({
        to: person.email,
        toName: person.name,
        ...policyChangeMail(facts, person.name),
        dedupeKey: `release:${release.id}:policy:${to.id}:${person.id}`,
      });
    }
    return true;
  });
}

/** The job kind of the periodic sweep. */
export const RELEASE_GOVERNANCE_JOB = 'release.policy_sweep';

/** Hourly: a new version is noticed within the hour of the London day it takes effect. */
const SWEEP_INTERVAL_MS = 60 * 60_000;

function slotOf(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / SWEEP_INTERVAL_MS) * SWEEP_INTERVAL_MS);
}

/** Queues the sweep for the slot holding `at`; the dedupe key makes it one job per slot. */
export async function scheduleReleaseGovernanceSweep(
  ctx: AppContext,
  at = ctx.now(),
): Promise<void> {
  const runAt = slotOf(at);
  await enqueueJob(
    ctx.db,
    {
      kind: RELEASE_GOVERNANCE_JOB,
      runAt,
      dedupeKey: `${RELEASE_GOVERNANCE_JOB}:${runAt.toISOString()}`,
    },
    ctx.now(),
  );
}

/** The worker's handler: queue the next slot first, then sweep. */
export const RELEASE_JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [RELEASE_GOVERNANCE_JOB]: async (ctx) => {
    await scheduleReleaseGovernanceSweep(
      ctx,
      new Date(slotOf(ctx.now()).getTime() + SWEEP_INTERVAL_MS),
    );
    await sweepReleaseGovernance(ctx);
  },
};
