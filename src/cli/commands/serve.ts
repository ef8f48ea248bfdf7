import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { loadDemoData } from '../../demo/demo-data.ts';
import { loadCatalogueOnFirstStart } from '../../modules/catalogue/catalogue.actions.ts';
import type { Worker, WorkerLog } from '../../jobs/worker.ts';
import type { Mailer } from '../../outbox/mailer.ts';
import {
  DCC_REQUEST_JOB_HANDLERS,
  scheduleDccRequestSweep,
} from '../../modules/dcc-request/dcc-request.jobs.ts';
import {
  RELEASE_JOB_HANDLERS,
  scheduleReleaseGovernanceSweep,
} from '../../modules/release/release.jobs.ts';
import { cliConfig, describeLocation, openCliDatabase } from '../cli-database.ts';
import { CliError, EXIT_OK, printLine, printNote, type CliIo, type CliRun } from '../cli-io.ts';
import { countUsers, printSignIns } from './demo.ts';

interface ServeFlags {
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
  smtpUrl?: string;
  holidayRegion?: string;
  demo: boolean;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Serves until SIGINT or SIGTERM, then stops the worker, closes the app and the database, and
 * resolves with the exit code.
 */
async function serve(io: CliIo, config: Config, flags: ServeFlags): Promise<number> {
  const embedded = config.databaseUrl === undefined;
  const where = describeLocation(io, config);
  if (embedded) {
    printNote(
      io,
      `warning: the embedded database (PGlite, ${where}) does not fsync: it is for evaluation and small single-server installs; in production set DATABASE_URL to a PostgreSQL database`,
    );
  }
  // The web app is loaded only here, so the other commands start without it; loading it while
  // the database opens saves a second of start-up.
  const [modules, opened] = await Promise.allSettled([
    Promise.all([
      import('../../http/app.ts'),
      import('../../jobs/worker.ts'),
      import('../../outbox/mailer.ts'),
    ]),
    openCliDatabase(io, config, { mode: 'create' }),
  ]);
  if (opened.status === 'rejected') throw opened.reason;
  const { database, ctx, applied } = opened.value;
  if (modules.status === 'rejected') {
    await database.close();
    throw modules.reason;
  }
  const [{ buildApp }, { startWorker }, { createMailer }] = modules.value;
  let mailer: Mailer | null = null;
  let worker: Worker | undefined;
  // One JSON line per request in production; the demo (`npm start`) logs warnings only.
  const logLevel = flags.demo ? 'warn' : 'info';
  const app = await buildApp(ctx, { logger: { level: logLevel } }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const shutdown = async (): Promise<void> => {
    await worker?.stop();
    mailer?.close();
    await app.close();
    await database.close();
  };
  try {
    for (const result of applied) printNote(io, `applied migration ${result.migrationName}`);
    // A-TCS, D6.8(f)–(i): a fresh installation starts with the SEC's documents, demo or not, so
    // the consultation rules can fire; later starts leave the catalogue to SECAS.
    const catalogue = await loadCatalogueOnFirstStart(ctx);
    if (catalogue) printNote(io, `loaded the SEC catalogue: ${catalogue.added.length} documents`);
    if ((await countUsers(database.db)) === 0) {
      // Demo accounts share a published password: they are loaded only when asked for
      // (`npm start` asks; a production `secrel serve` does not).
      if (flags.demo) printSignIns(io, await loadDemoData(ctx));
      else {
        printNote(
          io,
          'no users yet: create one with "secrel users create", or load demo data with "secrel demo"',
        );
      }
    }
    await app.listen({ host: config.host, port: config.port }).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new CliError(
          `cannot listen on ${config.host}:${config.port} (${code}): choose another with --port or PORT`,
        );
      }
      throw error;
    });
    mailer = config.smtpUrl === undefined ? null : createMailer(config.smtpUrl, config.mailFrom);
    const log: WorkerLog = (level, message, detail) => {
      app.log[level](detail ?? {}, message);
    };
    // D10.10: the hourly sweep of information requests (reminders, overdue notices) re-queues
    // itself; queuing the current hour's run here is deduplicated across app servers.
    await scheduleDccRequestSweep(ctx);
    // Ruling 14: the hourly sweep that records the milestones a newly effective Policy moves.
    await scheduleReleaseGovernanceSweep(ctx);
    worker = startWorker(ctx, {
      // Job kinds register their handlers here as features add them.
      handlers: { ...DCC_REQUEST_JOB_HANDLERS, ...RELEASE_JOB_HANDLERS },
      mailer,
      pollMs: config.workerPollMs,
      workerId: `${hostname()}:${process.pid}`,
      log,
    });
  } catch (error) {
    await shutdown();
    throw error;
  }
  const port = (app.server.address() as AddressInfo | null)?.port ?? config.port;
  printLine(
    io,
    `secrel listening on http://localhost:${port} (engine: ${database.engine}, data: ${where})`,
  );
  return new Promise((resolve, reject) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      for (const name of SHUTDOWN_SIGNALS) process.off(name, onSignal);
      // A second signal while shutting down ends the process at once.
      process.once(signal, () => process.exit(1));
      app.log.info(`${signal}: shutting down`);
      shutdown().then(() => {
        resolve(EXIT_OK);
      }, reject);
    };
    for (const name of SHUTDOWN_SIGNALS) process.once(name, onSignal);
  });
}

/** `secrel serve`: the web app, API and background worker. */
export function registerServeCommand(program: Command, run: CliRun): void {
  program
    .command('serve')
    .description('serve the web app and API, and run the background worker')
    .option('--port <port>', 'TCP port (env PORT, default 3000)')
    .option('--data-dir <dir>', 'embedded (PGlite) data directory (env DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL URL (env DATABASE_URL); overrides --data-dir')
    .option('--smtp-url <url>', 'SMTP server for e-mail (env SMTP_URL); without it, mail waits')
    .option('--holiday-region <region>', 'bank-holiday region (env HOLIDAY_REGION)')
    .option('--demo', 'load demo data on the first start (into a database without users)', false)
    .action(async (flags: ServeFlags) => {
      const config = cliConfig(run.io, {
        PORT: flags.port,
        DATA_DIR: flags.dataDir,
        DATABASE_URL: flags.databaseUrl,
        SMTP_URL: flags.smtpUrl,
        HOLIDAY_REGION: flags.holidayRegion,
      });
      run.exitCode = await serve(run.io, config, flags);
    });
}
