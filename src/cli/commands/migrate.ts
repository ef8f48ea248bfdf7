import type { Command } from 'commander';
import {
  cliConfig,
  databaseSettings,
  describeLocation,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { printLine, type CliRun } from '../cli-io.ts';

/** `secrel migrate`: applies pending migrations and says which. */
export function registerMigrateCommand(program: Command, run: CliRun): void {
  withDatabaseOptions(
    program.command('migrate').description('apply pending database migrations'),
  ).action(async (flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, ({ database, applied }) => {
      const where = `${describeLocation(run.io, config)} (${database.engine})`;
      if (applied.length === 0) printLine(run.io, `${where}: up to date, no migrations to apply`);
      for (const result of applied) printLine(run.io, `${where}: applied ${result.migrationName}`);
      return Promise.resolve();
    });
  });
}
