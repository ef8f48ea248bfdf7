import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  /** Where the data lives: a directory for PGlite, the URL without password for PostgreSQL. */
  readonly location: string;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball, which `loadDataDir` starts a copy from. */
  dumpDataDir?(): Promise<Blob>;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;

/**
 * Both engines hand rows back in the same shapes: int8 as a JS number, `date` as its
 * `YYYY-MM-DD` text (never a Date at local midnight), numeric as text, timestamptz as Date.
 */
const parseInt8 = (value: string): number => Number(value);
const keepText = (value: string): string => value;

function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8) return parseInt8;
  if (oid === DATE || oid === NUMERIC) return keepText;
  const builtIn = pg.types.getTypeParser as (id: number, as: 'text' | 'binary') => unknown;
  return builtIn(oid, format ?? 'text') as (value: string) => unknown;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string | undefined;
  /** A PGlite data directory tarball (from `dumpDataDir`) to start from instead of running initdb. */
  loadDataDir?: Blob | undefined;
  poolSize?: number;
  /**
   * PostgreSQL only (STATEMENT_TIMEOUT_MS): the server cancels a statement running longer, so a
   * slow or hostile query cannot hold a pool connection (57014 → 503 database_timeout). PGlite
   * runs in this process and cannot interrupt a statement (WebAssembly has no timer signal), so
   * there the setting would only pretend: it is not applied.
   */
  statementTimeoutMs?: number | undefined;
}

/** The only place that chooses the engine: PostgreSQL when a URL is given, PGlite otherwise. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.poolSize ?? 10, options.statementTimeoutMs);
  }
  return openPGlite(options.dataDir, options.loadDataDir);
}

function openPostgres(url: string, max: number, statementTimeoutMs: number | undefined): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
    types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const location = redactUrl(url);
  return { db, engine: 'postgres', location, close: () => db.destroy() };
}

async function openPGlite(
  dataDir: string | undefined,
  loadDataDir: Blob | undefined,
): Promise<Database> {
  const inMemory = dataDir === undefined || dataDir.startsWith('memory://');
  const release = inMemory ? () => undefined : lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(inMemory ? undefined : dataDir, {
      ...(loadDataDir ? { loadDataDir } : {}),
      parsers: { [INT8]: parseInt8, [DATE]: keepText, [NUMERIC]: keepText },
      // The embedded server must stay small (issue 11: 200 MB once started, 300 MB under load):
      // PostgreSQL's shared buffers live inside PGlite's WebAssembly heap, are all touched at
      // start and never given back. 16 MB (not the default 128 MB) holds what the pages and API
      // read often; other pages come from the operating system's file cache.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    });
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      location: inMemory ? 'memory://' : dataDir,
      close: async () => {
        await db.destroy();
        release();
      },
      dumpDataDir: () => pglite.dumpDataDir('none'),
    };
  } catch (error) {
    release();
    throw error;
  }
}

export class DatabaseInUseError extends Error {}

/**
 * PGlite is single-user: two processes on one data directory would corrupt it. A lock file
 * holding the owner's pid refuses a second process; one left by a killed process (its pid gone)
 * is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'secrel.lock');
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) {
      throw new DatabaseInUseError(
        `the embedded database in ${dataDir} is in use by process ${owner}: stop it first, or use PostgreSQL (DATABASE_URL) to run several processes`,
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  return () => {
    try {
      if (Number(fs.readFileSync(lockFile, 'utf8')) === process.pid) fs.rmSync(lockFile);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable url)';
  }
}

/** True when the database answers a trivial query. */
export async function isReachable(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
