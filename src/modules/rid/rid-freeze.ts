import type { Kysely } from 'kysely';
import type { AppContext, UnitOfWork } from '../../app-context.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { findPolicyVersion } from '../policy/policy.store.ts';
import type { Release } from '../release/release.queries.ts';
import { checkFreeze, ridFreezeDate } from './rid.ts';
import { unusedOverrideOf, type RidVersion } from './rid.store.ts';
import { todayOf } from '../../calendar/deadline.ts';

/**
 * D10.15, ruling 5: the freeze date of a release's RID, from the Policy version that governs the
 * release (not the one in force today) and the Working Day calendar.
 */
export async function freezeDateOfRelease(
  ctx: Pick<AppContext, 'db' | 'config'>,
  release: Pick<Release, 'policy_version_id' | 'release_type' | 'go_live'>,
  db: Kysely<DB> = ctx.db,
): Promise<string | undefined> {
  const policy = await findPolicyVersion(db, release.policy_version_id);
  if (!policy) return undefined;
  const calendar = await calendarFor(ctx, undefined, db);
  return ridFreezeDate(
    policy,
    { releaseType: release.release_type, goLive: release.go_live },
    calendar,
  );
}

/**
 * D10.15, ruling 5: inside a use case that changes the RID, refuses the change from the freeze
 * date (`rid_frozen`, with the date) unless the version carries a Panel override or an unused
 * one exists; returns the override the version must now be linked to, if any.
 */
export async function guardFreeze(
  ctx: AppContext,
  unit: UnitOfWork,
  release: Release,
  version: Pick<RidVersion, 'freezeOverrideId'> | null,
): Promise<number | undefined> {
  const freezeDate = await freezeDateOfRelease(ctx, release, unit.trx);
  const outcome = checkFreeze(
    {
      freezeDate,
      today: todayOf(unit.now),
      versionOverridden: version !== null && version.freezeOverrideId !== null,
      unusedOverrideId: await unusedOverrideOf(unit.trx, release.id),
    },
    release.name,
  );
  if (!outcome.allowed)
    throw new AppError('rid_frozen', outcome.message, {
      details: { freezeDate: outcome.freezeDate },
    });
  return outcome.useOverrideId;
}
