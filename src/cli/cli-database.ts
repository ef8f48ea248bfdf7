import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Migrator, sql, type MigrationResult } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { readConfig, type Config, type ConfigInput } from '../config.ts';
import { openDatabase, redactUrl, type Database } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../db/migrations/index.ts';
import { CliError, displayPath, type CliIo } from './cli-io.ts';

/** The database options every command that reads or writes data accepts. */
export interface DatabaseFlags {
  dataDir?: string;
  databaseUrl?: string;
}

/** Adds `--data-dir` and `--database-url` (overriding DATA_DIR and DATABASE_URL) to a command. */
export function withDatabaseOptions(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'embedded (PGlite) data directory (env DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (env DATABASE_URL); overrides --data-dir');
}

/** The configuration for a command: environment variables, then its flags. */
export function cliConfig(io: CliIo, flags: ConfigInput): Config {
  return readConfig(io.env, flags);
}

/** The flags of {@link withDatabaseOptions} under their environment variable names. */
export function databaseSettings(flags: DatabaseFlags): ConfigInput {
  return { DATA_DIR: flags.dataDir, DATABASE_URL: flags.databaseUrl };
}

/** True when an embedded PGlite database has been created in `dataDir`. */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** True when the configuration names a database that exists (a URL, or a PGlite directory). */
export function isDatabaseConfigured(config: Config): boolean {
  return config.databaseUrl !== undefined || hasEmbeddedDatabase(config.dataDir);
}

/** Where the data lives, for messages: `./data` or the URL without its password. */
export function describeLocation(io: CliIo, config: Config): string {
  return config.databaseUrl === undefined
    ? displayPath(io, config.dataDir)
    : redactUrl(config.databaseUrl);
}

export interface OpenCliOptions {
  /** `create`: make and migrate the database if needed; `existing`: refuse if it is missing. */
  mode: 'create' | 'existing';
}

export interface CliDatabase {
  database: Database;
  ctx: AppContext;
  /** Migrations applied by this open (mode `create` only). */
  applied: MigrationResult[];
}

/**
 * Opens the configured database for a command. In `create` mode it is created (PGlite) and
 * migrated; in `existing` mode a missing or out-of-date database is refused with a clear
 * message rather than created empty.
 */
export async function openCliDatabase(
  io: CliIo,
  config: Config,
  options: OpenCliOptions,
): Promise<CliDatabase> {
  const where = describeLocation(io, config);
  if (options.mode === 'existing' && !isDatabaseConfigured(config)) {
    throw new CliError(
      `no database in ${where}: run "secrel migrate" (or start "secrel serve") first, or set DATABASE_URL`,
    );
  }
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 4,
    statementTimeoutMs: config.statementTimeoutMs,
  });
  try {
    await sql`select 1`.execute(database.db);
    let applied: MigrationResult[] = [];
    if (options.mode === 'create') applied = await migrateToLatest(database.db);
    else await requireMigrated(database, where);
    const ctx: AppContext = {
      db: database.db,
      engine: database.engine,
      config,
      now: () => new Date(),
    };
    return { database, ctx, applied };
  } catch (error) {
    await database.close().catch(() => undefined);
    if (error instanceof CliError || config.databaseUrl === undefined) throw error;
    if (isConnectionFailure(error)) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new CliError(`cannot reach PostgreSQL at ${where}: ${detail}`);
    }
    throw error;
  }
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN'].includes(code) ||
      code === '3D000' || // database does not exist
      code === '28P01' || // password authentication failed
      code === '28000') // no pg_hba.conf entry / role not allowed
  );
}

/** The names of the migrations applied to a database, in order. */
export async function appliedMigrations(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
  });
  const all = await migrator.getMigrations();
  return all.filter((migration) => migration.executedAt !== undefined).map((m) => m.name);
}

async function requireMigrated(database: Database, where: string): Promise<void> {
  const applied = await appliedMigrations(database);
  const pending = Object.keys(migrations).filter((name) => !applied.includes(name));
  if (pending.length > 0) {
    throw new CliError(
      `the database in ${where} is not up to date (pending: ${pending.join(', ')}): run "secrel migrate"`,
    );
  }
}

/** Runs `work` with the database open, closing it afterwards whatever happens. */
export async function withCliDatabase<T>(
  io: CliIo,
  config: Config,
  options: OpenCliOptions,
  work: (opened: CliDatabase) => Promise<T>,
): Promise<T> {
  const opened = await openCliDatabase(io, config, options);
  try {
    return await work(opened);
  } finally {
    await opened.database.close();
  }
}
