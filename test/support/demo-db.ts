import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../src/app-context.ts';
import { openDatabase, type Engine } from '../../src/db/database.ts';
import {
  DEMO_STEPS,
  loadDemoData,
  type DemoState,
  type DemoStep,
} from '../../src/demo/demo-data.ts';
import { databaseUrl, withAdminClient } from './postgres-admin.ts';
import { saveDataDir } from './snapshots.ts';
import {
  createPostgresCopy,
  createTestDatabase,
  openPGliteCopy,
  TestClock,
  testConfig,
  testContext,
  testSnapshots,
  type TestDatabase,
} from './test-db.ts';

/** The instant demo-data tests load the demo at: Friday 27 November 2026, 10:00 UTC. */
export const DEMO_NOW = '2026-11-27T10:00:00Z';

export interface DemoDatabase {
  ctx: AppContext;
  clock: TestClock;
  /** Drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh database of `engine`, its clock at DEMO_NOW, with `steps` of the demo loaded.
 *
 * The first file of a run to ask for a set of steps on an engine loads them and keeps a
 * snapshot; later files get a copy of it, exactly what loading the same steps at the same
 * instant would give.
 */
export async function givenDemo(
  engine: Engine,
  steps: readonly DemoStep[] = DEMO_STEPS,
): Promise<DemoDatabase> {
  const database = await demoDatabase(engine, steps);
  const clock = new TestClock(DEMO_NOW);
  const ctx = testContext(database, clock, testConfig());
  return { ctx, clock, close: () => database.close() };
}

/** A new migrated database of `engine` with `steps` of the demo loaded at DEMO_NOW. */
async function loadDemo(engine: Engine, steps: readonly DemoStep[]): Promise<TestDatabase> {
  const database = await createTestDatabase(engine);
  try {
    await loadDemoData(testContext(database, new TestClock(DEMO_NOW), testConfig()), steps);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** This worker's demo tarballs, by steps. */
const demoTarballs = new Map<string, Blob>();

async function demoDatabase(engine: Engine, steps: readonly DemoStep[]): Promise<TestDatabase> {
  const snapshots = testSnapshots();
  const key = createHash('sha256')
    .update(steps.map((step) => step.name).join('\n'))
    .digest('hex')
    .slice(0, 12);
  if (engine === 'pglite' && snapshots) {
    const file = path.join(snapshots.snapshotDir, `demo-${key}.tar`);
    let tarball = demoTarballs.get(key);
    if (!tarball && fs.existsSync(file)) tarball = new Blob([fs.readFileSync(file)]);
    if (tarball) {
      demoTarballs.set(key, tarball);
      return openPGliteCopy(tarball);
    }
    // Two workers may both get here first: each writes the same snapshot, whole, in turn.
    const database = await loadDemo(engine, steps);
    demoTarballs.set(key, await saveDataDir(database, file));
    return database;
  }
  if (engine === 'postgres' && snapshots?.postgresTemplate) {
    const template = `${snapshots.postgresTemplate}_demo_${key}`;
    await ensureDemoTemplate(snapshots.postgresTemplate, template, steps);
    return createPostgresCopy(template);
  }
  return loadDemo(engine, steps);
}

/**
 * Makes the PostgreSQL template `name` (a copy of `migrated` with `steps` of the demo loaded)
 * unless it is there already. An advisory lock makes one worker build it while others wait;
 * a template is complete once it refuses connections, and an incomplete one is built again.
 */
async function ensureDemoTemplate(
  migrated: string,
  name: string,
  steps: readonly DemoStep[],
): Promise<void> {
  await withAdminClient(async (client) => {
    await client.query('select pg_advisory_lock(hashtext($1))', [name]);
    try {
      const { rows } = await client.query<{ datallowconn: boolean }>(
        'select datallowconn from pg_database where datname = $1',
        [name],
      );
      if (rows[0]?.datallowconn === false) return;
      if (rows[0]) await client.query(`drop database ${name} with (force)`);
      await client.query(`create database ${name} template ${migrated}`);
      const database = await openDatabase({ databaseUrl: databaseUrl(name), poolSize: 1 });
      try {
        await loadDemoData(testContext(database, new TestClock(DEMO_NOW), testConfig()), steps);
      } finally {
        await database.close();
      }
      await client.query(`alter database ${name} with allow_connections false`);
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
}

/** The demo steps up to and including the one named `name`. */
export function demoStepsUpTo(name: string): readonly DemoStep[] {
  return DEMO_STEPS.slice(0, DEMO_STEPS.findIndex((step) => step.name === name) + 1);
}

/** The demo steps whose names are in `names`, in the demo's order. */
export function demoStepsNamed(names: readonly string[]): readonly DemoStep[] {
  return DEMO_STEPS.filter((step) => names.includes(step.name));
}

/** The demo's state, rebuilt from the database (users by e-mail). */
export async function demoStateOf(ctx: AppContext): Promise<DemoState> {
  const users = await ctx.db.selectFrom('app_user').select(['id', 'email']).execute();
  return {
    organisations: new Map(),
    users: new Map(users.map((u) => [u.email, u.id])),
    signIns: [],
  };
}
