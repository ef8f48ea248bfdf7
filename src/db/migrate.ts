import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index.ts';
import { watchTables } from './commit-version.ts';
import { DATA_VERSION } from './data-version.ts';
import { PUBLIC_VERSION } from './public-version.ts';
import type { DB } from './schema.ts';

export class MigrationError extends Error {}

/**
 * Applies every pending migration. Kysely's migrator takes an advisory lock, so several app
 * servers starting together apply each migration once. Then every table gets the render caches'
 * version triggers (src/db/public-version.ts, src/db/data-version.ts) unless it is declared
 * unwatched by them, the new tables of any migration included.
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
  await watchTables(db, PUBLIC_VERSION);
  await watchTables(db, DATA_VERSION);
  return results ?? [];
}
