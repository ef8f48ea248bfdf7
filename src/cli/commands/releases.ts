import type { Command } from 'commander';
import { findUserByEmail, loadPrincipal } from '../../modules/identity/identity.store.ts';
import { createStandardReleases } from '../../modules/release/release.actions.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { badInput, printLine, printNote, type CliRun } from '../cli-io.ts';

interface StandardFlags extends DatabaseFlags {
  as: string;
}

/** `secrel releases create-standard <year> --as <e-mail>`: ruling 6, in one step. */
export function registerReleasesCommands(program: Command, run: CliRun): void {
  const releases = program.command('releases').description('SEC Releases');

  withDatabaseOptions(
    releases
      .command('create-standard')
      .description(
        'create the standard releases of a year from the Policy in force (go-live on its weekday, off bank holidays)',
      )
      .argument('<year>', 'the year, e.g. 2028')
      .requiredOption('--as <email>', 'the Code Administrator the change is recorded against'),
  ).action(async (yearText: string, flags: StandardFlags) => {
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText))
      throw badInput(`<year> must be a year like 2028, not "${yearText}"`);
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ ctx }) => {
      const user = await findUserByEmail(ctx.db, flags.as);
      if (!user) throw badInput(`no user with e-mail ${flags.as}`);
      const principal = await loadPrincipal(ctx.db, user.id, 'token', null);
      if (!principal) throw badInput(`the account ${flags.as} is disabled`);
      const { created, skipped } = await createStandardReleases(ctx, principal, year);
      for (const release of created) printLine(run.io, `${release.go_live}  ${release.name}`);
      for (const release of skipped)
        printNote(run.io, `skipped ${release.name}: it exists already`);
    });
  });
}
