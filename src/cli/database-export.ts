import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { appliedMigrations } from './cli-database.ts';
import { CliError } from './cli-io.ts';
import { EXPORT_TABLES, MIGRATION_TABLES, type ExportTable } from './export-tables.ts';

/** The first line of an export file. */
export interface ExportHeader {
  format: 'secrel-export';
  version: 1;
  /** The migrations applied to the exported database: an import target must have the same. */
  migrations: string[];
  tables: string[];
}

/** The last line: its presence proves the file is complete, and it counts the rows. */
export interface ExportTrailer {
  end: 'secrel-export';
  rows: Record<string, number>;
}

export const EXPORT_FORMAT = 'secrel-export';
export const EXPORT_VERSION = 1;

/** Rows read per keyset query. */
const EXPORT_BATCH = 1000;

/** Progress: called after each table, and every `PROGRESS_EVERY` rows within a big table. */
export type ProgressFn = (table: string, rows: number, done: boolean) => void;
export const PROGRESS_EVERY = 100_000;

/** The base tables of the database's current schema. */
export async function listDatabaseTables(db: Kysely<DB>): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  return result.rows.map((row) => row.table_name);
}

/**
 * Refuses a database whose tables and the export list disagree: a table missing from
 * `export-tables.ts` would otherwise be silently left out.
 */
export async function checkExportTables(db: Kysely<DB>): Promise<void> {
  const present = await listDatabaseTables(db);
  const listed = new Set(EXPORT_TABLES.map((table) => table.name));
  const unlisted = present.filter((name) => !listed.has(name) && !MIGRATION_TABLES.includes(name));
  if (unlisted.length > 0) {
    throw new CliError(
      `table(s) ${unlisted.join(', ')} are not in src/cli/export-tables.ts: add them there, in foreign-key order`,
    );
  }
  const missing = [...listed].filter((name) => !present.includes(name));
  if (missing.length > 0) {
    throw new CliError(`the database has no table(s) ${missing.join(', ')}: run "secrel migrate"`);
  }
}

async function* tableLines(
  db: Kysely<DB>,
  table: ExportTable,
  counts: Record<string, number>,
  onProgress: ProgressFn,
): AsyncGenerator<string> {
  const prefix = `{"table":${JSON.stringify(table.name)},"row":`;
  let last: unknown;
  let rows = 0;
  for (;;) {
    // to_jsonb renders every type exactly as PostgreSQL knows it (timestamptz in ISO 8601,
    // date as YYYY-MM-DD, numeric and bigint digit for digit), so the text goes to the file
    // without being parsed into JavaScript values and back.
    const after = last === undefined ? sql`` : sql`where ${sql.ref(`r.${table.key}`)} > ${last}`;
    const result = await sql<{ k: unknown; j: string }>`
      select ${sql.ref(`r.${table.key}`)} as k, to_jsonb(r.*)::text as j
      from ${sql.table(table.name)} as r ${after}
      order by ${sql.ref(`r.${table.key}`)} limit ${EXPORT_BATCH}`.execute(db);
    let chunk = '';
    for (const row of result.rows) chunk += `${prefix}${row.j}}\n`;
    if (chunk !== '') yield chunk;
    const previous = rows;
    rows += result.rows.length;
    if (Math.floor(rows / PROGRESS_EVERY) > Math.floor(previous / PROGRESS_EVERY)) {
      onProgress(table.name, rows, false);
    }
    last = result.rows.at(-1)?.k;
    if (result.rows.length < EXPORT_BATCH) break;
  }
  counts[table.name] = rows;
  onProgress(table.name, rows, true);
}

/**
 * Writes the whole database to `file` as JSON lines: a header, one line per row in foreign-key
 * order, and a trailer with the row counts. Rows are read in keyset batches by primary key
 * inside one repeatable-read transaction (a consistent snapshot) and streamed to disk, so memory
 * stays flat however many rows there are. Instants are written in UTC. The file appears under
 * its name only when complete.
 */
export async function exportDatabase(
  database: Database,
  file: string,
  onProgress: ProgressFn = () => undefined,
): Promise<Record<string, number>> {
  await checkExportTables(database.db);
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    migrations: await appliedMigrations(database),
    tables: EXPORT_TABLES.map((table) => table.name),
  };
  const counts: Record<string, number> = {};
  const partial = `${file}.partial`;
  try {
    await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        await sql`set local timezone to 'UTC'`.execute(trx);
        async function* lines(): AsyncGenerator<string> {
          yield `${JSON.stringify(header)}\n`;
          for (const table of EXPORT_TABLES) yield* tableLines(trx, table, counts, onProgress);
          const trailer: ExportTrailer = { end: EXPORT_FORMAT, rows: counts };
          yield `${JSON.stringify(trailer)}\n`;
        }
        await pipeline(Readable.from(lines()), fs.createWriteStream(partial));
      });
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return counts;
}
