import type { AppContext } from '../../src/app-context.ts';
import type { Engine } from '../../src/db/database.ts';
import {
  DEMO_STEPS,
  loadDemoData,
  type DemoState,
  type DemoStep,
} from '../../src/demo/demo-data.ts';
import { createTestDatabase, TestClock, testConfig, testContext } from './test-db.ts';

/** The instant demo-data tests load the demo at: Friday 27 November 2026, 10:00 UTC. */
export const DEMO_NOW = '2026-11-27T10:00:00Z';

export interface DemoDatabase {
  ctx: AppContext;
  clock: TestClock;
  /** Drops the database. */
  close(): Promise<void>;
}

/** A fresh database of `engine`, its clock at DEMO_NOW, with `steps` of the demo loaded. */
export async function givenDemo(
  engine: Engine,
  steps: readonly DemoStep[] = DEMO_STEPS,
): Promise<DemoDatabase> {
  const database = await createTestDatabase(engine);
  const clock = new TestClock(DEMO_NOW);
  const ctx = testContext(database, clock, testConfig());
  await loadDemoData(ctx, steps);
  return { ctx, clock, close: () => database.close() };
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
