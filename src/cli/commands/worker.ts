import type { Command } from 'commander';
import type { WorkerLog } from '../../jobs/worker.ts';
import {
  cliConfig,
  databaseSettings,
  describeLocation,
  openCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { EXIT_OK, printLine, printNote, type CliRun } from '../cli-io.ts';
import { shutdownSignal } from '../shutdown.ts';

interface WorkerFlags extends DatabaseFlags {
  smtpUrl?: string;
  holidayRegion?: string;
}

/**
 * `secrel worker`: the background worker alone — the jobs and outbox e-mail `secrel serve` runs,
 * from the same list — for installations whose app servers run `secrel serve --no-worker`. Any
 * number may run: jobs and messages are claimed with `FOR UPDATE SKIP LOCKED`. On SIGINT or
 * SIGTERM it finishes the job or e-mail in hand, releases the rest of its claims and exits 0.
 */
export function registerWorkerCommand(program: Command, run: CliRun): void {
  withDatabaseOptions(
    program
      .command('worker')
      .description('run the background worker alone (jobs and e-mail), without the web tier')
      .option('--smtp-url <url>', 'SMTP server for e-mail (env SMTP_URL); without it, mail waits')
      .option('--holiday-region <region>', 'bank-holiday region (env HOLIDAY_REGION)'),
  ).action(async (flags: WorkerFlags) => {
    const { io } = run;
    const config = cliConfig(io, {
      ...databaseSettings(flags),
      SMTP_URL: flags.smtpUrl,
      HOLIDAY_REGION: flags.holidayRegion,
    });
    const { startBackground } = await import('../background.ts');
    const { database, ctx, applied } = await openCliDatabase(io, config, { mode: 'create' });
    try {
      for (const result of applied) printNote(io, `applied migration ${result.migrationName}`);
      const signalled = shutdownSignal();
      // One JSON line per event on standard error, as the web tier's log.
      const log: WorkerLog = (level, msg, detail) => {
        printNote(io, JSON.stringify({ level, time: new Date().toISOString(), msg, ...detail }));
      };
      const background = await startBackground(ctx, log);
      const mail = config.smtpUrl === undefined ? 'waiting in the outbox (no SMTP_URL)' : 'SMTP';
      printLine(
        io,
        `secrel worker started (engine: ${database.engine}, data: ${describeLocation(io, config)}, every ${config.workerPollMs} ms, e-mail: ${mail})`,
      );
      const signal = await signalled;
      printNote(io, `${signal}: stopping the worker`);
      const released = await background.stop();
      printNote(
        io,
        `worker stopped; released ${released.jobs} job(s) and ${released.messages} e-mail(s) for another worker`,
      );
      run.exitCode = EXIT_OK;
    } finally {
      await database.close();
    }
  });
}
