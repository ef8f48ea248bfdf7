import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { loadDemoData, type DemoSignIn } from '../../demo/demo-data.ts';
import {
  cliConfig,
  databaseSettings,
  describeLocation,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { CliError, formatTable, printLine, type CliIo, type CliRun } from '../cli-io.ts';

/** How many user accounts the database has. */
export async function countUsers(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Prints the demo sign-ins as a table on standard output. */
export function printSignIns(io: CliIo, signIns: readonly DemoSignIn[]): void {
  const rows = signIns.map((signIn) => [
    signIn.scope === '' ? signIn.role : `${signIn.role} (${signIn.scope})`,
    signIn.email,
    signIn.password,
    signIn.organisation === null ? signIn.name : `${signIn.name}, ${signIn.organisation}`,
  ]);
  printLine(io, 'Demo sign-ins:');
  printLine(io, formatTable(['role', 'e-mail', 'password', 'who'], rows));
}

/** `secrel demo`: loads demo data into a database that has no users yet. */
export function registerDemoCommand(program: Command, run: CliRun): void {
  withDatabaseOptions(
    program
      .command('demo')
      .description(
        'load demo data (the SEC Panel, Parties, one sign-in per role) into an empty database',
      ),
  ).action(async (flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, async ({ database, ctx }) => {
      const users = await countUsers(database.db);
      if (users > 0) {
        throw new CliError(
          `the database in ${describeLocation(run.io, config)} already has ${users} user(s): demo data is loaded only into a database without users`,
        );
      }
      printSignIns(run.io, await loadDemoData(ctx));
    });
  });
}
