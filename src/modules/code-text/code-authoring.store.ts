/** The SQL of authoring a modification's legal text: its refinement record and its dependencies. */
import type { Db } from '../../app-context.ts';
import type { ListedDocument } from './code-coverage.ts';

export interface AuthoringSubject {
  id: number;
  reference: string;
  title: string;
  dccTestingRequired: boolean | null;
  testingSolution: string | null;
}

export async function authoringSubject(db: Db, id: number): Promise<AuthoringSubject | undefined> {
  const row = await db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'dcc_testing_required', 'testing_solution'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        reference: row.reference,
        title: row.title,
        dccTestingRequired: row.dcc_testing_required,
        testingSolution: row.testing_solution,
      }
    : undefined;
}

/**
 * The modification whose legal text is being set, with its status, its row locked for the
 * transaction: a lifecycle step or a change of its documents waits until the legal text is stored.
 */
export async function lockLegalTextSubject(
  db: Db,
  id: number,
): Promise<(AuthoringSubject & { status: string }) | undefined> {
  const row = await db
    .selectFrom('modification')
    .select(['id', 'reference', 'title', 'status', 'dcc_testing_required', 'testing_solution'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        reference: row.reference,
        title: row.title,
        status: row.status,
        dccTestingRequired: row.dcc_testing_required,
        testingSolution: row.testing_solution,
      }
    : undefined;
}

/** The catalogue entries the modification says it changes. */
export async function listedDocuments(db: Db, modificationId: number): Promise<ListedDocument[]> {
  return db
    .selectFrom('modification_document as link')
    .innerJoin('sec_document as document', 'document.id', 'link.document_id')
    .select(['document.kind', 'document.code'])
    .where('link.modification_id', '=', modificationId)
    .execute();
}

export interface DependencyRow {
  id: number;
  reference: string;
  title: string;
}

/** The modifications `modificationId` depends on, by reference. */
export async function dependenciesOf(db: Db, modificationId: number): Promise<DependencyRow[]> {
  return db
    .selectFrom('modification_dependency as d')
    .innerJoin('modification as m', 'm.id', 'd.depends_on_id')
    .select(['m.id', 'm.reference', 'm.title'])
    .where('d.modification_id', '=', modificationId)
    .orderBy('m.reference')
    .execute();
}

/** Modifications by reference (case as stored). */
export async function modificationsByReference(
  db: Db,
  references: readonly string[],
): Promise<DependencyRow[]> {
  if (references.length === 0) return [];
  return db
    .selectFrom('modification')
    .select(['id', 'reference', 'title'])
    .where((eb) =>
      eb(
        eb.fn('upper', ['reference']),
        'in',
        references.map((r) => r.toUpperCase()),
      ),
    )
    .execute();
}

/** Every dependency edge, to refuse a cycle. */
export async function allDependencies(
  db: Db,
): Promise<Array<{ modification_id: number; depends_on_id: number }>> {
  return db
    .selectFrom('modification_dependency')
    .select(['modification_id', 'depends_on_id'])
    .execute();
}

export async function replaceDependencies(
  db: Db,
  modificationId: number,
  dependsOnIds: readonly number[],
): Promise<void> {
  await db
    .deleteFrom('modification_dependency')
    .where('modification_id', '=', modificationId)
    .execute();
  if (dependsOnIds.length === 0) return;
  await db
    .insertInto('modification_dependency')
    .values(
      dependsOnIds.map((depends_on_id) => ({ modification_id: modificationId, depends_on_id })),
    )
    .execute();
}
