import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import { containsPattern } from '../modification/modification-register.ts';
import type { AllocationTable, DB } from '../../db/schema.ts';
import type { ContentKey, PendingChange } from './allocation-scope.ts';
import { WHOLE } from './allocation.ts';

/** A part as the approved RID's content lists it. */
type ContentItem = ContentKey & { reference: string };

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
  /** Ruling 15: a change made after the RID was approved, waiting for an amendment; null in force. */
  pendingChange: PendingChange | null;
  /** Ruling 15: the approved RID version that applied the pending change, if one did. */
  appliedByRidVersionId: number | null;
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
    pendingChange: row.pending_change,
    appliedByRidVersionId: row.applied_by_rid_version_id,
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

/**
 * Issue 13: how many modifications each of `releaseIds` holds (at least one part allocated and not
 * de-scoped), by release id; a release with none is absent.
 */
export async function modificationCountsOf(
  db: Kysely<DB>,
  releaseIds: readonly number[],
): Promise<Map<number, number>> {
  if (releaseIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('allocation')
    .select((eb) => [
      'release_id',
      eb.fn.count<string | number>('modification_id').distinct().as('n'),
    ])
    .where('release_id', 'in', releaseIds)
    .where('descoped_at', 'is', null)
    .groupBy('release_id')
    .execute();
  return new Map(rows.map((row) => [row.release_id, Number(row.n)]));
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

/**
 * Modifications that may be allocated (approved or already allocated in part), by reference:
 * those whose reference, title or summary contains `search` (all when it is empty), at most
 * `limit` of them, and the one `include` names (the modification of a form shown again) whatever
 * the search. One query however many there are (issue 12: the release page lists a page of them,
 * never hundreds).
 */
export async function allocatableModifications(
  db: Kysely<DB>,
  options: { search?: string; limit: number; include?: number | undefined },
): Promise<{ id: number; reference: string; title: string; status: string }[]> {
  const search = options.search?.trim().toLowerCase() ?? '';
  return db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'status'])
    .where('status', 'in', ['approved', 'allocated'])
    .where((eb) => {
      const matches =
        search === '' ? eb.lit(true) : eb('search_text', 'like', containsPattern(search));
      return options.include === undefined
        ? matches
        : eb.or([matches, eb('id', '=', options.include)]);
    })
    .orderBy(sql`id = ${options.include ?? 0}`, 'desc')
    .orderBy('reference')
    .limit(options.limit)
    .execute();
}

/**
 * D10.7: the live allocation of the modification that allocating `part` would clash with (the
 * same part, or a whole modification against any of its parts), with its release: at most one
 * row, however many parts the modification has (issue 12: read under the release's lock).
 */
export async function clashingPartOf(
  db: Kysely<DB>,
  modificationId: number,
  part: string,
): Promise<{ part: string; releaseName: string }[]> {
  return db
    .selectFrom('allocation')
    .innerJoin('release', 'release.id', 'allocation.release_id')
    .select(['allocation.part', 'release.name as releaseName'])
    .where('allocation.modification_id', '=', modificationId)
    .where('allocation.descoped_at', 'is', null)
    .$if(part !== WHOLE, (query) =>
      query.where((eb) =>
        eb.or([eb('allocation.part', '=', part), eb('allocation.part', '=', WHOLE)]),
      ),
    )
    .orderBy('allocation.id')
    .limit(1)
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
  'id' | 'descoped_at' | 'descope_decision_id' | 'implemented_at' | 'applied_by_rid_version_id'
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
 * D10.8(e), ruling 15: marks the release's parts in force not yet implemented as implemented (a
 * pending removal is still in the approved RID, so it goes live and is no longer pending; a
 * pending addition is not in it and stays as it is); returns the ids of their modifications,
 * ascending and each once.
 */
export async function saveLivePartsImplemented(
  trx: Transaction<DB>,
  releaseId: number,
  at: Date,
): Promise<number[]> {
  const parts = await trx
    .updateTable('allocation')
    .set({ implemented_at: at, pending_change: null })
    .where('release_id', '=', releaseId)
    .where('descoped_at', 'is', null)
    .where('implemented_at', 'is', null)
    .where((eb) =>
      eb.or([eb('pending_change', 'is', null), eb('pending_change', '<>', 'addition')]),
    )
    .returning(['modification_id'])
    .execute();
  return [...new Set(parts.map((p) => p.modification_id))].sort((a, b) => a - b);
}

/**
 * Ruling 15, D10.15: what an allocation change of a release depends on, read from the RID's
 * tables (the RID module comes after this one and records its approvals and the Panel's
 * overrides there): the number of the approved version in force, and whether a Panel override of
 * the freeze can still be carried by an amendment (unused by any version, or taken by a draft).
 * One read (issue 12: it is made under the release's lock).
 */
