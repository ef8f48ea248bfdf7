import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../src/db/database.ts';
import {
  ensurePGliteDir,
  ensurePostgresDatabase,
  prepareDatabase,
  watchBenchBackends,
  type PreparedDatabase,
} from './database-setup.ts';
import { BenchBusyError, lockBench } from './bench-lock.ts';
import { CpuMeter } from './cpu.ts';
import { runScenario } from './measure.ts';
import { parseBenchOptions, USAGE, UsageError, type BenchOptions } from './options.ts';
import { engineChecks, formatEngineReport, scenarioPasses, type EngineReport } from './report.ts';
import { drainBacklog, settle } from './settle.ts';
import { benchScenarios, createTokenViaApi, selectScenarios, signInCookie } from './scenarios.ts';
import { killAllServers, readMemory, RssSampler, startServer } from './server.ts';

const WORK_DIR = path.join(os.tmpdir(), 'secrel-bench');

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const mib = (kb: number): number => kb / 1024;

async function prepare(engine: Engine, options: BenchOptions): Promise<PreparedDatabase> {
  const location =
    engine === 'postgres'
      ? await ensurePostgresDatabase(options.fresh)
      : ensurePGliteDir(options.fresh);
  const target = engine === 'postgres' ? options.events : options.pgliteEvents;
  progress(`[${engine}] preparing ${location} with ${target.toLocaleString('en-GB')} audit events`);
  return prepareDatabase(engine, location, target, progress, options.verify);
}

/**
 * Resident memory of a server just started: the larger of now (at /ready 200) and two idle
 * seconds later, when start-up work left in the background (compilation, the worker's first
 * poll) has run.
 */
async function memoryAfterStart(pid: number): Promise<number> {
  const atReady = readMemory(pid)?.rssKb ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return mib(Math.max(atReady, readMemory(pid)?.rssKb ?? 0));
}

/** Prepares one engine's database, starts the server twice, and runs every scenario on it. */
async function benchEngine(engine: Engine, options: BenchOptions): Promise<EngineReport> {
  const loadBegan = performance.now();
  const prepared = await prepare(engine, options);
  progress(
    `[${engine}] ready in ${((performance.now() - loadBegan) / 1000).toFixed(1)} s with ${prepared.events.toLocaleString('en-GB')} audit events${prepared.verify ? `, chain verified in ${(prepared.verify.ms / 1000).toFixed(1)} s` : ' (chain not verified)'}`,
  );
  const logFile = path.join(WORK_DIR, `server-${engine}.log`);
  fs.writeFileSync(logFile, '');
  progress(`[${engine}] server output: ${logFile}`);
  const serverOptions = {
    serverArgs: prepared.serverArgs,
    logFile,
    cpuProfDir: options.cpuProfDir,
    serverRoot: options.serverRoot,
    nodeArgs: options.serverNodeArgs,
  };
  const first = await startServer(serverOptions);
  progress(`[${engine}] first start: /ready 200 after ${(first.startupMs / 1000).toFixed(2)} s`);
  await first.server.stop();
  const second = await startServer(serverOptions);
  progress(`[${engine}] second start: /ready 200 after ${(second.startupMs / 1000).toFixed(2)} s`);
  const { server } = second;
  const afterStartMiB = await memoryAfterStart(server.pid);
  progress(`[${engine}] memory after start: ${afterStartMiB.toFixed(0)} MiB`);
  const loadAverageBefore = os.loadavg();
  const backends = engine === 'postgres' ? await watchBenchBackends() : undefined;
  try {
    const adminCookie = await signInCookie(server.baseUrl, prepared.admin);
    const credentials = {
      chairCookie: await signInCookie(server.baseUrl, prepared.chair),
      adminCookie,
      adminToken: await createTokenViaApi(server.baseUrl, adminCookie),
    };
    const scenarios = selectScenarios(benchScenarios(credentials), options.only);
    const sampler = new RssSampler(server.pid);
    sampler.start();
    const meter = new CpuMeter(server.pid, backends?.pids);
    const results = [];
    for (const scenario of scenarios) {
      sampler.setPhase('settling');
      const settled = await settle(server.baseUrl, options.waitIdle);
      sampler.setPhase(scenario.name);
      const result = await runScenario(server.baseUrl, scenario, options, meter, () =>
        drainBacklog(server.baseUrl),
      );
      progress(
        `[${engine}] ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors} (background ${settled.backgroundPct.toFixed(0)}%, backlog ${(settled.backlogMs / 1000).toFixed(1)} s)`,
      );
      results.push({ ...result, settled, pass: scenarioPasses(result) });
    }
    sampler.stop();
    const memory = readMemory(server.pid);
    const vmHwmMiB = mib(memory?.hwmKb ?? 0);
    const peakSampledMiB = mib(sampler.peakKb);
    const checks = engineChecks(engine, results, second.startupMs, {
      afterStartMiB,
      peakMiB: Math.max(peakSampledMiB, vmHwmMiB),
    });
    return {
      engine,
      events: prepared.events,
      load: {
        demoLoaded: prepared.demoLoaded,
        eventsBefore: prepared.topUp.before,
        eventsAdded: prepared.topUp.after - prepared.topUp.before,
        seconds: prepared.topUp.ms / 1000,
        vacuumSeconds: prepared.vacuumMs / 1000,
      },
      verify: prepared.verify
        ? { events: prepared.verify.events, seconds: prepared.verify.ms / 1000 }
        : undefined,
      startup: { firstMs: first.startupMs, secondMs: second.startupMs },
      memory: {
        afterStartMiB,
        peakSampledMiB,
        vmHwmMiB,
        samples: sampler.samples,
        byScenarioMiB: Object.fromEntries(
          [...sampler.peakByPhase].map(([phase, kb]) => [phase, Math.round(mib(kb))]),
        ),
      },
      loadAverageBefore,
      scenarios: results,
      checks,
      pass: results.every((result) => result.pass) && checks.every((check) => check.pass),
    };
  } finally {
    await backends?.close();
    await server.stop();
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const unlock = lockBench(WORK_DIR);
  process.once('exit', unlock);
  if (options.cpuProfDir !== undefined) fs.mkdirSync(options.cpuProfDir, { recursive: true });
  const reports: EngineReport[] = [];
  for (const engine of options.engines) {
    const report = await benchEngine(engine, options);
    reports.push(report);
    process.stdout.write(`\n${formatEngineReport(report)}\n`);
  }
  // A run that skipped the chain verification proves nothing about the targets.
  const pass = options.verify && reports.every((report) => report.pass);
  const summary = {
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      memoryMiB: Math.round(mib(os.totalmem() / 1024)),
    },
    options,
    reports,
    pass,
  };
  process.stdout.write(`\n${JSON.stringify(summary, null, 2)}\n`);
  return pass ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServers();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
process.once('exit', killAllServers);

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const detail =
      error instanceof BenchBusyError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`bench failed: ${detail}\n`);
    killAllServers();
    process.exitCode = 1;
  },
);
