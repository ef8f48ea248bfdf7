import type { Kysely, Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { DB, SecDocumentTable } from '../../db/schema.ts';
import {
  classesOf,
  compareDocuments,
  flagsOf,
  type DocumentClass,
  type DocumentKind,
  type SecDocument,
} from './catalogue.ts';

export type SecDocumentRow = Selectable<SecDocumentTable>;

/** A catalogue entry with its classes, as rules, routes and pages use it. */
export interface CatalogueEntry extends SecDocument {
  createdAt: Date;
  updatedAt: Date;
}

export function toCatalogueEntry(row: SecDocumentRow): CatalogueEntry {
  return {
    id: row.id,
    kind: row.kind,
    code: row.code,
    title: row.title,
    classes: classesOf(row),
    retired: row.retired,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The catalogue in the order the Code is read (Sections, Schedules, Appendices, other documents). */
export async function listDocuments(
  db: Kysely<DB>,
  options: { includeRetired?: boolean | undefined } = {},
): Promise<CatalogueEntry[]> {
  let query = db.selectFrom('sec_document').selectAll();
  if (!options.includeRetired) query = query.where('retired', '=', false);
  const rows = await query.execute();
  return rows.map(toCatalogueEntry).sort(compareDocuments);
}

export async function findDocument(
  db: Kysely<DB>,
  id: string,
): Promise<CatalogueEntry | undefined> {
  const row = await db
    .selectFrom('sec_document')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toCatalogueEntry(row) : undefined;
}

/** What an editor sets on an entry: checked and normalised by the catalogue's rules. */
export interface DocumentFields {
  kind: DocumentKind;
  code: string;
  title: string;
  classes: readonly DocumentClass[];
  retired: boolean;
}

function columnsOf(fields: DocumentFields) {
  const { classes, ...rest } = fields;
  return { ...rest, ...flagsOf(classes) };
}

/** Whether the catalogue already has an entry with this id. */
export async function documentExists(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('sec_document')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertDocument(
  trx: Tx,
  id: string,
  fields: DocumentFields,
  now: Date,
): Promise<CatalogueEntry> {
  const row = await trx
    .insertInto('sec_document')
    .values({ id, ...columnsOf(fields), created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCatalogueEntry(row);
}

/**
 * Inserts an entry unless one with its id exists (a concurrent load got there first); returns
 * the entry inserted, or undefined.
 */
export async function insertDocumentIfAbsent(
  trx: Tx,
  id: string,
  fields: DocumentFields,
  now: Date,
): Promise<CatalogueEntry | undefined> {
  const row = await trx
    .insertInto('sec_document')
    .values({ id, ...columnsOf(fields), created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toCatalogueEntry(row) : undefined;
}

/** True while the catalogue has no entry at all, retired or not (a fresh installation). */
export async function catalogueIsEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('sec_document').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}

/**
 * An entry locked for the rest of the caller's transaction (`FOR NO KEY UPDATE`: a modification
 * linking to it meanwhile is not blocked, so a reclassification that then locks the
 * modifications changing the entry cannot deadlock with it).
 */
export async function lockDocument(trx: Tx, id: string): Promise<CatalogueEntry | undefined> {
  const row = await trx
    .selectFrom('sec_document')
    .selectAll()
    .where('id', '=', id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  return row ? toCatalogueEntry(row) : undefined;
}

/** Saves an entry's new fields, bumping its version. */
export async function saveDocument(
  trx: Tx,
  id: string,
  fields: DocumentFields,
  now: Date,
): Promise<CatalogueEntry> {
  const row = await trx
    .updateTable('sec_document')
    .set((eb) => ({ ...columnsOf(fields), version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toCatalogueEntry(row);
}
