import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../src/db/database.ts';
import {
  inspectDatabase,
  preparePGlite,
  preparePostgres,
  serverArgsFor,
  TEN_YEARS,
  watchBenchBackends,
  type BenchAccount,
  type BuildFacts,
} from './database-setup.ts';
import { BenchBusyError, lockBench } from './bench-lock.ts';
import { formatCodeReport, measureCodeBudgets, type CodeBudgetReport } from './code-budgets.ts';
import { CpuMeter } from './cpu.ts';
import { killAllHelpers } from './helpers.ts';
import { runScenario, type LoadSettings, type Scenario, type ScenarioResult } from './measure.ts';
import { parseBenchOptions, USAGE, UsageError, type BenchOptions } from './options.ts';
import {
  auditGrowthChecks,
  engineChecks,
  formatEngineReport,
  scaleOutCheck,
  scenarioPasses,
  type EngineReport,
} from './report.ts';
import { measureScaleOut, type ScaleOutResult } from './scale-out.ts';
import { drainBacklog, settle } from './settle.ts';
import {
  AUDIT_SCALED,
  benchScenarios,
  createTokenViaApi,
  selectScenarios,
  signInCookie,
} from './scenarios.ts';
import {
  killAllServers,
  readMemory,
  RssSampler,
  startServer,
  type StartOptions,
} from './server.ts';
import { NO_STATIC_TWINS, startStaticTwins } from './static-twin.ts';
import type { BenchTargets } from './targets.ts';

const WORK_DIR = path.join(os.tmpdir(), 'secrel-bench');

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const mib = (kb: number): number => kb / 1024;

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

function serverOptionsFor(
  engine: Engine,
  location: string,
  name: string,
  options: BenchOptions,
): StartOptions {
  const logFile = path.join(WORK_DIR, `server-${engine}-${name}.log`);
  fs.writeFileSync(logFile, '');
  return {
    serverArgs: serverArgsFor(engine, location),
    logFile,
    cpuProfDir: options.cpuProfDir,
    serverRoot: options.serverRoot,
    nodeArgs: options.serverNodeArgs,
    launch: engine === 'pglite' ? 'npm start' : 'secrel serve',
  };
}

/** The scenarios with the sign-ins and token of a running server. */
async function scenariosOn(
  baseUrl: string,
  accounts: { chair: BenchAccount; admin: BenchAccount },
  targets: BenchTargets,
  only: readonly string[],
): Promise<Scenario[]> {
  const adminCookie = await signInCookie(baseUrl, accounts.admin);
  const credentials = {
    chairCookie: await signInCookie(baseUrl, accounts.chair),
    adminCookie,
    adminToken: await createTokenViaApi(baseUrl, adminCookie),
  };
  return selectScenarios(benchScenarios(credentials, targets), only);
}

/** Issue 12: the audit-scaled scenarios on the history's own trail (before the top-up). */
async function measureSmall(
  engine: Engine,
  location: string,
  load: LoadSettings,
  options: BenchOptions,
): Promise<{ events: number; scenarios: ScenarioResult[] }> {
  const inspected = await inspectDatabase(engine, location, false, progress);
  const { server } = await startServer(serverOptionsFor(engine, location, 'small', options));
  try {
    const scenarios = (
      await scenariosOn(server.baseUrl, inspected, inspected.targets, [...AUDIT_SCALED])
    ).filter((scenario) => (AUDIT_SCALED as readonly string[]).includes(scenario.name));
    const results = [];
    for (const scenario of scenarios) {
      await settle(server.baseUrl, options.waitIdle);
      const result = await runScenario(server.baseUrl, scenario, load, undefined, () =>
        drainBacklog(server.baseUrl),
      );
      progress(
        `[${engine}] at ${inspected.events.toLocaleString('en-GB')} events, ${scenario.name}: p99 ${result.p99.toFixed(1)} ms`,
      );
      results.push(result);
    }
    return { events: inspected.events, scenarios: results };
  } finally {
    await server.stop();
  }
}

function loadFacts(facts: BuildFacts): EngineReport['load'] {
  return {
    generated: facts.generated,
    generateSeconds: facts.generateSeconds,
    eventsAdded: facts.topUp ? facts.topUp.after - facts.topUp.before : 0,
    topUpSeconds: (facts.topUp?.ms ?? 0) / 1000,
    vacuumSeconds: facts.vacuumSeconds,
  };
}

/**
 * Prepares one engine's copies of the cached history, measures the audit-scaled scenarios on the
 * history alone, then starts the server twice on the full copy and runs every scenario, the
 * public pages' static twins and (PostgreSQL) the scale-out.
 */
