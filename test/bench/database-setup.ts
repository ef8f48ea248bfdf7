import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppContext } from '../../src/app-context.ts';
import { readConfig } from '../../src/config.ts';
import { openDatabase, type Engine } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { DEMO_PASSWORD, loadDemoData } from '../../src/demo/demo-data.ts';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.ts';
import type { DatabasePids } from './cpu.ts';
import {
  timeVerify,
  topUpAuditEvents,
  type Progress,
  type TopUpResult,
  type VerifyTiming,
} from './load-history.ts';

/** The shared PostgreSQL server; the bench keeps to a database of its own on it. */
export const BENCH_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DATABASE = 'secrel_bench';

/** Where the embedded database lives between runs (outside the repository). */
export const BENCH_PGLITE_DIR = path.join(os.tmpdir(), 'secrel-bench', 'pglite');

async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({
    connectionString: BENCH_ADMIN_URL,
    connectionTimeoutMillis: 5000,
  });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** Lists the PostgreSQL backends serving the bench database, for the CPU breakdown. */
export async function watchBenchBackends(): Promise<{
  pids: DatabasePids;
  close: () => Promise<void>;
}> {
  const client = new pg.Client({ connectionString: BENCH_ADMIN_URL });
  await client.connect();
  return {
    pids: async () => {
      const result = await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1',
        [BENCH_DATABASE],
      );
      return result.rows.map((row) => row.pid);
    },
    close: () => client.end(),
  };
}

/** Creates `secrel_bench` if it is missing (dropping it first with `fresh`); returns its URL. */
export async function ensurePostgresDatabase(fresh: boolean): Promise<string> {
  if (fresh) await adminQuery(`drop database if exists ${BENCH_DATABASE} with (force)`);
  const found = await adminQuery('select 1 from pg_database where datname = $1', [BENCH_DATABASE]);
  if (found.rowCount === 0) await adminQuery(`create database ${BENCH_DATABASE}`);
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${BENCH_DATABASE}`;
  return url.toString();
}

/** The embedded data directory, emptied first with `fresh`. */
export function ensurePGliteDir(fresh: boolean): string {
  if (fresh) fs.rmSync(BENCH_PGLITE_DIR, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(BENCH_PGLITE_DIR), { recursive: true });
  return BENCH_PGLITE_DIR;
}

/** A demo account the bench signs in with. */
export interface BenchAccount {
  email: string;
  password: string;
}

export interface PreparedDatabase {
  engine: Engine;
  /** `--database-url` or `--data-dir` for the server. */
  serverArgs: string[];
  demoLoaded: boolean;
  topUp: TopUpResult;
  /** `VACUUM (ANALYZE)` after loading, as autovacuum would have done in a running system. */
  vacuumMs: number;
  /** Absent when verification was skipped (`--no-verify`). */
  verify: VerifyTiming | undefined;
  /** Events in the chain once loaded. */
  events: number;
  chair: BenchAccount;
  admin: BenchAccount;
}

/** The first demo user with `role` who has a password. */
async function findSignIn(db: Kysely<DB>, role: 'panel_chair' | 'code_administrator') {
  const row = await db
    .selectFrom('app_user')
    .innerJoin('user_role', 'user_role.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.email'])
    .where('user_role.role', '=', role)
    .where('app_user.password_hash', 'is not', null)
    .orderBy('app_user.id')
    .executeTakeFirst();
  if (!row) throw new Error(`no ${role} with a password: the demo data is missing`);
  return row;
}

/**
 * Migrates the database, loads the demo (when it has no users yet), tops the audit trail up
 * to `targetEvents`, runs `VACUUM (ANALYZE)`, verifies the whole chain once, and finds the
 * demo sign-ins. The database is closed again before the server opens it (PGlite is
 * single-process).
 */
export async function prepareDatabase(
  engine: Engine,
  location: string,
  targetEvents: number,
  progress: Progress,
  verifyChain = true,
): Promise<PreparedDatabase> {
  const database = await openDatabase(
    engine === 'postgres' ? { databaseUrl: location, poolSize: 4 } : { dataDir: location },
  );
  try {
    const config = readConfig({ DATA_DIR: location, WORKER_POLL_MS: '5000' });
    const ctx: AppContext = {
      db: database.db,
      engine,
      config,
      now: () => new Date(),
    };
    await migrateToLatest(database.db);
    const users = await database.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<string | number>().as('count'))
      .executeTakeFirstOrThrow();
    const demoLoaded = Number(users.count) === 0;
    if (demoLoaded) {
      progress('  loading demo data');
      await loadDemoData(ctx);
    }
    const topUp = await topUpAuditEvents(database.db, targetEvents, progress);
    progress('  vacuum analyze');
    const vacuumBegan = performance.now();
    await sql`vacuum (analyze)`.execute(database.db);
    const vacuumMs = performance.now() - vacuumBegan;
    let verify: VerifyTiming | undefined;
    if (verifyChain) {
      progress(`  verifying the audit chain (${engine})`);
      verify = await timeVerify(database.db, progress);
    }
    const head = await database.db.selectFrom('audit_head').select('seq').executeTakeFirstOrThrow();
    const chair = await findSignIn(database.db, 'panel_chair');
    const admin = await findSignIn(database.db, 'code_administrator');
    return {
      engine,
      serverArgs: engine === 'postgres' ? ['--database-url', location] : ['--data-dir', location],
      demoLoaded,
      topUp,
      vacuumMs,
      verify,
      events: head.seq,
      chair: { email: chair.email, password: DEMO_PASSWORD },
      admin: { email: admin.email, password: DEMO_PASSWORD },
    };
  } finally {
    await database.close();
  }
}
