import type { Insertable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { CodeEditorialTable } from '../../db/schema.ts';

export interface EditorialRecord {
  id: number;
  versionId: number;
  baseVersionId: number;
  check: string;
  where: string;
  message: string;
  suggestion: string;
  acceptedAt: Date;
}

/** The editorial amendment that produced a version, if one did. */
export async function editorialOf(db: Db, versionId: number): Promise<EditorialRecord | undefined> {
  const row = await db
    .selectFrom('code_editorial')
    .selectAll()
    .where('version_id', '=', versionId)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        versionId: row.version_id,
        baseVersionId: row.base_version_id,
        check: row.check_id,
        where: row.where_label,
        message: row.message,
        suggestion: row.suggestion,
        acceptedAt: row.accepted_at,
      }
    : undefined;
}

/** Records an accepted editorial amendment; returns its id. */
export async function insertEditorial(
  trx: Tx,
  row: Insertable<CodeEditorialTable>,
): Promise<number> {
  const { id } = await trx
    .insertInto('code_editorial')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
