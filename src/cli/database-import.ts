import fs from 'node:fs';
import readline from 'node:readline';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import { verifyAuditChain } from '../audit/audit.store.ts';
import { describeBreak } from '../audit/audit.ts';
import { appliedMigrations } from './cli-database.ts';
import { CliError } from './cli-io.ts';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  PROGRESS_EVERY,
  checkExportTables,
  type ProgressFn,
} from './database-export.ts';
import { EXPORT_TABLES, type ExportTable } from './export-tables.ts';

/** Rows per INSERT statement. */
const IMPORT_BATCH = 500;

/** A row line exactly as the exporter writes it: the row's JSON text can be passed on as is. */
const ROW_LINE = /^\{"table":"([a-z_][a-z0-9_]*)","row":(\{.*\})\}$/;

interface ColumnInfo {
  table_name: string;
  column_name: string;
  is_identity: string;
}

interface Batch {
  table: ExportTable;
  rows: string[];
}

/** The tables of the list that hold rows (seeded tables are allowed their migration rows). */
async function nonEmptyTables(db: Kysely<DB>): Promise<string[]> {
  const found: string[] = [];
  for (const table of EXPORT_TABLES) {
    if (table.seeded) continue;
    const result = await sql<{ present: boolean }>`
      select exists (select 1 from ${sql.table(table.name)}) as present`.execute(db);
    if (result.rows[0]?.present) found.push(table.name);
  }
  return found;
}

function lineError(lineNumber: number, message: string): CliError {
  return new CliError(`line ${lineNumber}: ${message}; nothing was imported`);
}

