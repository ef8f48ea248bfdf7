import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  cliConfig,
  databaseSettings,
  describeLocation,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { badInput, printLine, printNote, type CliIo, type CliRun } from '../cli-io.ts';
import { exportDatabase, type ProgressFn } from '../database-export.ts';
import { importDatabase } from '../database-import.ts';

function progressTo(io: CliIo, verb: string): ProgressFn {
  return (table, rows, done) => {
    printNote(
      io,
      done ? `${verb} ${table}: ${rows} rows` : `${verb} ${table}: ${rows} rows so far…`,
    );
  };
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, rows) => sum + rows, 0);
}

/** `secrel export FILE` and `secrel import FILE`: the whole database as JSON lines. */
export function registerExportImportCommands(program: Command, run: CliRun): void {
  withDatabaseOptions(
    program
      .command('export')
      .description(
        'write the whole database to FILE as JSON lines (a backup, or a move to PostgreSQL)',
      )
      .argument('<file>', 'the file to write, e.g. secrel-export.jsonl'),
  ).action(async (file: string, flags: DatabaseFlags) => {
    const target = path.resolve(run.io.cwd, file);
    if (!fs.existsSync(path.dirname(target))) {
      throw badInput(`cannot write ${file}: the folder ${path.dirname(target)} does not exist`);
    }
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ database }) => {
      const counts = await exportDatabase(database, target, progressTo(run.io, 'exported'));
      const from = `${describeLocation(run.io, config)} (${database.engine})`;
      printLine(
        run.io,
        `exported ${total(counts)} rows of ${Object.keys(counts).length} tables from ${from} to ${file}`,
      );
    });
  });

  withDatabaseOptions(
    program
      .command('import')
      .description('load a secrel export FILE into an empty database (migrated first if new)')
      .argument('<file>', 'a file written by "secrel export"'),
  ).action(async (file: string, flags: DatabaseFlags) => {
    const source = path.resolve(run.io.cwd, file);
    if (!fs.existsSync(source)) throw badInput(`cannot read ${file}: no such file`);
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, async ({ database }) => {
      const counts = await importDatabase(database, source, progressTo(run.io, 'imported'));
      const into = `${describeLocation(run.io, config)} (${database.engine})`;
      printLine(run.io, `imported ${total(counts)} rows into ${into}; audit chain verified`);
    });
  });
}
