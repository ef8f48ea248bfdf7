import fs from 'node:fs';
import path from 'node:path';
import { spawnHelper } from './helpers.ts';
import { runScenario, sample, type LoadSettings, type Scenario } from './measure.ts';

/**
 * The static twins of the public pages (issue 12), each the page's bytes served by a plain
 * node:http server (static-server.ts, a child process as the app server is). The twin of a page
 * is measured just before and just after the page itself, at the same load, and its rate is the
 * mean of the two: whatever else the machine is doing weighs on both sides of the ratio alike,
 * rather than on the twins alone or on secrel alone as when all twins ran before all pages.
 */
export interface StaticTwins {
  /** Whether the scenario has a twin (it is public). */
  has(scenario: Scenario): boolean;
  /** One measurement of the scenario's twin at `load`, in requests per second. */
  rate(scenario: Scenario, load: LoadSettings): Promise<number>;
  stop(): Promise<void>;
}

/** Fetches each public page once from secrel, writes its bytes to `dir` and starts the twin. */
export async function startStaticTwins(
  baseUrl: string,
  scenarios: readonly Scenario[],
  dir: string,
): Promise<StaticTwins> {
  const publicOnes = scenarios.filter((scenario) => scenario.public === true);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const paths = new Map<string, string>();
  for (const [index, scenario] of publicOnes.entries()) {
    fs.writeFileSync(
      path.join(dir, `${index}.html`),
      await sample(`${baseUrl}${scenario.path}`, scenario),
    );
    paths.set(scenario.name, `/${index}`);
  }
  const twin = publicOnes.length === 0 ? undefined : await spawnHelper('static-server.ts', [dir]);
  return {
    has: (scenario) => paths.has(scenario.name),
    rate: async (scenario, load) => {
      const twinPath = paths.get(scenario.name);
      if (twin === undefined || twinPath === undefined)
        throw new Error(`${scenario.name} has no static twin`);
      const result = await runScenario(
        `http://127.0.0.1:${twin.port}`,
        { name: `${scenario.name}, static twin`, path: twinPath },
        load,
      );
      return result.requestsPerSecond;
    },
    stop: async () => {
      await twin?.stop();
    },
  };
}

/** The twins that never start: the bench run with `--no-static`. */
export const NO_STATIC_TWINS: StaticTwins = {
  has: () => false,
  rate: () => Promise.reject(new Error('no static twins')),
  stop: () => Promise.resolve(),
};
