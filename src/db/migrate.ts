import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index.ts';
import { watchPublicTables } from './public-version.ts';
import type { DB } from './schema.ts';

export class MigrationError extends Error {}

/**
 * Applies every pending migration. Kysely's migrator takes an advisory lock, so several app
 * servers starting together apply each migration once. Then every table not declared private gets
 * the render cache's version trigger (src/db/public-version.ts), the new tables of any migration
 * included.
 */
export async function migrateToLatest(db: Kysely<DB>): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    const detail = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${detail}`);
  }
  await watchPublicTables(db);
  return results ?? [];
}
