import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';
import { loadDemoData } from '../../demo/demo-data.ts';
import { loadCatalogueOnFirstStart } from '../../modules/catalogue/catalogue.actions.ts';
import type { WorkerLog } from '../../jobs/worker.ts';
import { cliConfig, describeLocation, openCliDatabase } from '../cli-database.ts';
import { CliError, EXIT_OK, printLine, printNote, type CliIo, type CliRun } from '../cli-io.ts';
import { trackRequests } from '../http-drain.ts';
import { isLoopback, shutdownSignal, urlOf } from '../shutdown.ts';
import { countUsers, printSignIns } from './demo.ts';

interface ServeFlags {
  port?: string;
  dataDir?: string;
  databaseUrl?: string;
  smtpUrl?: string;
  holidayRegion?: string;
  demo: boolean;
  /** False with `--no-worker`: the web tier alone, jobs left to `secrel worker`. */
  worker: boolean;
}

/** The shutdown's patience (http-drain.ts): within the 30 s process managers commonly allow. */
const DRAIN = { abandonedGraceMs: 3000, timeoutMs: 20_000 };

/**
 * Idle keep-alive connections are dropped only once the keep-alive timeout advertised to their
 * clients has run out (and a margin): clients stop using them by then, whereas dropping one
 * sooner races a client sending its next request on it, which then fails with ECONNRESET.
 */
function idleGraceMs(keepAliveTimeoutMs: number): number {
  return keepAliveTimeoutMs + 1000;
}

/** Says who can reach the server, from the address it really bound. */
function printReach(io: CliIo, address: AddressInfo, demo: boolean): void {
  if (isLoopback(address.address)) {
    printNote(
      io,
      `listening on ${address.address} only: other machines cannot reach it; HOST=0.0.0.0 opens it to the network${demo ? ' (do not: the demo accounts share a published password)' : ' (put it behind an HTTPS reverse proxy)'}`,
    );
  } else if (demo) {
    printNote(
      io,
      `warning: the demo accounts share a published password and this server is reachable from the network (${address.address}); set HOST=127.0.0.1 unless that is what you want`,
    );
  }
}

/**
 * Serves until SIGINT or SIGTERM, then shuts down in order: stop accepting connections and
 * answer every request already received, stop the worker (its unstarted claims released for
 * another worker), close the app, and only then the database. Resolves with the exit code.
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
    Promise.all([import('../../http/app.ts'), import('../background.ts')]),
    openCliDatabase(io, config, { mode: 'create' }),
  ]);
  if (opened.status === 'rejected') throw opened.reason;
  const { database, ctx, applied } = opened.value;
  if (modules.status === 'rejected') {
    await database.close();
    throw modules.reason;
  }
  const [{ buildApp }, { startBackground }] = modules.value;
  // One JSON line per request in production; the demo (`npm start`) logs warnings only.
  const logLevel = flags.demo ? 'warn' : 'info';
  const app = await buildApp(ctx, { logger: { level: logLevel } }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  const requests = trackRequests(app.server);
  // Listened for from here, so a signal during start-up shuts down once start-up is over.
  const signalled = shutdownSignal();
  let background: Awaited<ReturnType<typeof startBackground>> | undefined;
  const shutdown = async (): Promise<void> => {
    const stopping = background?.stop();
    if (app.server.listening) {
      const drained = await requests.drain({
        ...DRAIN,
        idleGraceMs: idleGraceMs(app.server.keepAliveTimeout),
      });
      if (drained.cut > 0) {
        app.log.warn(`${drained.cut} request(s) unanswered after ${DRAIN.timeoutMs} ms: cut`);
      }
      if (drained.abandoned > 0) {
        app.log.info(`${drained.abandoned} request(s) whose client left were never answered`);
      }
    }
    const released = await stopping;
    if (released && released.jobs + released.messages > 0) {
      app.log.info(
        `worker released ${released.jobs} job(s) and ${released.messages} e-mail(s) for another worker`,
      );
    }
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
          'no users yet: run "secrel init --admin-email <address>" to create the first administrator, or load demo data with "secrel demo"',
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
    if (flags.worker) {
      const log: WorkerLog = (level, message, detail) => {
        app.log[level](detail ?? {}, message);
      };
      background = await startBackground(ctx, log);
    } else {
      printNote(
        io,
        embedded
          ? 'no worker (--no-worker): jobs and e-mail wait until "secrel worker" runs on this data directory (PGlite opens in one process at a time)'
          : 'no worker (--no-worker): jobs and e-mail are left to "secrel worker" processes on this database',
      );
    }
  } catch (error) {
    await shutdown();
    throw error;
  }
  const address = app.server.address() as AddressInfo;
  printReach(io, address, flags.demo);
  printLine(
    io,
    `secrel listening on ${urlOf(address)} (engine: ${database.engine}, data: ${where})`,
  );
  const signal = await signalled;
  app.log.info(`${signal}: shutting down`);
  await shutdown();
  return EXIT_OK;
}

/** `secrel serve`: the web app and API, and (unless --no-worker) the background worker. */
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
    .option(
      '--no-worker',
      'serve the web tier only: jobs and e-mail are left to "secrel worker" processes',
    )
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
