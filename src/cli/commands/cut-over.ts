import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { setCutOver } from '../../modules/installation/installation.actions.ts';
import { cutOverOf } from '../../modules/installation/installation.queries.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { printLine, type CliRun } from '../cli-io.ts';

/** `secrel cut-over` and `secrel cut-over set <date>`: ruling 13's cut-over date. */
export function registerCutOverCommands(program: Command, run: CliRun): void {
  const cutOver = program
    .command('cut-over')
    .description('the cut-over date: acts before it are history recorded from outside secrel');

  withDatabaseOptions(cutOver.command('show').description('print the cut-over date')).action(
    async (flags: DatabaseFlags) => {
      const config = cliConfig(run.io, databaseSettings(flags));
      await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ ctx }) => {
        printLine(run.io, await cutOverOf(ctx.db));
      });
    },
  );

  withDatabaseOptions(
    cutOver
      .command('set')
      .description(
        'set the cut-over date (audited); never later than today, nor than an act already recorded live',
      )
      .argument(
        '<date>',
        'the first day acts happen live in secrel: today or earlier, e.g. 2026-11-02',
      ),
  ).action(async (date: string, flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ ctx }) => {
      if ((await cutOverOf(ctx.db)) === date) {
        printLine(run.io, `cut-over date already ${date}: unchanged`);
        return;
      }
      // Ruling 13: refused (nothing changed) if later than today or past an act recorded live.
      await setCutOver(ctx, SYSTEM_ACTOR, date);
      printLine(run.io, `cut-over date set to ${date}`);
    });
  });
}
