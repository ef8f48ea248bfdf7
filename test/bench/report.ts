import type { Engine } from '../../src/db/database.ts';
import type { ScenarioResult } from './measure.ts';
import type { ScaleOutResult } from './scale-out.ts';
import { BUSY_PCT, type Settled } from './settle.ts';

/** The targets of the design: latency at 50 users, and the embedded server's start and memory. */
export const TARGETS = {
  p95Ms: 100,
  p99Ms: 250,
  /** Issue 11: the second start, on existing embedded data, compiled (dist/). */
  startupMs: 2000,
  /** Issue 11: resident memory once started, before any load. */
  startRssMiB: 200,
  /** Peak resident memory under the bench's load. */
  rssMiB: 300,
  /** A deep page may be this much slower than the first before it counts as slowing down. */
  deepPageFactor: 1.25,
  deepPageSlackMs: 5,
  /** Issue 12: a public page serves at least this share of its static twin's rate. */
  staticShare: 0.5,
  /** Issue 12: p99 at the full audit trail over p99 at the history's own (~10k events). */
  auditGrowth: 1.5,
  /** Issue 12: two app servers over one on the release page. */
  scaleOut: 1.6,
} as const;

export interface Check {
  name: string;
  value: string;
  target: string;
  pass: boolean;
}

export interface EngineReport {
  engine: Engine;
  events: number;
  load: {
    /** Whether the history was generated in this run (false: copied from the cache). */
    generated: boolean;
    generateSeconds: number;
    eventsAdded: number;
    topUpSeconds: number;
    vacuumSeconds: number;
  };
  verify: { events: number; seconds: number } | undefined;
  startup: { firstMs: number; secondMs: number };
  memory: {
    /** VmRSS of the second start, the larger of at /ready 200 and after two idle seconds. */
    afterStartMiB: number;
    peakSampledMiB: number;
    vmHwmMiB: number;
    samples: number;
    byScenarioMiB: Record<string, number>;
  };
  loadAverageBefore: number[];
  scenarios: (ScenarioResult & { settled: Settled; pass: boolean })[];
  /** The static twins' rates, by public scenario. */
  staticRates: Record<string, number>;
  /** The audit-scaled scenarios on the history alone, and its audit events. */
  small: { events: number; scenarios: ScenarioResult[] } | undefined;
  scaleOut: ScaleOutResult | undefined;
  checks: Check[];
  pass: boolean;
}

/**
 * Whether a scenario met its budget without errors: p95 and p99 on PostgreSQL, p95 on PGlite
 * (issue 12), and on PostgreSQL a public page at least half its static twin's rate.
 */
export function scenarioPasses(
  engine: Engine,
  result: ScenarioResult,
  staticRate: number | undefined,
): boolean {
  const latency =
    result.p95 <= TARGETS.p95Ms && (engine === 'pglite' || result.p99 <= TARGETS.p99Ms);
  const share =
    engine === 'pglite' ||
    staticRate === undefined ||
    result.requestsPerSecond >= TARGETS.staticShare * staticRate;
  return result.errors === 0 && latency && share;
}

/** The budget of a scenario as the table prints it. */
function budgetText(engine: Engine, isPublic: boolean): string {
  const latency =
    engine === 'pglite' ? `p95≤${TARGETS.p95Ms}` : `p95≤${TARGETS.p95Ms} p99≤${TARGETS.p99Ms}`;
  return engine === 'postgres' && isPublic
    ? `${latency} ≥${TARGETS.staticShare * 100}% static`
    : latency;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');

export function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return rightAligned.has(column) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join(
    '\n',
  );
}

