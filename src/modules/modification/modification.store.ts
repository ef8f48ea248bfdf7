import type { Insertable, Selectable } from 'kysely';
import type { Db, Tx, UnitOfWork } from '../../app-context.ts';
import type { ModificationTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { isStatus, type Path, type Status } from './modification.ts';

export type ModificationRow = Selectable<ModificationTable>;

/** A modification as rules see it: the row with its status and path typed. */
export interface Modification extends Omit<ModificationRow, 'status' | 'path'> {
  status: Status;
  path: Path | null;
}

export function toModification(row: ModificationRow): Modification {
  if (!isStatus(row.status))
    throw new Error(`modification ${row.id} has unknown status ${row.status}`);
  return { ...row, status: row.status, path: row.path };
}

export async function findModification(db: Db, id: number): Promise<Modification | undefined> {
  const row = await db
    .selectFrom('modification')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toModification(row) : undefined;
}

/**
 * Loads a modification inside a use case's transaction and locks its row, so two changes to the
 * same modification queue up. With `expectedVersion`, a caller that read an older version is
 * refused (`stale_version`) instead of overwriting what it never saw.
 */
export async function lockModification(
  trx: Tx,
  id: number,
  expectedVersion?: number,
): Promise<Modification> {
  const row = await trx
    .selectFrom('modification')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such modification');
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new AppError(
      'stale_version',
      `${row.reference} has changed since you opened it: reload and try again`,
      {
        field: 'version',
      },
    );
  }
  return toModification(row);
}

/** Marks the modification changed: bumps its version and updated time. */
export async function touchModification(unit: UnitOfWork, id: number): Promise<number> {
  const row = await unit.trx
    .updateTable('modification')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: unit.now }))
    .where('id', '=', id)
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

/** The columns a step of the lifecycle may set besides the status. */
export type StatusExtra = Partial<
  Pick<
    ModificationRow,
    | 'approved_on'
    | 'approved_by'
    | 'status_before_withdrawal'
    | 'withdrawn_at'
    | 'adoption_deadline'
  >
>;

/** Saves a new status (and the columns that go with it), bumping the version. */
export async function saveStatus(
  unit: UnitOfWork,
  id: number,
  to: Status,
  extra: StatusExtra,
): Promise<void> {
  await unit.trx
    .updateTable('modification')
    .set((eb) => ({ status: to, version: eb('version', '+', 1), updated_at: unit.now, ...extra }))
    .where('id', '=', id)
    .execute();
}

