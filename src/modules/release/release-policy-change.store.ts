import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { ReleaseTable } from '../../db/schema.ts';
import type { MovedMilestone } from './release-policy-change.ts';

/** The releases whose governing Policy version can still change (ruling 14). */
export async function releasesToGovern(
  db: Db,
): Promise<
  Pick<
    Selectable<ReleaseTable>,
    'id' | 'name' | 'release_type' | 'go_live' | 'status' | 'policy_version_id'
  >[]
> {
  return db
    .selectFrom('release')
    .select(['id', 'name', 'release_type', 'go_live', 'status', 'policy_version_id'])
    .where('status', 'not in', ['live', 'cancelled'])
    .orderBy('go_live')
    .execute();
}

export interface PolicyChangeRecord {
  releaseId: number;
  fromVersionId: number;
  toVersionId: number;
  effectiveFrom: string;
  moved: MovedMilestone[];
}

/**
 * Ruling 14: records that `toVersionId` now governs the release, if the release is still
 * recorded under `fromVersionId` (a conditional update: a second sweep, on this server or
 * another, finds nothing to do). True when this call made the change.
 */
export async function recordPolicyChange(
  trx: Tx,
  change: PolicyChangeRecord,
  now: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('release')
    .set({ policy_version_id: change.toVersionId })
    .where('id', '=', change.releaseId)
    .where('policy_version_id', '=', change.fromVersionId)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return false;
  await trx
    .insertInto('release_policy_change')
    .values({
      release_id: change.releaseId,
      from_version_id: change.fromVersionId,
      to_version_id: change.toVersionId,
      effective_from: change.effectiveFrom,
      moved: JSON.stringify(change.moved),
      recorded_at: now,
    })
    .onConflict((oc) => oc.columns(['release_id', 'to_version_id']).doNothing())
    .execute();
  return true;
}

/** Ruling 14: a recorded change of a release's governing Policy version. */
export interface ReleasePolicyChange {
  id: number;
  fromVersion: number;
  toVersion: number;
  effectiveFrom: string;
  moved: MovedMilestone[];
  recordedAt: Date;
}

/** The recorded changes of a release's governing Policy version, oldest first. */
export async function policyChangesOf(db: Db, releaseId: number): Promise<ReleasePolicyChange[]> {
  const rows = await db
    .selectFrom('release_policy_change as c')
    .innerJoin('policy_version as f', 'f.id', 'c.from_version_id')
    .innerJoin('policy_version as t', 't.id', 'c.to_version_id')
    .select([
      'c.id',
      'f.number as fromVersion',
      't.number as toVersion',
      'c.effective_from',
      'c.moved',
      'c.recorded_at',
    ])
    .where('c.release_id', '=', releaseId)
    .orderBy('c.id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    effectiveFrom: row.effective_from,
    moved: row.moved as MovedMilestone[],
    recordedAt: row.recorded_at,
  }));
}

/** The Panel (Chair and members) and SECAS: told when a Policy version moves milestones. */
export async function panelAndSecas(
  db: Db,
): Promise<{ id: number; email: string; name: string }[]> {
  return db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select(['u.id', 'u.email', 'u.name'])
    .distinct()
    .where('r.role', 'in', ['panel_chair', 'panel_member', 'code_administrator'])
    .where('u.disabled_at', 'is', null)
    .where('u.email', '<>', '')
    .orderBy('u.id')
    .execute();
}