function parseObject(text: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw lineError(
      lineNumber,
      `not JSON (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw lineError(lineNumber, 'not a JSON object');
  }
  return value as Record<string, unknown>;
}

function checkHeader(header: Record<string, unknown>, migrations: string[]): string[] {
  if (header['format'] !== EXPORT_FORMAT) {
    throw new CliError(
      'this is not a secrel export file (its first line has no "format":"secrel-export")',
    );
  }
  if (header['version'] !== EXPORT_VERSION) {
    throw new CliError(
      `export format version ${String(header['version'])} is not supported (expected ${EXPORT_VERSION})`,
    );
  }
  const fileMigrations = header['migrations'];
  const tables = header['tables'];
  if (!Array.isArray(fileMigrations) || !Array.isArray(tables)) {
    throw new CliError('the header line must list "migrations" and "tables"');
  }
  if (JSON.stringify(fileMigrations) !== JSON.stringify(migrations)) {
    throw new CliError(
      `the export was made at migrations [${fileMigrations.join(', ')}] but this database is at [${migrations.join(', ')}]: import with the secrel version that made the export`,
    );
  }
  const known = EXPORT_TABLES.map((table) => table.name);
  const names = tables.map(String);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0)
    throw new CliError(`the export has unknown table(s): ${unknown.join(', ')}`);
  const order = names.map((name) => known.indexOf(name));
  if (order.some((index, at) => at > 0 && index <= (order[at - 1] ?? -1))) {
    throw new CliError('the header lists the tables out of foreign-key order');
  }
  return names;
}

async function columnsOf(db: Kysely<DB>): Promise<ColumnInfo[]> {
  const result = await sql<ColumnInfo>`
    select table_name, column_name, is_identity from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  return result.rows;
}

async function insertBatch(
  trx: Transaction<DB>,
  batch: Batch,
  columns: ColumnInfo[],
): Promise<void> {
  const rows = `[${batch.rows.join(',')}]`;
  const { name, key } = batch.table;
  const source = sql`select * from jsonb_populate_recordset(null::${sql.table(name)}, ${rows}::jsonb)`;
  if (!batch.table.seeded) {
    // Explicit ids, even for `generated always` identity columns; sequences are reset later.
    await sql`insert into ${sql.table(name)} overriding system value ${source}`.execute(trx);
    return;
  }
  // A seeded row (e.g. the audit head) exists after migration: update it in place.
  const others = columns
    .filter((column) => column.table_name === name && column.column_name !== key)
    .map((column) => sql`${sql.ref(column.column_name)} = excluded.${sql.ref(column.column_name)}`);
  await sql`insert into ${sql.table(name)} ${source}
    on conflict (${sql.ref(key)}) do update set ${sql.join(others)}`.execute(trx);
}

/** Sets every identity sequence past the largest imported id, so new rows do not collide. */
async function resetIdentities(trx: Transaction<DB>, columns: ColumnInfo[]): Promise<void> {
  const listed = new Set(EXPORT_TABLES.map((table) => table.name));
  for (const column of columns) {
    if (column.is_identity !== 'YES' || !listed.has(column.table_name)) continue;
    const id = sql.ref(column.column_name);
    await sql`select setval(pg_get_serial_sequence(${column.table_name}, ${column.column_name}),
      coalesce(max(${id}), 1), max(${id}) is not null) from ${sql.table(column.table_name)}`.execute(
      trx,
    );
  }
}

/**
 * Loads an export file into an EMPTY, migrated database at the same migrations, in one
 * transaction: rows in batches of {@link IMPORT_BATCH} with their ids, read line by line so
 * memory stays flat; identity sequences reset; the audit chain verified before commit. Any
 * problem (incomplete file, row counts off, broken chain) rolls everything back.
 */
export async function importDatabase(
  database: Database,
  file: string,
  onProgress: ProgressFn = () => undefined,
): Promise<Record<string, number>> {
  const { db } = database;
  await checkExportTables(db);
  const filled = await nonEmptyTables(db);
  if (filled.length > 0) {
    throw new CliError(
      `the target database is not empty (${filled.join(', ')} have rows): import needs an empty, freshly migrated database`,
    );
  }
  const migrations = await appliedMigrations(database);
  const columns = await columnsOf(db);
  return db.transaction().execute(async (trx) => {
    // The file carries the source's version rows (migrations 0021 and 0032): the copy is those
    // versions, not a change on top of them, so the commit-time bumps are spent before any row
    // goes in (the settings are local to this transaction; src/db/commit-version.ts).
    await sql`select set_config('secrel.public_version_bumped', 'yes', true)`.execute(trx);
    await sql`select set_config('secrel.data_version_bumped', 'yes', true)`.execute(trx);
    // The reader starts here, right before the loop: lines read while nothing iterates yet
    // (e.g. while the transaction begins) would be lost.
    const input = fs.createReadStream(file, { encoding: 'utf8' });
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    try {
      let tables: string[] | undefined;
      let position = -1;
      let batch: Batch | undefined;
      let trailer: Record<string, unknown> | undefined;
      const counts: Record<string, number> = {};
      const flush = async (): Promise<void> => {
        if (batch && batch.rows.length > 0) await insertBatch(trx, batch, columns);
        if (batch) batch.rows = [];
      };
      let lineNumber = 0;
      for await (const line of lines) {
        lineNumber += 1;
        if (line.trim() === '') continue;
        if (trailer) throw lineError(lineNumber, 'text after the last line');
        if (!tables) {
          tables = checkHeader(parseObject(line, lineNumber), migrations);
          continue;
        }
        const match = ROW_LINE.exec(line);
        let tableName: string;
        let rowText: string;
        if (match?.[1] !== undefined && match[2] !== undefined) {
          parseObject(match[2], lineNumber);
          [, tableName, rowText] = match as unknown as [string, string, string];
        } else {
          const value = parseObject(line, lineNumber);
          if (value['end'] === EXPORT_FORMAT) {
            trailer = value;
            continue;
          }
          const row = value['row'];
          if (typeof value['table'] !== 'string' || typeof row !== 'object' || row === null) {
            throw lineError(lineNumber, 'expected {"table": …, "row": {…}}');
          }
          tableName = value['table'];
          rowText = JSON.stringify(row);
        }
        if (batch?.table.name !== tableName) {
          const index = tables.indexOf(tableName);
          const table = EXPORT_TABLES.find((candidate) => candidate.name === tableName);
          if (index < 0 || !table)
            throw lineError(lineNumber, `table ${tableName} is not in the header`);
          if (index <= position)
            throw lineError(lineNumber, `rows of ${tableName} are out of table order`);
          await flush();
          if (batch) onProgress(batch.table.name, counts[batch.table.name] ?? 0, true);
          position = index;
          batch = { table, rows: [] };
          counts[tableName] = 0;
        }
        batch.rows.push(rowText);
        const count = (counts[tableName] ?? 0) + 1;
        counts[tableName] = count;
        if (batch.rows.length >= IMPORT_BATCH) await flush();
        if (count % PROGRESS_EVERY === 0) onProgress(tableName, count, false);
      }
      await flush();
      if (batch) onProgress(batch.table.name, counts[batch.table.name] ?? 0, true);
      if (!tables) throw new CliError('the file is empty; nothing was imported');
      if (!trailer) {
        throw new CliError(
          'the file ends before its last line: it is incomplete; nothing was imported',
        );
      }
      checkCounts(trailer, counts);
      await resetIdentities(trx, columns);
      const chain = await verifyAuditChain(trx);
      if (!chain.ok) {
        throw new CliError(
          `the imported audit chain is broken (${describeBreak(chain.broken)}); nothing was imported`,
        );
      }
      return counts;
    } finally {
      lines.close();
      input.destroy();
    }
  });
}

function checkCounts(trailer: Record<string, unknown>, counts: Record<string, number>): void {
  const expected = trailer['rows'];
  if (typeof expected !== 'object' || expected === null) {
    throw new CliError('the last line has no row counts; nothing was imported');
  }
  for (const [table, rows] of Object.entries(expected as Record<string, unknown>)) {
    if ((counts[table] ?? 0) !== rows) {
      throw new CliError(
        `the file should hold ${String(rows)} rows of ${table} but holds ${counts[table] ?? 0}; nothing was imported`,
      );
    }
  }
}
