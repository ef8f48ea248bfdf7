import type { Kysely, Selectable } from 'kysely';
import type { DB, SecDocumentTable } from '../../db/schema.ts';
import { classesOf, compareDocuments, type SecDocument } from './catalogue.ts';

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
