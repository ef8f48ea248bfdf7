import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { setPanelRecordWindow } from '../../modules/installation/installation.actions.ts';
import { recordWindowOf } from '../../modules/installation/installation.queries.ts';
import { MAX_PANEL_RECORD_WORKING_DAYS } from '../../modules/installation/installation.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { badInput, printLine, type CliRun } from '../cli-io.ts';

/**
 * `secrel record-window` and `secrel record-window set <working-days>`: ruling 13's Panel record
 * window, the Working Days after a meeting within which its decisions are recorded. A change
 * applies to meetings created after it (ruling 18: each meeting keeps the day stored with it).
 */
export function registerRecordWindowCommands(program: Command, run: CliRun): void {
  const recordWindow = program
    .command('record-window')
    .description(
      'the Panel record window: Working Days after a meeting within which its decisions are recorded',
    );

  withDatabaseOptions(
    recordWindow.command('show').description('print the record window, in Working Days'),
  ).action(async (flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ ctx }) => {
      printLine(run.io, String(await recordWindowOf(ctx.db)));
    });
  });

  withDatabaseOptions(
    recordWindow
      .command('set')
      .description(
        'set the record window (audited); it applies to meetings created from now on, each meeting keeping the last record day stored with it',
      )
      .argument(
        '<working-days>',
        `a whole number of Working Days from 1 to ${String(MAX_PANEL_RECORD_WORKING_DAYS)}, e.g. 5`,
      ),
  ).action(async (value: string, flags: DatabaseFlags) => {
    if (!/^\d+$/.test(value)) {
      throw badInput(
        `the record window must be a whole number of Working Days, not ${JSON.stringify(value)}`,
      );
    }
    const workingDays = Number(value);
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ ctx }) => {
      const { before, after } = await setPanelRecordWindow(ctx, SYSTEM_ACTOR, workingDays);
      printLine(
        run.io,
        before === after
          ? `record window already ${String(after)} Working Days: unchanged`
          : `record window set to ${String(after)} Working Days (was ${String(before)}): it applies to meetings created from now on`,
      );
    });
  });
}
