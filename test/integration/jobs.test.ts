import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import {
  JOB_MAX_ATTEMPTS,
  claimDueJobs,
  completeJob,
  enqueueJob,
  failJob,
  getJob,
  retryDelayMs,
} from '../../src/jobs/jobs.store.ts';
import { startWorker, type JobHandler, type WorkerLog } from '../../src/jobs/worker.ts';
import {
  ENGINES,
  TestClock,
  createTestDatabase,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

const MINUTE = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LogLine {
  level: string;
  message: string;
  detail: Record<string, unknown> | undefined;
}

function collectLog(): { lines: LogLine[]; log: WorkerLog } {
  const lines: LogLine[] = [];
  return { lines, log: (level, message, detail) => lines.push({ level, message, detail }) };
}

describe('retry back-off', () => {
  it.each([
    [1, 2 * MINUTE],
    [2, 4 * MINUTE],
    [5, 32 * MINUTE],
    [6, 60 * MINUTE],
    [JOB_MAX_ATTEMPTS, 60 * MINUTE],
  ])('after failure %i a job waits %i ms (2^attempts minutes, at most an hour)', (n, ms) => {
    expect(retryDelayMs(n)).toBe(ms);
  });
});

describe.each(ENGINES)('%s', (engine) => {
  let database: TestDatabase;
  let clock: TestClock;
  let ctx: AppContext;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('job').execute();
    clock = new TestClock();
    ctx = testContext(database, clock);
  });

  it('two workers over separate connections run each of 50 jobs exactly once', async () => {
    // On PostgreSQL the second worker gets a pool of its own, as a second app server would.
    const second: Database | undefined =
      database.url === undefined
        ? undefined
        : await openDatabase({ databaseUrl: database.url, poolSize: 5 });
    const otherCtx: AppContext = { ...ctx, db: second?.db ?? database.db };
    const runs = new Map<number, number>();
    const byWorker = new Map<string, number>();
    const count: JobHandler = async (_ctx, _payload, job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      byWorker.set(job.locked_by ?? '?', (byWorker.get(job.locked_by ?? '?') ?? 0) + 1);
      await sleep(10);
    };
    const ids: number[] = [];
    for (let n = 0; n < 50; n += 1) {
      const id = await enqueueJob(
        ctx.db,
        { kind: 'count', runAt: clock.now(), payload: { n } },
        clock.now(),
      );
      if (id !== null) ids.push(id);
    }
    const { lines, log } = collectLog();
    const options = { handlers: { count }, mailer: null, pollMs: 10, batchSize: 5, log };
    const workers = [
      startWorker(ctx, { ...options, workerId: 'server-a' }),
      startWorker(otherCtx, { ...options, workerId: 'server-b' }),
    ];
    try {
      await vi.waitFor(
        async () => {
          const done = await ctx.db
            .selectFrom('job')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('done_at', 'is not', null)
            .executeTakeFirstOrThrow();
          expect(done.n).toBe(50);
        },
        { timeout: 20_000, interval: 50 },
      );
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
      await second?.close();
    }
    expect(ids).toHaveLength(50);
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(ids);
    expect([...runs.values()].every((times) => times === 1)).toBe(true);
    expect(byWorker.get('server-a')).toBeGreaterThan(0);
    expect(byWorker.get('server-b')).toBeGreaterThan(0);
    const rows = await ctx.db.selectFrom('job').select(['attempts', 'last_error']).execute();
    expect(rows.every((row) => row.attempts === 1 && row.last_error === null)).toBe(true);
    expect(lines).toEqual([]);
  });

  it('retries a job whose handler throws later, recording the error', async () => {
    const payloads: unknown[] = [];
    const flaky: JobHandler = (_ctx, payload) => {
      payloads.push(payload);
      return payloads.length === 1
        ? Promise.reject(new Error('upstream not answering'))
        : Promise.resolve();
    };
    const { lines, log } = collectLog();
    const worker = startWorker(ctx, {
      handlers: { flaky },
      mailer: null,
      pollMs: 60_000,
      workerId: 'w',
      log,
    });
    const id = await enqueueJob(
      ctx.db,
      { kind: 'flaky', runAt: clock.now(), payload: { appeal: 7 } },
      clock.now(),
    );
    expect(id).not.toBeNull();
    expect(await worker.runOnce()).toEqual({ jobs: 1, messages: 0 });
    const failed = await getJob(ctx.db, id ?? 0);
    expect(failed).toMatchObject({
      attempts: 1,
      done_at: null,
      locked_until: null,
      last_error: 'upstream not answering',
    });
    expect(failed?.run_at).toEqual(new Date(clock.now().getTime() + 2 * MINUTE));
    expect(lines).toMatchObject([{ level: 'warn', detail: { jobId: id, outcome: 'retry' } }]);

    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 0 });
    clock.advance(2 * MINUTE);
    expect(await worker.runOnce()).toEqual({ jobs: 1, messages: 0 });
    await worker.stop();

    const done = await getJob(ctx.db, id ?? 0);
    expect(done).toMatchObject({ attempts: 2, done_at: clock.now(), last_error: null });
    expect(payloads).toEqual([{ appeal: 7 }, { appeal: 7 }]);
  });

  it(`closes a job as failed after ${JOB_MAX_ATTEMPTS} attempts and stops retrying it`, async () => {
    let calls = 0;
    const broken: JobHandler = () => {
      calls += 1;
      return Promise.reject(new Error(`attempt ${calls} failed`));
    };
    const { lines, log } = collectLog();
    const worker = startWorker(ctx, {
      handlers: { broken },
      mailer: null,
      pollMs: 60_000,
      workerId: 'w',
      log,
    });
    const id = (await enqueueJob(ctx.db, { kind: 'broken', runAt: clock.now() }, clock.now())) ?? 0;
    for (let n = 0; n < JOB_MAX_ATTEMPTS + 2; n += 1) {
      await worker.runOnce();
      clock.advance(61 * MINUTE);
    }
    await worker.stop();
    expect(calls).toBe(JOB_MAX_ATTEMPTS);
    const row = await getJob(ctx.db, id);
    expect(row).toMatchObject({
      attempts: JOB_MAX_ATTEMPTS,
      last_error: `attempt ${JOB_MAX_ATTEMPTS} failed`,
    });
    expect(row?.done_at).toBeInstanceOf(Date);
    expect(lines.at(-1)).toMatchObject({ level: 'error', detail: { outcome: 'failed' } });
  });

  it('records a job of a kind with no handler as a failed attempt', async () => {
    const { log } = collectLog();
    const worker = startWorker(ctx, {
      handlers: {},
      mailer: null,
      pollMs: 60_000,
      workerId: 'w',
      log,
    });
    const id =
      (await enqueueJob(ctx.db, { kind: 'mystery', runAt: clock.now() }, clock.now())) ?? 0;
    expect(await worker.runOnce()).toEqual({ jobs: 1, messages: 0 });
    await worker.stop();
    expect(await getJob(ctx.db, id)).toMatchObject({
      attempts: 1,
      done_at: null,
      last_error: 'No handler for job kind "mystery"',
    });
  });

  it('queues a dedupe key once, and a job queued in a rolled-back transaction not at all', async () => {
    const job = { kind: 'reminder', runAt: clock.now(), dedupeKey: 'appeal:123:reminder:T-2' };
    const first = await enqueueJob(ctx.db, job, clock.now());
    const second = await enqueueJob(ctx.db, { ...job, payload: { again: true } }, clock.now());
    expect(first).toEqual(expect.any(Number));
    expect(second).toBeNull();
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { ...job, dedupeKey: 'rolled-back' }, clock.now());
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    const rows = await ctx.db.selectFrom('job').select(['id', 'dedupe_key', 'payload']).execute();
    expect(rows).toEqual([{ id: first, dedupe_key: 'appeal:123:reminder:T-2', payload: {} }]);
  });

  it('lets another worker take a job whose lease ran out, and ignores the stale outcome', async () => {
    const id = (await enqueueJob(ctx.db, { kind: 'slow', runAt: clock.now() }, clock.now())) ?? 0;
    const [byA] = await claimDueJobs(ctx.db, clock.now(), 'a', MINUTE, 10);
    expect(await claimDueJobs(ctx.db, clock.now(), 'b', MINUTE, 10)).toEqual([]);
    clock.advance(2 * MINUTE);
    const [byB] = await claimDueJobs(ctx.db, clock.now(), 'b', MINUTE, 10);
    expect(byA).toMatchObject({ id, attempts: 1, locked_by: 'a' });
    expect(byB).toMatchObject({ id, attempts: 2, locked_by: 'b' });
    if (!byA || !byB) throw new Error('both claims should hold the job');
    expect(await completeJob(ctx.db, byA, clock.now())).toBe(false);
    expect(await failJob(ctx.db, byA, 'late failure', clock.now())).toBe('stale');
    expect((await getJob(ctx.db, id))?.done_at).toBeNull();
    expect(await completeJob(ctx.db, byB, clock.now())).toBe(true);
    expect(await getJob(ctx.db, id)).toMatchObject({ done_at: clock.now(), last_error: null });
  });

  it('never overlaps ticks; stop() waits for the tick in flight, and a tick queued behind it claims nothing', async () => {
    let active = 0;
    let most = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held: JobHandler = async () => {
      active += 1;
      most = Math.max(most, active);
      await gate;
      active -= 1;
    };
    const worker = startWorker(ctx, {
      handlers: { held },
      mailer: null,
      pollMs: 60_000,
      workerId: 'w',
      batchSize: 1,
      log: collectLog().log,
    });
    await enqueueJob(ctx.db, { kind: 'held', runAt: clock.now() }, clock.now());
    const second = await enqueueJob(ctx.db, { kind: 'held', runAt: clock.now() }, clock.now());
    const ticks = [worker.runOnce(), worker.runOnce()];
    await vi.waitFor(() => {
      expect(active).toBe(1);
    });
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await sleep(50);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await Promise.all(ticks)).toEqual([
      { jobs: 1, messages: 0 },
      { jobs: 0, messages: 0 },
    ]);
    expect(most).toBe(1);
    // Issue 11: the stopped worker left the second job for another worker, unclaimed.
    expect(await getJob(ctx.db, second ?? 0)).toMatchObject({
      attempts: 0,
      locked_until: null,
      done_at: null,
    });
  });

  it('logs a tick that cannot reach the database instead of throwing', async () => {
    const gone = await createTestDatabase(engine);
    await gone.close();
    const { lines, log } = collectLog();
    const worker = startWorker(
      { ...ctx, db: gone.db },
      { handlers: {}, mailer: null, pollMs: 60_000, workerId: 'w', log },
    );
    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 0 });
    await worker.stop();
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', message: 'running jobs failed' }),
    ]);
  });
});

describe('worker process', () => {
  it('lets the process exit once the worker has stopped', async () => {
    const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
    const script = `
      import { openDatabase } from ${url('../../src/db/database.ts')};
      import { migrateToLatest } from ${url('../../src/db/migrate.ts')};
      import { startWorker } from ${url('../../src/jobs/worker.ts')};
      const database = await openDatabase({ dataDir: 'memory://' });
      await migrateToLatest(database.db);
      let ticks = 0;
      const ctx = { db: database.db, engine: database.engine, config: {}, now: () => new Date() };
      const worker = startWorker(ctx, { handlers: {}, mailer: null, pollMs: 10, workerId: 'child', log: console.error });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await worker.stop();
      await database.close();
      console.log('stopped');`;
    const run = promisify(execFile);
    const root = fileURLToPath(new URL('../..', import.meta.url));
    // A timer left running would keep the child alive until the time-out kills it.
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: root, timeout: 50_000 },
    );
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('stopped');
  }, 60_000);
});
