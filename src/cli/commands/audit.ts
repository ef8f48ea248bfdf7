import type { Command } from 'commander';
import { verifyAuditChain } from '../../audit/audit.store.ts';
import { describeBreak } from '../../audit/audit.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { EXIT_FAILED, printLine, printNote, type CliRun } from '../cli-io.ts';

/** Progress is reported on standard error every this many events. */
const PROGRESS_EVERY = 100_000;

/** `secrel audit verify`: recomputes the hash chain of the audit trail. */
export function registerAuditCommands(program: Command, run: CliRun): void {
  const audit = program.command('audit').description('the tamper-evident audit trail');
  withDatabaseOptions(
    audit
      .command('verify')
      .description(
        'check every audit event against its hash and the chain head (exit 1 if broken)',
      ),
  ).action(async (flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ database }) => {
      let reported = 0;
      const result = await verifyAuditChain(database.db, (checked) => {
        if (checked - reported >= PROGRESS_EVERY) {
          reported = checked - (checked % PROGRESS_EVERY);
          printNote(run.io, `checked ${checked} events…`);
        }
      });
      if (result.ok) {
        printLine(run.io, `audit chain intact: ${result.events} events, head ${result.headHash}`);
        return;
      }
      const { seq } = result.broken;
      // describeBreak starts "event N: …"; the line below names the event already.
      const detail = describeBreak(result.broken).replace(`event ${seq}: `, '');
      printLine(run.io, `audit chain BROKEN at event ${seq}: ${detail}`);
      run.exitCode = EXIT_FAILED;
    });
  });
}
