import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { AllocationTable, DB } from '../../db/schema.ts';

/** D10.7, D10.8(a): a part of a modification allocated to a release. */
export interface Allocation {
  id: number;
  releaseId: number;
  modificationId: number;
  /** 'whole', or a part such as documents or functionality. */
  part: string;
  description: string;
  dccImpacting: boolean;
  /** The Panel's late-addition decision it relies on, after a passed scope baseline. */
  exceptionDecisionId: number | null;
  allocatedBy: number | null;
  allocatedAt: Date;
  descopedAt: Date | null;
  descopeDecisionId: number | null;
  implementedAt: Date | null;
}

/** An allocation with the reference, title and status of its modification. */
export interface AllocationView extends Allocation {
  reference: string;
  title: string;
  modificationStatus: string;
}

function toAllocation(row: Selectable<AllocationTable>): Allocation {
  return {
    id: row.id,
    releaseId: row.release_id,
    modificationId: row.modification_id,
    part: row.part,
    description: row.description,
    dccImpacting: row.dcc_impacting,
    exceptionDecisionId: row.exception_decision_id,
    allocatedBy: row.allocated_by,
    allocatedAt: row.allocated_at,
    descopedAt: row.descoped_at,
    descopeDecisionId: row.descope_decision_id,
    implementedAt: row.implemented_at,
  };
}

/** D10.7: an approved modification not yet allocated to any release. */
export interface UnallocatedModification {
  id: number;
  reference: string;
  title: string;
  approvedOn: string | null;
  version: number;
}

/** Every allocation of a release, live ones first, with its modification. */
export async function allocationsOf(db: Kysely<DB>, releaseId: number): Promise<AllocationView[]> {
  const rows = await db
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
  return rows.map((row) => ({
    ...toAllocation(row),
    reference: row.reference,
    title: row.title,
    modificationStatus: row.modification_status,
  }));
}

/** D10.7: approved modifications with no live allocation, oldest approval first. */
export async function unallocatedModifications(db: Kysely<DB>): Promise<UnallocatedModification[]> {
  return db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'approved_on as approvedOn', 'version'])
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

/** The live (not de-scoped) parts of a modification, each with the name of its release. */
export async function livePartsOf(
  db: Kysely<DB>,
  modificationId: number,
): Promise<{ part: string; releaseName: string }[]> {
  return db
    .selectFrom('allocation')
    .innerJoin('release', 'release.id', 'allocation.release_id')
    .select(['allocation.part', 'release.name as releaseName'])
    .where('allocation.modification_id', '=', modificationId)
    .where('allocation.descoped_at', 'is', null)
    .execute();
}

/** True when some part of the modification is still allocated (not de-scoped). */
export async function hasLivePart(db: Kysely<DB>, modificationId: number): Promise<boolean> {
  const row = await db
    .selectFrom('allocation')
    .select('id')
    .where('modification_id', '=', modificationId)
    .where('descoped_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether each live part of a modification is implemented. */
export async function implementedFlagsOf(
  db: Kysely<DB>,
  modificationId: number,
): Promise<{ implemented: boolean }[]> {
  const rows = await db
    .selectFrom('allocation')
    .select('implemented_at')
    .where('modification_id', '=', modificationId)
    .where('descoped_at', 'is', null)
    .execute();
  return rows.map((row) => ({ implemented: row.implemented_at !== null }));
}

/** The release and modification of an allocation, to lock them in order before the allocation. */
export async function allocationPlace(
  db: Kysely<DB>,
  id: number,
): Promise<{ releaseId: number; modificationId: number } | undefined> {
  return db
    .selectFrom('allocation')
    .select(['release_id as releaseId', 'modification_id as modificationId'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function lockAllocation(trx: Transaction<DB>, id: number): Promise<Allocation> {
  const row = await trx
    .selectFrom('allocation')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return toAllocation(row);
}

export type NewAllocationRow = Omit<
  Insertable<AllocationTable>,
  'id' | 'descoped_at' | 'descope_decision_id' | 'implemented_at'
>;

export async function insertAllocation(
  trx: Transaction<DB>,
  values: NewAllocationRow,
): Promise<Allocation> {
  const row = await trx
    .insertInto('allocation')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAllocation(row);
}

/** D10.8(a): marks a part de-scoped by the Panel's decision. */
export async function saveDescoped(
  trx: Transaction<DB>,
  id: number,
  at: Date,
  decisionId: number,
): Promise<Allocation> {
  const row = await trx
    .updateTable('allocation')
    .set({ descoped_at: at, descope_decision_id: decisionId })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAllocation(row);
}

/**
 * D10.8(e): marks the release's live parts not yet implemented as implemented; returns the ids of
 * their modifications, ascending and each once.
 */
export async function saveLivePartsImplemented(
  trx: Transaction<DB>,
  releaseId: number,
  at: Date,
): Promise<number[]> {
  const parts = await trx
    .updateTable('allocation')
    .set({ implemented_at: at })
    .where('release_id', '=', releaseId)
    .where('descoped_at', 'is', null)
    .where('implemented_at', 'is', null)
    .returning(['modification_id'])
    .execute();
  return [...new Set(parts.map((p) => p.modification_id))].sort((a, b) => a - b);
}
