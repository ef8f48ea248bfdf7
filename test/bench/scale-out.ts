import path from 'node:path';
import { spawnHelper } from './helpers.ts';
import { runScenario, type LoadSettings, type Scenario, type ScenarioResult } from './measure.ts';
import { drainBacklog } from './settle.ts';
import { startServer, startWorker, type StartOptions } from './server.ts';

export interface ScaleOutResult {
  one: ScenarioResult;
  two: ScenarioResult;
  /** Throughput of two app servers over one, both behind the same proxy. */
  ratio: number;
  cpus: number;
}

/**
 * Issue 12, scale-out: one `secrel worker` and app servers run with `serve --no-worker` on one
 * PostgreSQL database behind the bench's round-robin proxy; the release page is measured with
 * one app server behind the proxy, then with two.
 */
export async function measureScaleOut(
  options: StartOptions,
  workDir: string,
  scenario: Scenario,
  load: LoadSettings,
  cpus: number,
  progress: (message: string) => void,
): Promise<ScaleOutResult> {
  const serverOptions = (name: string): StartOptions => ({
    ...options,
    serverArgs: [...options.serverArgs, '--no-worker'],
    logFile: path.join(workDir, `scale-out-${name}.log`),
  });
  const worker = await startWorker({
    ...options,
    logFile: path.join(workDir, 'scale-out-worker.log'),
  });
  const first = await startServer(serverOptions('a'));
  const second = await startServer(serverOptions('b'));
  try {
    const measure = async (servers: { baseUrl: string }[], label: string) => {
      const ports = servers.map((server) => new URL(server.baseUrl).port);
      const proxy = await spawnHelper('proxy-server.ts', ports);
      try {
        const base = `http://127.0.0.1:${proxy.port}`;
        const result = await runScenario(
          base,
          { ...scenario, name: `${scenario.name}, ${label}` },
          load,
          undefined,
          () => Promise.all(servers.map((server) => drainBacklog(server.baseUrl))),
        );
        progress(
          `  scale-out, ${label}: ${result.requestsPerSecond.toFixed(0)} req/s, p95 ${result.p95.toFixed(1)} ms`,
        );
        return result;
      } finally {
        await proxy.stop();
      }
    };
    const one = await measure([first.server], 'one app server');
    await drainBacklog(first.server.baseUrl);
    const two = await measure([first.server, second.server], 'two app servers');
    return { one, two, ratio: two.requestsPerSecond / one.requestsPerSecond, cpus };
  } finally {
    await Promise.all([first.server.stop(), second.server.stop()]);
    await worker.stop();
  }
}