/** True when another modification (not `exceptId`) already has this reference. */
export async function referenceTaken(
  db: Db,
  reference: string,
  exceptId?: number,
): Promise<boolean> {
  let query = db.selectFrom('modification').select('id').where('reference', '=', reference);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** The modifications of these references (those that exist). */
export async function findByReferences(
  db: Db,
  references: readonly string[],
): Promise<{ id: number; reference: string }[]> {
  if (references.length === 0) return [];
  return db
    .selectFrom('modification')
    .select(['id', 'reference'])
    .where('reference', 'in', references)
    .execute();
}

/** An organisation's id and kind, to check a proposer SECAS chose. */
export async function findOrganisationKind(
  db: Db,
  id: number,
): Promise<{ id: number; kind: string } | undefined> {
  return db
    .selectFrom('organisation')
    .select(['id', 'kind'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The catalogue entries of these ids (those that exist), with whether each is retired. */
export async function findDocuments(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; title: string; retired: boolean }[]> {
  return db
    .selectFrom('sec_document')
    .select(['id', 'title', 'retired'])
    .where('id', 'in', ids)
    .execute();
}

/** Inserts a raised modification; returns its id and first version. */
export async function insertModification(
  trx: Tx,
  values: Insertable<ModificationTable>,
): Promise<{ id: number; version: number }> {
  return trx
    .insertInto('modification')
    .values(values)
    .returning(['id', 'version'])
    .executeTakeFirstOrThrow();
}

/** The ids of the SEC documents a modification changes, in id order. */
export async function documentIdsOf(db: Db, id: number): Promise<string[]> {
  const rows = await db
    .selectFrom('modification_document')
    .select('document_id')
    .where('modification_id', '=', id)
    .orderBy('document_id')
    .execute();
  return rows.map((row) => row.document_id);
}

/** Links SEC documents to a modification. */
export async function addDocuments(
  trx: Tx,
  id: number,
  documentIds: readonly string[],
): Promise<void> {
  if (documentIds.length === 0) return;
  await trx
    .insertInto('modification_document')
    .values(documentIds.map((document_id) => ({ modification_id: id, document_id })))
    .execute();
}

/** Replaces the SEC documents a modification changes. */
export async function replaceDocuments(
  trx: Tx,
  id: number,
  documentIds: readonly string[],
): Promise<void> {
  await trx.deleteFrom('modification_document').where('modification_id', '=', id).execute();
  await addDocuments(trx, id, documentIds);
}

/** Records the modifications `id` depends on. */
export async function addDependencies(
  trx: Tx,
  id: number,
  dependsOnIds: readonly number[],
): Promise<void> {
  if (dependsOnIds.length === 0) return;
  await trx
    .insertInto('modification_dependency')
    .values(dependsOnIds.map((depends_on_id) => ({ modification_id: id, depends_on_id })))
    .execute();
}

/** The implementation date proposed when the modification was raised (its first timetable). */
export async function recordProposedDate(
  unit: UnitOfWork,
  id: number,
  implementationDate: string,
  recordedBy: number,
): Promise<void> {
  await unit.trx
    .insertInto('implementation_timetable')
    .values({
      modification_id: id,
      implementation_date: implementationDate,
      description: 'Implementation date proposed when the modification was raised',
      source: 'proposal',
      recorded_by: recordedBy,
      created_at: unit.now,
    })
    .execute();
}

/** A converted Draft Proposal's new reference and path (and so its search text). */
export async function saveConversion(
  trx: Tx,
  id: number,
  changes: { reference: string; path: Path | null; searchText: string },
): Promise<void> {
  await trx
    .updateTable('modification')
    .set({ reference: changes.reference, path: changes.path, search_text: changes.searchText })
    .where('id', '=', id)
    .execute();
}

/** An adopted modification: back at `status`, the adopter its proposer, the window closed. */
export async function saveAdoption(
  unit: UnitOfWork,
  id: number,
  status: Status,
  proposerOrgId: number | null,
): Promise<void> {
  await unit.trx
    .updateTable('modification')
    .set((eb) => ({
      status,
      proposer_org_id: proposerOrgId,
      status_before_withdrawal: null,
      withdrawn_at: null,
      adoption_deadline: null,
      version: eb('version', '+', 1),
      updated_at: unit.now,
    }))
    .where('id', '=', id)
    .execute();
}

/** Withdrawn modifications whose adoption window is still open, not proposed by `exceptOrgId`. */
export async function listAdoptable(
  db: Db,
  now: Date,
  exceptOrgId: number | null,
  limit: number,
): Promise<{ id: number; reference: string; title: string; adoptionDeadline: Date | null }[]> {
  let query = db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'adoption_deadline as adoptionDeadline'])
    .where('status', '=', 'withdrawn')
    .where('adoption_deadline', '>=', now);
  if (exceptOrgId !== null) {
    query = query.where((eb) =>
      eb.or([eb('proposer_org_id', 'is', null), eb('proposer_org_id', '<>', exceptOrgId)]),
    );
  }
  return query.orderBy('adoption_deadline').limit(limit).execute();
}

/** Draft Proposals awaiting conversion by the Panel, oldest first. */
export async function listDraftProposals(
  db: Db,
  limit: number,
): Promise<{ id: number; reference: string; title: string; raisedOn: string }[]> {
  return db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'raised_on as raisedOn'])
    .where('status', '=', 'draft_proposal')
    .orderBy('raised_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}
