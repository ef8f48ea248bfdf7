import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AppContext } from '../../src/app-context.ts';
import { readConfig, type Config } from '../../src/config.ts';
import { openDatabase, type Database, type Engine } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

/** The PostgreSQL server integration tests use; each test file gets a database of its own. */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_DATABASE_URL ??
  process.env.DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

let postgresAvailable: Promise<boolean> | undefined;

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

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

/** A freshly migrated database of the given engine; `close()` drops it. */
export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    return { ...database, url: undefined };
  }
  const name = `secrel_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await migrateToLatest(database.db);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
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