/** The human-readable report of one engine. */
export function formatEngineReport(report: EngineReport): string {
  const title = `${report.engine === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)'}: ${report.events.toLocaleString('en-GB')} audit events`;
  const rows = report.scenarios.map((result) => {
    const staticRate = report.staticRates[result.name];
    return [
      result.name,
      kb(result.bytes),
      result.requestsPerSecond.toFixed(0),
      ms(result.p95),
      ms(result.p99),
      String(result.errors),
      staticRate === undefined ? '' : staticRate.toFixed(0),
      staticRate === undefined
        ? ''
        : `${((100 * result.requestsPerSecond) / staticRate).toFixed(0)} %`,
      budgetText(report.engine, staticRate !== undefined),
      result.pass ? 'PASS' : 'FAIL',
      result.settled.backgroundPct.toFixed(0),
    ];
  });
  const scenarioTable = table(
    [
      'scenario',
      'bytes',
      'req/s',
      'p95 ms',
      'p99 ms',
      'errors',
      'static req/s',
      'secrel/static',
      'budget',
      'result',
      'bg%',
    ],
    rows,
    new Set([1, 2, 3, 4, 5, 6, 7, 10]),
  );
  const checkTable = table(
    ['check', 'value', 'target', 'result'],
    report.checks.map((check) => [
      check.name,
      check.value,
      check.target,
      check.pass ? 'PASS' : 'FAIL',
    ]),
    new Set(),
  );
  const facts = [
    report.load.generated || report.load.eventsAdded > 0
      ? `load: history ${report.load.generated ? `generated in ${report.load.generateSeconds.toFixed(0)} s` : 'from the cache'}, ${report.load.eventsAdded.toLocaleString('en-GB')} events added in ${report.load.topUpSeconds.toFixed(1)} s, vacuum analyze ${report.load.vacuumSeconds.toFixed(1)} s`
      : 'load: history and audit events copied from the cache',
    report.verify
      ? `verify: ${report.verify.events.toLocaleString('en-GB')} events in ${report.verify.seconds.toFixed(1)} s`
      : 'verify: skipped (--no-verify): this run cannot pass',
    `startup: first ${(report.startup.firstMs / 1000).toFixed(2)} s, second ${(report.startup.secondMs / 1000).toFixed(2)} s`,
    `memory: after start ${report.memory.afterStartMiB.toFixed(0)} MiB; peak VmRSS sampled ${report.memory.peakSampledMiB.toFixed(0)} MiB (${report.memory.samples} samples), VmHWM ${report.memory.vmHwmMiB.toFixed(0)} MiB`,
    `load average before: ${report.loadAverageBefore.map((value) => value.toFixed(2)).join(' ')}`,
  ];
  const busy = report.scenarios.filter((result) => result.settled.backgroundPct > BUSY_PCT);
  if (busy.length > 0) {
    facts.push(
      `WARNING: other work kept the machine over ${BUSY_PCT}% busy before ${busy.length} scenario(s) (bg% column): their latencies are overstated`,
    );
  }
  return [
    title,
    '',
    scenarioTable,
    '',
    checkTable,
    '',
    ...facts,
    `overall: ${report.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

/** The checks beyond per-scenario latency: pagination depth, start-up and memory (embedded). */
export function engineChecks(
  engine: Engine,
  scenarios: readonly ScenarioResult[],
  startupMs: number,
  memory: { afterStartMiB: number; peakMiB: number },
): Check[] {
  const checks: Check[] = [];
  const pairs: [string, string][] = [['audit page, newest', 'audit page, deep']];
  for (const [firstName, deepName] of pairs) {
    const first = scenarios.find((result) => result.name === firstName);
    const deep = scenarios.find((result) => result.name === deepName);
    if (!first || !deep) continue;
    const limit = first.p95 * TARGETS.deepPageFactor + TARGETS.deepPageSlackMs;
    checks.push({
      name: 'deep audit page p95 vs first page',
      value: `${ms(deep.p95)} ms vs ${ms(first.p95)} ms`,
      target: `≤ ${ms(limit)} ms (×${TARGETS.deepPageFactor} + ${TARGETS.deepPageSlackMs} ms)`,
      pass: deep.p95 <= limit,
    });
  }
  const embedded = engine === 'pglite';
  checks.push({
    name: 'second start to /ready 200',
    value: `${(startupMs / 1000).toFixed(2)} s`,
    target: embedded ? `≤ ${TARGETS.startupMs / 1000} s` : '(embedded only)',
    pass: !embedded || startupMs <= TARGETS.startupMs,
  });
  checks.push({
    name: 'server memory after start (VmRSS)',
    value: `${memory.afterStartMiB.toFixed(0)} MiB`,
    target: embedded ? `≤ ${TARGETS.startRssMiB} MiB` : '(embedded only)',
    pass: !embedded || memory.afterStartMiB <= TARGETS.startRssMiB,
  });
  checks.push({
    name: 'peak server memory under load (max of VmRSS samples, VmHWM)',
    value: `${memory.peakMiB.toFixed(0)} MiB`,
    target: embedded ? `≤ ${TARGETS.rssMiB} MiB` : '(embedded only)',
    pass: !embedded || memory.peakMiB <= TARGETS.rssMiB,
  });
  return checks;
}

/**
 * Issue 12: the audit-scaled scenarios' p99 on the full trail is at most
 * {@link TARGETS.auditGrowth} times their p99 on the history's own trail.
 */
export function auditGrowthChecks(
  full: readonly ScenarioResult[],
  small: { events: number; scenarios: readonly ScenarioResult[] },
  fullEvents: number,
): Check[] {
  return small.scenarios.flatMap((few) => {
    const many = full.find((result) => result.name === few.name);
    if (!many) return [];
    return [
      {
        name: `${few.name}: p99 at ${fullEvents.toLocaleString('en-GB')} vs ${small.events.toLocaleString('en-GB')} audit events`,
        value: `${ms(many.p99)} ms vs ${ms(few.p99)} ms`,
        target: `≤ ×${TARGETS.auditGrowth} (${ms(few.p99 * TARGETS.auditGrowth)} ms)`,
        pass: many.p99 <= few.p99 * TARGETS.auditGrowth,
      },
    ];
  });
}

/** Issue 12: two app servers and a worker behind the proxy, against one app server. */
export function scaleOutCheck(result: ScaleOutResult): Check {
  return {
    name: `scale-out on the release page (${result.cpus} CPUs): two app servers vs one`,
    value: `${result.two.requestsPerSecond.toFixed(0)} vs ${result.one.requestsPerSecond.toFixed(0)} req/s (×${result.ratio.toFixed(2)})`,
    target: `≥ ×${TARGETS.scaleOut}`,
    pass: result.ratio >= TARGETS.scaleOut,
  };
}
