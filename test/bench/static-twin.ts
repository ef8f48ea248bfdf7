import fs from 'node:fs';
import path from 'node:path';
import { spawnHelper } from './helpers.ts';
import {
  runScenario,
  sample,
  type LoadSettings,
  type Scenario,
  type ScenarioResult,
} from './measure.ts';

/** The static twins of the public pages, each the page's bytes served by a plain node:http server. */
export interface StaticTwins {
  /** The twin's result for a public scenario, by scenario name. */
  results: Map<string, ScenarioResult>;
}

/**
 * Issue 12: fetches each public page once from secrel, writes its bytes to `dir`, serves them from
 * static-server.ts (a child process, as the app server is) and measures each at the same load.
 */
export async function measureStaticTwins(
  baseUrl: string,
  scenarios: readonly Scenario[],
  load: LoadSettings,
  dir: string,
  progress: (message: string) => void,
): Promise<StaticTwins> {
  const publicOnes = scenarios.filter((scenario) => scenario.public === true);
  const results = new Map<string, ScenarioResult>();
  if (publicOnes.length === 0) return { results };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [index, scenario] of publicOnes.entries()) {
    fs.writeFileSync(
      path.join(dir, `${index}.html`),
      await sample(`${baseUrl}${scenario.path}`, scenario),
    );
  }
  const twin = await spawnHelper('static-server.ts', [dir]);
  try {
    for (const [index, scenario] of publicOnes.entries()) {
      const result = await runScenario(
        `http://127.0.0.1:${twin.port}`,
        {
          name: `${scenario.name}, static twin`,
          path: `/${index}`,
        },
        load,
      );
      progress(`  static twin of ${scenario.name}: ${result.requestsPerSecond.toFixed(0)} req/s`);
      results.set(scenario.name, result);
    }
  } finally {
    await twin.stop();
  }
  return { results };
}
