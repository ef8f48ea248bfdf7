import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { exportDatabase } from '../../src/cli/database-export.ts';
import { importDatabase } from '../../src/cli/database-import.ts';
import { readConfig } from '../../src/config.ts';
import { openDatabase, type Database, type Engine } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { DB } from '../../src/db/schema.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import type { DatabasePids } from './cpu.ts';
import { generateHistory, HISTORY_END, TEN_YEARS, type HistoryScale } from './history/generate.ts';
import {
  timeVerify,
  topUpAuditEvents,
  type Progress,
  type TopUpResult,
  type VerifyTiming,
} from './load-history.ts';
import { findTargets, type BenchTargets } from './targets.ts';

/** The shared PostgreSQL server; the bench keeps to databases of its own on it. */
export const BENCH_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DATABASE = 'secrel_bench';
/** The copy at the generated history's own audit trail, for the 10k-versus-1M check. */
export const BENCH_SMALL_DATABASE = 'secrel_bench_small';

const WORK_DIR = path.join(os.tmpdir(), 'secrel-bench');
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The top-up's events are spread over the years before the history's end, not before today. */
const TOP_UP_END = new Date(`${HISTORY_END}T18:00:00Z`);

/** The files whose change makes different data: the generator and the schema. */
function keySources(): string[] {
  const dirs = ['test/bench/history', 'src/db/migrations'].map((dir) => path.join(REPO_ROOT, dir));
  const files = dirs.flatMap((dir) =>
    fs
      .readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => path.join(dir, name)),
  );
  files.push(path.join(REPO_ROOT, 'test/bench/audit-history.ts'));
  files.push(path.join(REPO_ROOT, 'test/bench/load-history.ts'));
  return files.sort();
}

/** The cache key of the generated data: a hash of its sources and the scale asked for. */
export function historyKey(scale: HistoryScale): string {
  const hash = crypto.createHash('sha256');
  for (const file of keySources()) {
    hash.update(path.relative(REPO_ROOT, file));
    hash.update(fs.readFileSync(file));
  }
  hash.update(JSON.stringify(scale));
  return hash.digest('hex').slice(0, 12);
}

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