export async function ridStandingOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<{ approvedRidNumber: number | null; overrideOpen: boolean }> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('rid_version')
        .select('number')
        .where('release_id', '=', releaseId)
        .where('status', '=', 'approved')
        .orderBy('number', 'desc')
        .limit(1)
        .as('approvedRidNumber'),
      eb
        .exists(
          eb
            .selectFrom('rid_freeze_override as o')
            .leftJoin('rid_version as v', 'v.freeze_override_id', 'o.id')
            .select('o.id')
            .where('o.release_id', '=', releaseId)
            .where((inner) =>
              inner.or([inner('v.id', 'is', null), inner('v.status', '=', 'draft')]),
            ),
        )
        .as('overrideOpen'),
    ])
    .executeTakeFirstOrThrow();
  return { approvedRidNumber: row.approvedRidNumber, overrideOpen: Boolean(row.overrideOpen) };
}

/**
 * Ruling 15, D10.13(a): the approved RID version in force and the parts its content lists (the
 * snapshot frozen into it when it went to the Panel; none for a version recorded without one).
 */
export async function approvedContentOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<{ number: number; content: ContentItem[] } | null> {
  const row = await db
    .selectFrom('rid_version')
    .select(['number', 'content_snapshot'])
    .where('release_id', '=', releaseId)
    .where('status', '=', 'approved')
    .orderBy('number', 'desc')
    .executeTakeFirst();
  if (!row) return null;
  const raw: unknown =
    typeof row.content_snapshot === 'string'
      ? JSON.parse(row.content_snapshot)
      : row.content_snapshot;
  const items = Array.isArray(raw) ? (raw as Partial<ContentItem>[]) : [];
  return {
    number: row.number,
    content: items.map((item) => ({
      modificationId: Number(item.modificationId),
      reference: item.reference ?? '',
      part: item.part ?? '',
    })),
  };
}

/** Ruling 15: a de-scoping after approval waits for a RID amendment; its decision is recorded. */
export async function savePendingRemoval(
  trx: Transaction<DB>,
  id: number,
  decisionId: number,
): Promise<Allocation> {
  const row = await trx
    .updateTable('allocation')
    .set({ pending_change: 'removal', descope_decision_id: decisionId })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAllocation(row);
}

/** Ruling 15: a pending addition is withdrawn (de-scoped) before any RID carried it. */
export async function saveWithdrawnAddition(
  trx: Transaction<DB>,
  id: number,
  at: Date,
  decisionId: number,
): Promise<Allocation> {
  const row = await trx
    .updateTable('allocation')
    .set({ descoped_at: at, descope_decision_id: decisionId, pending_change: null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAllocation(row);
}

/**
 * Ruling 15: the effect of an approved RID version on one allocation: a pending addition it
 * carries is in force, a pending removal it drops is de-scoped (at `at`), a part in force it does
 * not list becomes a pending addition.
 */
export async function saveApprovalEffect(
  trx: Transaction<DB>,
  id: number,
  effect: 'addition_applied' | 'removal_applied' | 'addition_held',
  ridVersionId: number,
  at: Date,
): Promise<Allocation> {
  const changes =
    effect === 'addition_applied'
      ? { pending_change: null, applied_by_rid_version_id: ridVersionId }
      : effect === 'removal_applied'
        ? { pending_change: null, descoped_at: at, applied_by_rid_version_id: ridVersionId }
        : { pending_change: 'addition' as const };
  const row = await trx
    .updateTable('allocation')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAllocation(row);
}

/**
 * Ruling 17: allocations not de-scoped or implemented, in releases not yet live, closed or
 * cancelled, with their release's name and go-live date; of one modification, or of all.
 */
export async function stepPartsOf(db: Kysely<DB>, modificationId?: number) {
  let query = db
    .selectFrom('allocation as a')
    .innerJoin('release as r', 'r.id', 'a.release_id')
    .innerJoin('modification as m', 'm.id', 'a.modification_id')
    .select([
      'a.id as allocationId',
      'a.release_id as releaseId',
      'r.name as releaseName',
      'r.go_live as goLive',
      'a.modification_id as modificationId',
      'm.reference',
      'a.part',
    ])
    .where('a.descoped_at', 'is', null)
    .where('a.implemented_at', 'is', null)
    .where('r.status', 'not in', ['live', 'cancelled']);
  if (modificationId !== undefined) query = query.where('a.modification_id', '=', modificationId);
  return query.orderBy('r.go_live').orderBy('m.reference').orderBy('a.part').execute();
}
