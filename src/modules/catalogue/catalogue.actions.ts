import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import { SYSTEM_ACTOR, type Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import {
  checkDocument,
  checkDocumentId,
  normaliseClasses,
  type DocumentInput,
  type DocumentKind,
} from './catalogue.ts';
import { canManageCatalogue } from './catalogue.access.ts';
import { SEC_CATALOGUE, catalogueToLoad, type ReferenceDocument } from './sec-catalogue.ts';
import {
  catalogueIsEmpty,
  documentExists,
  insertDocument,
  insertDocumentIfAbsent,
  listDocuments,
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
 * What a change of an entry's classes asks of refinement, inside the same transaction. The
 * catalogue comes before refinement and cannot import it, so the caller (the web layer) hands in
 * the refinement module's `classChangeRules` (consultation-reevaluation.actions.ts).
 */
export interface ClassChangeRules {
  /**
   * D6.8(f)–(i): re-evaluates the consultation rules of every open refinement that changes the
   * document, now that its classes went from `before` to `after`.
   */
  classesChanged(unit: UnitOfWork, before: CatalogueEntry, after: CatalogueEntry): Promise<void>;
}

function sameClasses(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

/**
 * Corrects, reclassifies or retires an entry (Code Administrator). The editor's version must be
 * the current one (`stale_version` otherwise); audited `catalogue.document_updated` with before
 * and after. When its classes change, `rules` re-evaluate the open refinements relying on them
 * (D6.8(f)–(i)) in the same transaction.
 */
export async function updateDocument(
  ctx: AppContext,
  principal: Principal | null,
  id: string,
  input: DocumentUpdate,
  rules: ClassChangeRules,
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
    if (!sameClasses(before.classes, after.classes))
      await rules.classesChanged(unit, before, after);
    return after;
  });
}

/** What a load of the SEC catalogue did. */
export interface CatalogueLoad {
  /** The ids of the entries added. */
  added: string[];
  /** Reference entries found already present (by id, or as SECAS's entry `as`), left as they are. */
  present: { id: string; as: string }[];
}

/**
 * A-TCS, D6.8(f)–(i): loads the SEC's documents (sec-catalogue.ts) as reference data: adds the
 * entries the catalogue lacks and leaves every entry already there as it is, so SECAS's edits
 * survive and a second load adds nothing. One transaction; each entry added is audited
 * `catalogue.document_created`, and the load `catalogue.loaded` (nothing is audited when nothing
 * was added). The Code Administrator, or the system (`secrel catalogue load`, the first start,
 * the demo).
 */
export async function loadSecCatalogue(
  ctx: AppContext,
  principal: Principal | null,
  actor: Actor = actorOf(
    requireActor(
      principal,
      canManageCatalogue,
      'Only the Code Administrator maintains the catalogue',
    ),
  ),
  reference: readonly ReferenceDocument[] = SEC_CATALOGUE,
): Promise<CatalogueLoad> {
  const checked = reference.map((entry) => ({
    entry,
    fields: fieldsOf({ ...entry, retired: false }),
  }));
  return inTransaction(ctx, actor, async (unit) => {
    const existing = await listDocuments(unit.trx, { includeRetired: true });
    const plan = catalogueToLoad(reference, existing);
    const added: string[] = [];
    const present = [...plan.present];
    for (const { entry, fields } of checked) {
      if (!plan.add.includes(entry)) continue;
      const created = await insertDocumentIfAbsent(unit.trx, entry.id, fields, unit.now);
      if (!created) {
        present.push({ id: entry.id, as: entry.id });
        continue;
      }
      added.push(created.id);
      await unit.audit({
        action: 'catalogue.document_created',
        subjectType: 'sec_document',
        subjectId: created.id,
        after: auditView(created),
        reason: 'The SEC catalogue loaded as reference data',
      });
    }
    if (added.length > 0) {
      await unit.audit({
        action: 'catalogue.loaded',
        subjectType: 'sec_document',
        subjectId: 'sec-catalogue',
        after: { added, present, entries: reference.length },
      });
    }
    return { added, present };
  });
}

/**
 * A-TCS: the first start of an installation (`secrel serve` on a database whose catalogue has
 * never had an entry, demo or not) loads the SEC catalogue as the system; a later start, or a
 * catalogue SECAS has begun, is left alone (`secrel catalogue load` adds what is missing).
 * Returns the load, or null when there was none.
 */
export async function loadCatalogueOnFirstStart(ctx: AppContext): Promise<CatalogueLoad | null> {
  if (!(await catalogueIsEmpty(ctx.db))) return null;
  return loadSecCatalogue(ctx, null, SYSTEM_ACTOR);
}
