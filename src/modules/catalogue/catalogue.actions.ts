import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import {
  checkDocument,
  checkDocumentId,
  normaliseClasses,
  type DocumentInput,
  type DocumentKind,
} from './catalogue.ts';
import { canManageCatalogue } from './catalogue.access.ts';
import {
  documentExists,
  insertDocument,
  lockDocument,
  saveDocument,
  type CatalogueEntry,
  type DocumentFields,
} from './catalogue.store.ts';
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

/** Checks an entry and returns the fields to store, or throws `validation_failed` naming the field. */
function fieldsOf(input: DocumentInput): DocumentFields {
  const problem = checkDocument(input);
  if (problem) throw invalid(problem.field, problem.message);
  return {
    kind: input.kind as DocumentKind,
    code: input.code.trim(),
    title: input.title.trim(),
    classes: normaliseClasses(input.classes),
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
  const fields = fieldsOf({ ...input, retired: false });
  return inTransaction(ctx, actor, async (unit) => {
    if (await documentExists(unit.trx, id))
      throw new AppError('already_exists', `The catalogue already has an entry with id ${id}`, {
        field: 'id',
      });
    const entry = await insertDocument(unit.trx, id, fields, unit.now);
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
  const fields = fieldsOf(input);
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockDocument(unit.trx, id);
    if (!before) throw new AppError('not_found', `The catalogue has no entry ${id}`);
    if (before.version !== input.version) {
      throw new AppError(
        'stale_version',
        `${before.title} has changed since you opened it: reload and try again`,
        {
          field: 'version',
        },
      );
    }
    const after = await saveDocument(unit.trx, id, fields, unit.now);
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
