import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AllocationTable, DB, ReleaseDecisionTable, ReleaseTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { isReleaseStatus, type ReleaseStatus } from './release.ts';

export interface Release extends Omit<Selectable<ReleaseTable>, 'status'> {
  status: ReleaseStatus;
}
export type Allocation = Selectable<AllocationTable>;
export type ReleaseDecision = Selectable<ReleaseDecisionTable>;

/** An allocation with the reference and title of its modification. */
export interface AllocationView extends Allocation {
  reference: string;
  title: string;
  modification_status: string;
}

export function toRelease(row: Selectable<ReleaseTable>): Release {
  if (!isReleaseStatus(row.status))
    throw new Error(`release ${row.id} has unknown status ${row.status}`);
  return { ...row, status: row.status };
}

export async function findRelease(db: Kysely<DB>, id: number): Promise<Release | undefined> {
  const row = await db.selectFrom('release').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRelease(row) : undefined;
}

/** Releases going live between `from` and `to` (inclusive, either optional), by go-live date. */
export async function listReleases(
  db: Kysely<DB>,
  range: { from?: string | undefined; to?: string | undefined } = {},
): Promise<Release[]> {
  let query = db.selectFrom('release').selectAll();
  if (range.from) query = query.where('go_live', '>=', range.from);
  if (range.to) query = query.where('go_live', '<=', range.to);
  const rows = await query.orderBy('go_live').orderBy('id').execute();
  return rows.map(toRelease);
}

/** Loads and locks a release in a use case; a stale `expectedVersion` is refused (409). */
export async function lockRelease(
  trx: Transaction<DB>,
  id: number,
  expectedVersion?: number,
): Promise<Release> {
  const row = await trx
    .selectFrom('release')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `There is no release ${id}`);
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError(
      'stale_version',
      `${row.name} has changed since you opened it: reload and try again`,
      { field: 'version' },
    );
  return toRelease(row);
}

/** Bumps a release's version after a change to it or its scope. */
export async function touchRelease(trx: Transaction<DB>, id: number): Promise<void> {
  await trx
    .updateTable('release')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Every allocation of a release, live ones first, with its modification. */
export async function allocationsOf(db: Kysely<DB>, releaseId: number): Promise<AllocationView[]> {
  return db
    .selectFrom('allocation')
    .innerJoin('modification', 'modification.id', 'allocation.modification_id')
    .selectAll('allocation')
    .select([
      'modification.reference',
      'modification.title',
      'modification.status as modification_status',
    ])
    .where('allocation.release_id', '=', releaseId)
    .orderBy('allocation.descoped_at', (ob) => ob.desc().nullsFirst())
    .orderBy('modification.reference')
    .orderBy('allocation.part')
    .execute();
}

/** How many parts a release holds that are not de-scoped. */
export async function liveAllocationCount(db: Kysely<DB>, releaseId: number): Promise<number> {
  const row = await db
    .selectFrom('allocation')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('release_id', '=', releaseId)
    .where('descoped_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function decisionsOf(db: Kysely<DB>, releaseId: number) {
  return db
    .selectFrom('release_decision')
    .innerJoin('modification', 'modification.id', 'release_decision.modification_id')
    .selectAll('release_decision')
    .select(['modification.reference'])
    .where('release_decision.release_id', '=', releaseId)
    .orderBy('release_decision.id')
    .execute();
}

/** D10.7: approved modifications with no live allocation, oldest approval first. */
export async function unallocatedModifications(db: Kysely<DB>) {
  return db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'approved_on', 'version'])
    .where('status', '=', 'approved')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('allocation')
            .select('allocation.id')
            .whereRef('allocation.modification_id', '=', 'modification.id')
            .where('allocation.descoped_at', 'is', null),
        ),
      ),
    )
    .orderBy('approved_on')
    .orderBy('reference')
    .execute();
}

/** Modifications that may be allocated (approved or already allocated in part), by reference. */
export async function allocatableModifications(db: Kysely<DB>) {
  return db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'status'])
    .where('status', 'in', ['approved', 'allocated'])
    .orderBy('reference')
    .execute();
}