async function benchEngine(engine: Engine, options: BenchOptions): Promise<EngineReport> {
  const scale = { ...TEN_YEARS, years: options.years };
  const events = engine === 'postgres' ? options.events : options.pgliteEvents;
  const load: LoadSettings = {
    connections: engine === 'postgres' ? options.connections : options.pgliteConnections,
    duration: options.duration,
    warmup: options.warmup,
  };
  const loadBegan = performance.now();
  const prepared =
    engine === 'postgres'
      ? await preparePostgres(scale, events, options.fresh, progress)
      : await preparePGlite(scale, events, options.fresh, progress);
  const inspected = await inspectDatabase(engine, prepared.full, options.verify, progress);
  progress(
    `[${engine}] ready in ${((performance.now() - loadBegan) / 1000).toFixed(1)} s with ${inspected.events.toLocaleString('en-GB')} audit events${inspected.verify ? `, chain verified in ${(inspected.verify.ms / 1000).toFixed(1)} s` : ' (chain not verified)'}`,
  );
  const small = options.small
    ? await measureSmall(engine, prepared.small, load, options)
    : undefined;
  const serverOptions = serverOptionsFor(engine, prepared.full, 'full', options);
  progress(`[${engine}] server output: ${serverOptions.logFile}`);
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
  let scaleOut: ScaleOutResult | undefined;
  try {
    const scenarios = await scenariosOn(server.baseUrl, inspected, inspected.targets, options.only);
    const twins = options.staticTwins
      ? await startStaticTwins(server.baseUrl, scenarios, path.join(WORK_DIR, 'static'))
      : NO_STATIC_TWINS;
    const staticRates: Record<string, number> = {};
    const sampler = new RssSampler(server.pid);
    sampler.start();
    const meter = new CpuMeter(server.pid, backends?.pids);
    const results = [];
    try {
      for (const scenario of scenarios) {
        sampler.setPhase('settling');
        const settled = await settle(server.baseUrl, options.waitIdle);
        sampler.setPhase('static twin');
        const twinBefore = twins.has(scenario) ? await twins.rate(scenario, load) : undefined;
        sampler.setPhase(scenario.name);
        const result = await runScenario(server.baseUrl, scenario, load, meter, () =>
          drainBacklog(server.baseUrl),
        );
        progress(
          `[${engine}] ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s, p95 ${result.p95.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, errors ${result.errors} (background ${settled.backgroundPct.toFixed(0)}%, backlog ${(settled.backlogMs / 1000).toFixed(1)} s)`,
        );
        if (twinBefore !== undefined) {
          sampler.setPhase('static twin');
          const twinAfter = await twins.rate(scenario, load);
          staticRates[scenario.name] = (twinBefore + twinAfter) / 2;
          progress(
            `  its static twin, just before and just after: ${twinBefore.toFixed(0)} and ${twinAfter.toFixed(0)} req/s`,
          );
        }
        results.push({
          ...result,
          settled,
          pass: scenarioPasses(engine, result, staticRates[scenario.name]),
        });
      }
    } finally {
      await twins.stop();
    }
    sampler.stop();
    const memory = readMemory(server.pid);
    const vmHwmMiB = mib(memory?.hwmKb ?? 0);
    const peakSampledMiB = mib(sampler.peakKb);
    await server.stop();
    const release = scenarios.find((scenario) => scenario.name === 'a release (public)');
    if (engine === 'postgres' && options.scaleOut && release) {
      scaleOut = await measureScaleOut(
        serverOptionsFor(engine, prepared.full, 'scale-out', options),
        WORK_DIR,
        release,
        load,
        os.cpus().length,
        progress,
      );
    }
    const checks = [
      ...engineChecks(engine, results, second.startupMs, {
        afterStartMiB,
        peakMiB: Math.max(peakSampledMiB, vmHwmMiB),
      }),
      ...(small ? auditGrowthChecks(results, small, inspected.events) : []),
      ...(scaleOut ? [scaleOutCheck(scaleOut)] : []),
    ];
    return {
      engine,
      events: inspected.events,
      load: loadFacts(prepared.facts),
      verify: inspected.verify
        ? { events: inspected.verify.events, seconds: inspected.verify.ms / 1000 }
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
      staticRates,
      small,
      scaleOut,
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
  // Issue 14's Code budgets first: CPU only, before any server or database is busy.
  let code: CodeBudgetReport | undefined;
  if (options.code) {
    code = await measureCodeBudgets(progress);
    process.stdout.write(`\n${formatCodeReport(code)}\n`);
  }
  const reports: EngineReport[] = [];
  if (!options.codeOnly) {
    for (const engine of options.engines) {
      const report = await benchEngine(engine, options);
      reports.push(report);
      process.stdout.write(`\n${formatEngineReport(report)}\n`);
    }
  }
  // A run that skipped the chain verification proves nothing about the targets.
  const pass =
    (code?.pass ?? true) &&
    (options.codeOnly || (options.verify && reports.every((report) => report.pass)));
  const summary = {
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      memoryMiB: Math.round(mib(os.totalmem() / 1024)),
    },
    options,
    code,
    reports,
    pass,
  };
  process.stdout.write(`\n${JSON.stringify(summary, null, 2)}\n`);
  return pass ? 0 : 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllServers();
    killAllHelpers();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
process.once('exit', () => {
  killAllServers();
  killAllHelpers();
});

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
    killAllHelpers();
    process.exitCode = 1;
  },
);
