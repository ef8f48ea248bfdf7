import { sql, type Kysely } from 'kysely';
import { migrations } from './migrations/index.ts';
import type { DB } from './schema.ts';

/** PostgreSQL's `undefined_table`: the migration table does not exist yet. */
const UNDEFINED_TABLE = '42P01';

/**
 * The migrations of this version of secrel (src/db/migrations/index.ts) that the database has
 * not applied, in order; every one of them when the database was never migrated. One indexed read
 * of Kysely's migration table, cheap enough for a readiness probe. Throws when the database does
 * not answer.
 */
export async function pendingMigrations(db: Kysely<DB>): Promise<string[]> {
  let applied: Set<string>;
  try {
    const result = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = new Set(result.rows.map((row) => row.name));
  } catch (error) {
    if ((error as { code?: unknown }).code !== UNDEFINED_TABLE) throw error;
    applied = new Set();
  }
  return Object.keys(migrations).filter((name) => !applied.has(name));
}
