import autocannon, { type AutocannonRequest } from 'autocannon';
import type { CpuMeter, CpuShare } from './cpu.ts';

/** One page or API call under load. */
export interface Scenario {
  name: string;
  path: string;
  headers?: Record<string, string>;
  /** GET unless given (the write scenario POSTs). */
  method?: 'GET' | 'POST';
  /** The body of each request, made afresh for each (a write must not repeat itself). */
  body?: () => string;
  /** A public page: measured against its static twin (the same bytes from a plain server). */
  public?: boolean;
}

export interface LoadSettings {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of traffic before measuring, discarded. */
  warmup: number;
}

export interface Latencies {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface ScenarioResult extends Latencies {
  name: string;
  path: string;
  /** Size of one answer's body, read before the load. */
  bytes: number;
  requestsPerSecond: number;
  /** Non-2xx answers plus request errors (timeouts, resets). */
  errors: number;
  statusCounts: Record<string, number>;
  cpu: CpuShare | undefined;
}

/** Nearest-rank percentiles of response times in milliseconds. */
export function percentiles(times: readonly number[]): Latencies {
  const sorted = Float64Array.from(times).sort();
  const at = (p: number): number => {
    if (sorted.length === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
  };
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: at(100) };
}

interface Recorded {
  times: number[];
  statusCounts: Record<string, number>;
  requestErrors: number;
  seconds: number;
}

/** Runs autocannon once and records every response time from its `response` event. */
async function fire(
  url: string,
  scenario: Scenario,
  connections: number,
  duration: number,
): Promise<Recorded> {
  const headers = scenario.headers ?? {};
  const makeBody = scenario.body;
  const times: number[] = [];
  const statusCounts: Record<string, number> = {};
  let requestErrors = 0;
  const began = performance.now();
  await new Promise<void>((resolve, reject) => {
    const requests =
      makeBody === undefined
        ? undefined
        : [{ setupRequest: (request: AutocannonRequest) => ({ ...request, body: makeBody() }) }];
    const options = {
      url,
      connections,
      duration,
      headers,
      timeout: 10,
      method: scenario.method ?? 'GET',
      requests,
    };
    const instance = autocannon(options, (error) => {
      if (error) reject(error);
      else resolve();
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      const key = String(statusCode);
      statusCounts[key] = (statusCounts[key] ?? 0) + 1;
    });
    instance.on('reqError', () => {
      requestErrors += 1;
    });
  });
  return { times, statusCounts, requestErrors, seconds: (performance.now() - began) / 1000 };
}

/** One answer to the scenario's request, which must be a 2xx: the bytes its static twin serves. */
export async function sample(url: string, scenario: Scenario): Promise<Buffer> {
  const response = await fetch(url, {
    method: scenario.method ?? 'GET',
    headers: scenario.headers,
    body: scenario.body?.(),
    signal: AbortSignal.timeout(60_000),
  });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status < 200 || response.status > 299) {
    throw new Error(
      `${scenario.name}: ${scenario.method ?? 'GET'} ${url} answered ${response.status}: ${body.toString('utf8').slice(0, 500)}`,
    );
  }
  return body;
}

/**
 * Warms a scenario up (then lets `afterWarmup` wait for the server to finish the warm-up's
 * abandoned requests), then measures it at the given concurrency for the given duration.
 */
export async function runScenario(
  baseUrl: string,
  scenario: Scenario,
  load: LoadSettings,
  meter?: CpuMeter,
  afterWarmup?: () => Promise<unknown>,
): Promise<ScenarioResult> {
  const url = `${baseUrl}${scenario.path}`;
  const bytes = (await sample(url, scenario)).length;
  if (load.warmup > 0) {
    await fire(url, scenario, load.connections, load.warmup);
    await afterWarmup?.();
  }
  await meter?.start();
  const recorded = await fire(url, scenario, load.connections, load.duration);
  const cpu = await meter?.stop(recorded.times.length);
  const non2xx = Object.entries(recorded.statusCounts)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    name: scenario.name,
    path: scenario.path,
    bytes,
    ...percentiles(recorded.times),
    requestsPerSecond: recorded.times.length / recorded.seconds,
    errors: non2xx + recorded.requestErrors,
    statusCounts: recorded.statusCounts,
    cpu,
  };
}