function urlOf(database: string): string {
  const url = new URL(BENCH_ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function databaseExists(name: string): Promise<boolean> {
  return (await adminQuery('select 1 from pg_database where datname = $1', [name])).rowCount !== 0;
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

async function withDatabase<T>(
  location: { databaseUrl: string } | { dataDir: string },
  work: (database: Database) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(
    'databaseUrl' in location ? { ...location, poolSize: 4 } : location,
  );
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

async function vacuum(db: Kysely<DB>): Promise<number> {
  const began = performance.now();
  await sql`vacuum (analyze)`.execute(db);
  return performance.now() - began;
}

/** Statistics of a cache build, reported with the run. */
export interface BuildFacts {
  /** Whether the generated history was made in this run (false: taken from the cache). */
  generated: boolean;
  generateSeconds: number;
  topUp: TopUpResult | undefined;
  vacuumSeconds: number;
}

/**
 * Builds a cached database under a temporary name and renames it when complete, so an
 * interrupted build is never taken for a finished one.
 */
async function buildTemplate(
  name: string,
  from: string | undefined,
  fill: (url: string) => Promise<void>,
) {
  const partial = `${name}_partial`;
  await adminQuery(`drop database if exists ${partial} with (force)`);
  await adminQuery(
    from === undefined
      ? `create database ${partial}`
      : `create database ${partial} template ${from}`,
  );
  await fill(urlOf(partial));
  await adminQuery(`alter database ${partial} rename to ${name}`);
}

/**
 * The generated history on PostgreSQL, cached as template databases keyed on {@link historyKey}:
 * `…_h_<key>` holds the history alone, `…_h_<key>_<events>` the history topped up to `events`
 * audit events. Each run copies them (CREATE DATABASE … TEMPLATE) into `secrel_bench` and
 * `secrel_bench_small`, so a run's writes never reach the cache.
 */
export async function preparePostgres(
  scale: HistoryScale,
  events: number,
  fresh: boolean,
  progress: Progress,
): Promise<{ full: string; small: string; facts: BuildFacts }> {
  const key = historyKey(scale);
  const base = `secrel_bench_h_${key}`;
  const full = `${base}_${events}`;
  if (fresh) {
    for (const name of [full, base])
      await adminQuery(`drop database if exists ${name} with (force)`);
  }
  const facts: BuildFacts = {
    generated: false,
    generateSeconds: 0,
    topUp: undefined,
    vacuumSeconds: 0,
  };
  if (!(await databaseExists(base))) {
    progress(`[postgres] generating the history into ${base} (cached for later runs)`);
    await buildTemplate(base, undefined, (url) =>
      withDatabase({ databaseUrl: url }, async (database) => {
        await migrateToLatest(database.db);
        const began = performance.now();
        const ctx = {
          db: database.db,
          engine: database.engine,
          config: readConfig({}),
          now: () => new Date(),
        };
        const made = await generateHistory(ctx, scale, progress);
        facts.generated = true;
        facts.generateSeconds = (performance.now() - began) / 1000;
        progress(
          `[postgres] history: ${JSON.stringify(made)} in ${facts.generateSeconds.toFixed(0)} s`,
        );
        facts.vacuumSeconds += (await vacuum(database.db)) / 1000;
      }),
    );
  }
  if (!(await databaseExists(full))) {
    progress(`[postgres] topping ${full} up to ${events.toLocaleString('en-GB')} audit events`);
    await buildTemplate(full, base, (url) =>
      withDatabase({ databaseUrl: url }, async (database) => {
        facts.topUp = await topUpAuditEvents(database.db, events, progress, TOP_UP_END);
        facts.vacuumSeconds += (await vacuum(database.db)) / 1000;
      }),
    );
  }
  for (const [copy, template] of [
    [BENCH_DATABASE, full],
    [BENCH_SMALL_DATABASE, base],
  ] as const) {
    await adminQuery(`drop database if exists ${copy} with (force)`);
    await adminQuery(`create database ${copy} template ${template}`);
  }
  return { full: urlOf(BENCH_DATABASE), small: urlOf(BENCH_SMALL_DATABASE), facts };
}

/**
 * The same data on PGlite: the PostgreSQL history exported (`secrel export`'s code) and
 * imported into a fresh embedded directory (`secrel import`'s code, which verifies the chain),
 * then topped up with the same deterministic events. Cached as directories keyed like the
 * templates; each run copies them.
 */
export async function preparePGlite(
  scale: HistoryScale,
  events: number,
  fresh: boolean,
  progress: Progress,
): Promise<{ full: string; small: string; facts: BuildFacts }> {
  const key = historyKey(scale);
  const baseDir = path.join(WORK_DIR, `pglite-h-${key}`);
  const fullDir = path.join(WORK_DIR, `pglite-h-${key}-${events}`);
  if (fresh) for (const dir of [fullDir, baseDir]) fs.rmSync(dir, { recursive: true, force: true });
  const facts: BuildFacts = {
    generated: false,
    generateSeconds: 0,
    topUp: undefined,
    vacuumSeconds: 0,
  };
  const build = async (dir: string, fill: (partial: string) => Promise<void>) => {
    const partial = `${dir}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    await fill(partial);
    fs.renameSync(partial, dir);
  };
  if (!fs.existsSync(baseDir)) {
    const { facts: pgFacts } = await preparePostgres(scale, events, false, progress);
    Object.assign(facts, {
      generated: pgFacts.generated,
      generateSeconds: pgFacts.generateSeconds,
    });
    const file = path.join(WORK_DIR, `history-${key}.jsonl`);
    progress(`[pglite] exporting the history from PostgreSQL and importing it into ${baseDir}`);
    await withDatabase({ databaseUrl: urlOf(`secrel_bench_h_${key}`) }, (database) =>
      exportDatabase(database, file),
    );
    await build(baseDir, (partial) =>
      withDatabase({ dataDir: partial }, async (database) => {
        await migrateToLatest(database.db);
        await importDatabase(database, file);
        facts.vacuumSeconds += (await vacuum(database.db)) / 1000;
      }),
    );
    fs.rmSync(file, { force: true });
  }
  if (!fs.existsSync(fullDir)) {
    progress(`[pglite] topping ${fullDir} up to ${events.toLocaleString('en-GB')} audit events`);
    await build(fullDir, async (partial) => {
      fs.cpSync(baseDir, partial, { recursive: true });
      await withDatabase({ dataDir: partial }, async (database) => {
        facts.topUp = await topUpAuditEvents(database.db, events, progress, TOP_UP_END);
        facts.vacuumSeconds += (await vacuum(database.db)) / 1000;
      });
    });
  }
  const copies = {
    full: path.join(WORK_DIR, 'pglite'),
    small: path.join(WORK_DIR, 'pglite-small'),
  };
  fs.rmSync(copies.full, { recursive: true, force: true });
  fs.rmSync(copies.small, { recursive: true, force: true });
  fs.cpSync(fullDir, copies.full, { recursive: true });
  fs.cpSync(baseDir, copies.small, { recursive: true });
  return { ...copies, facts };
}

/** A demo account the bench signs in with. */
export interface BenchAccount {
  email: string;
  password: string;
}

/** What the bench needs to know of a prepared database before serving it. */
export interface Inspected {
  events: number;
  chair: BenchAccount;
  admin: BenchAccount;
  targets: BenchTargets;
  verify: VerifyTiming | undefined;
}

/** The first user with `role` who has a password. */
async function findSignIn(db: Kysely<DB>, role: 'panel_chair' | 'code_administrator') {
  const row = await db
    .selectFrom('app_user')
    .innerJoin('user_role', 'user_role.user_id', 'app_user.id')
    .select(['app_user.id', 'app_user.email'])
    .where('user_role.role', '=', role)
    .where('app_user.password_hash', 'is not', null)
    .orderBy('app_user.id')
    .executeTakeFirst();
  if (!row) throw new Error(`no ${role} with a password: the history is missing`);
  return { email: row.email, password: DEMO_PASSWORD };
}

/**
 * Opens a prepared copy (closing it again before a server opens it: PGlite is single-process),
 * verifies the whole chain once when asked, and finds the sign-ins and the scenarios' records.
 */
export async function inspectDatabase(
  engine: Engine,
  location: string,
  verifyChain: boolean,
  progress: Progress,
): Promise<Inspected> {
  return withDatabase(
    engine === 'postgres' ? { databaseUrl: location } : { dataDir: location },
    async (database) => {
      let verify: VerifyTiming | undefined;
      if (verifyChain) {
        progress(`  verifying the audit chain (${engine})`);
        verify = await timeVerify(database.db, progress);
      }
      const head = await database.db
        .selectFrom('audit_head')
        .select('seq')
        .executeTakeFirstOrThrow();
      return {
        events: head.seq,
        chair: await findSignIn(database.db, 'panel_chair'),
        admin: await findSignIn(database.db, 'code_administrator'),
        targets: await findTargets(database.db),
        verify,
      };
    },
  );
}

/** `--database-url` or `--data-dir` for a server on `location`. */
export function serverArgsFor(engine: Engine, location: string): string[] {
  return engine === 'postgres' ? ['--database-url', location] : ['--data-dir', location];
}

export { TEN_YEARS };
