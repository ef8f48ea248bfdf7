import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { inject } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { readConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Database, type Engine } from '../../src/db/database.ts';
import { migrateForTests } from './cut-over.ts';
import { adminQuery, canReachPostgres, databaseUrl, POSTGRES_ADMIN_URL } from './postgres-admin.ts';
import type { TestDatabaseSnapshots } from './snapshots.ts';

export { POSTGRES_ADMIN_URL } from './postgres-admin.ts';
export { FIXTURE_CUT_OVER, givenCutOver } from './cut-over.ts';

let postgresAvailable: Promise<boolean> | undefined;

/**
 * The engines the integration suite runs on: PGlite always, PostgreSQL when it answers. With
 * CI=true a missing PostgreSQL is an error, never a silent skip.
 */
export async function testEngines(): Promise<Engine[]> {
  postgresAvailable ??= canReachPostgres();
  if (await postgresAvailable) return ['pglite', 'postgres'];
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but PostgreSQL does not answer at ${POSTGRES_ADMIN_URL}`);
  }
  return ['pglite'];
}

/** Top-level-await friendly list for `describe.each`. */
export const ENGINES: Engine[] = await testEngines();

export interface TestDatabase extends Database {
  /** The URL of the test's own PostgreSQL database (undefined on PGlite). */
  url: string | undefined;
}

/**
 * The migrated databases test/support/global-setup.ts made for this run; undefined when the run
 * has no global set-up, and then each test file migrates its own.
 */
export function testSnapshots(): TestDatabaseSnapshots | undefined {
  return inject('secrelSnapshots');
}

let migratedTarball: Blob | undefined;

/** A freshly migrated database of the given engine; `close()` drops it. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  const snapshots = testSnapshots();
  if (engine === 'pglite') {
    if (snapshots) {
      migratedTarball ??= new Blob([fs.readFileSync(snapshots.pgliteTarball)]);
      return openPGliteCopy(migratedTarball);
    }
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateForTests(database.db);
    return { ...database, url: undefined };
  }
  if (snapshots?.postgresTemplate) return createPostgresCopy(snapshots.postgresTemplate);
  const database = await createPostgresCopy(undefined);
  await migrateForTests(database.db);
  return database;
}

/** An in-memory PGlite started from a `dumpDataDir` tarball. */
export async function openPGliteCopy(tarball: Blob): Promise<TestDatabase> {
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: tarball });
  // Kysely starts its driver on the first query, and destroying a database never queried does
  // nothing: without this query, `close()` on an unused copy would leave PGlite open.
  await sql`select 1`.execute(database.db);
  return { ...database, url: undefined };
}

/** A new PostgreSQL database, a copy of `template` (or empty); `close()` drops it. */
export async function createPostgresCopy(template: string | undefined): Promise<TestDatabase> {
  const name = `secrel_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}${template ? ` template ${template}` : ''}`);
  const url = databaseUrl(name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 5 });
  return {
    ...database,
    url,
    close: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A controllable clock: starts at `start` and moves only when told. */
export class TestClock {
  private current: Date;
  constructor(start = '2026-11-27T10:00:00Z') {
    this.current = new Date(start);
  }
  now = (): Date => new Date(this.current.getTime());
  set(instant: string): void {
    this.current = new Date(instant);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...readConfig({ PORT: '0', DATA_DIR: 'memory://' }), workerPollMs: 50, ...overrides };
}

export function testContext(
  database: Database,
  clock = new TestClock(),
  config = testConfig(),
): AppContext {
  return { db: database.db, engine: database.engine, config, now: clock.now };
}
