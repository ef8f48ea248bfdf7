import autocannon from 'autocannon';
import type { CpuMeter, CpuShare } from './cpu.ts';

/** One page or API call under load. */
export interface Scenario {
  name: string;
  path: string;
  headers?: Record<string, string>;
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
  headers: Record<string, string>,
  connections: number,
  duration: number,
): Promise<Recorded> {
  const times: number[] = [];
  const statusCounts: Record<string, number> = {};
  let requestErrors = 0;
  const began = performance.now();
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, headers, timeout: 10 }, (error) => {
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
  const headers = scenario.headers ?? {};
  if (load.warmup > 0) {
    await fire(url, headers, load.connections, load.warmup);
    await afterWarmup?.();
  }
  await meter?.start();
  const recorded = await fire(url, headers, load.connections, load.duration);
  const cpu = await meter?.stop(recorded.times.length);
  const non2xx = Object.entries(recorded.statusCounts)
    .filter(([code]) => !code.startsWith('2'))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    name: scenario.name,
    path: scenario.path,
    ...percentiles(recorded.times),
    requestsPerSecond: recorded.times.length / recorded.seconds,
    errors: non2xx + recorded.requestErrors,
    statusCounts: recorded.statusCounts,
    cpu,
  };
}
