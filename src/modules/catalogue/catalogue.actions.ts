import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import {
  checkDocument,
  checkDocumentId,
  flagsOf,
  normaliseClasses,
  type DocumentInput,
  type DocumentKind,
} from './catalogue.ts';
import { canManageCatalogue } from './catalogue.access.ts';
import { toCatalogueEntry, type CatalogueEntry } from './catalogue.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';

export interface NewDocument {
  id: string;
  kind: string;
  code: string;
  title: string;
  classes: readonly string[];
}

export interface DocumentUpdate {
  kind: string;
  code: string;
  title: string;
  classes: readonly string[];
  retired: boolean;
  /** The version the editor read: a stale one is refused. */
  version: number;
}

/** Checks an entry and returns the columns to store, or throws `validation_failed` naming the field. */
function columnsOf(input: DocumentInput) {
  const problem = checkDocument(input);
  if (problem) throw invalid(problem.field, problem.message);
  return {
    kind: input.kind as DocumentKind,
    code: input.code.trim(),
    title: input.title.trim(),
    ...flagsOf(normaliseClasses(input.classes)),
    retired: input.retired,
  };
}

/** What the audit trail records of an entry. */
function auditView(entry: CatalogueEntry) {
  const { id, kind, code, title, classes, retired, version } = entry;
  return { id, kind, code, title, classes, retired, version };
}

/** Adds an entry to the catalogue (Code Administrator); audited `catalogue.document_created`. */
export async function createDocument(
  ctx: AppContext,
  principal: Principal | null,
  input: NewDocument,
  actor: Actor = actorOf(
    requireActor(
      principal,
      canManageCatalogue,
      'Only the Code Administrator maintains the catalogue',
    ),
  ),
): Promise<CatalogueEntry> {
  const id = input.id.trim();
  const idProblem = checkDocumentId(id);
  if (idProblem) throw invalid(idProblem.field, idProblem.message);
  const columns = columnsOf({ ...input, retired: false });
  return inTransaction(ctx, actor, async (unit) => {
    const clash = await unit.trx
      .selectFrom('sec_document')
      .select('id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (clash)
      throw new AppError('already_exists', `The catalogue already has an entry with id ${id}`, {
        field: 'id',
      });
    const row = await unit.trx
      .insertInto('sec_document')
      .values({ id, ...columns, created_at: unit.now, updated_at: unit.now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const entry = toCatalogueEntry(row);
    await unit.audit({
      action: 'catalogue.document_created',
      subjectType: 'sec_document',
      subjectId: id,
      after: auditView(entry),
    });
    return entry;
  });
}

/**
 * Corrects, reclassifies or retires an entry (Code Administrator). The editor's version must be
 * the current one (`stale_version` otherwise); audited `catalogue.document_updated` with before
 * and after.
 */
export async function updateDocument(
  ctx: AppContext,
  principal: Principal | null,
  id: string,
  input: DocumentUpdate,
  actor: Actor = actorOf(
    requireActor(
      principal,
      canManageCatalogue,
      'Only the Code Administrator maintains the catalogue',
    ),
  ),
): Promise<CatalogueEntry> {
  const columns = columnsOf(input);
  return inTransaction(ctx, actor, async (unit) => {
    const current = await unit.trx
      .selectFrom('sec_document')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw new AppError('not_found', `The catalogue has no entry ${id}`);
    if (current.version !== input.version) {
      throw new AppError(
        'stale_version',
        `${current.title} has changed since you opened it: reload and try again`,
        {
          field: 'version',
        },
      );
    }
    const row = await unit.trx
      .updateTable('sec_document')
      .set((eb) => ({ ...columns, version: eb('version', '+', 1), updated_at: unit.now }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const before = toCatalogueEntry(current);
    const after = toCatalogueEntry(row);
    await unit.audit({
      action: 'catalogue.document_updated',
      subjectType: 'sec_document',
      subjectId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}
