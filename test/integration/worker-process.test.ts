import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { enqueueJob, getJob } from '../../src/jobs/jobs.store.ts';
import { DCC_REQUEST_SWEEP_JOB } from '../../src/modules/dcc-request/dcc-request.jobs.ts';
import { DIGEST_JOB } from '../../src/modules/notification/notification.jobs.ts';
import { startServer, startWorkerProcess } from '../support/server-process.ts';
import { ENGINES, createTestDatabase } from '../support/test-db.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 11: several app servers share one worker. `secrel serve --no-worker` serves the web
 * tier and leaves jobs alone; `secrel worker` runs them (the same handlers serve registers).
 * PGlite opens in one process at a time, so the database is read between the processes.
 */
describe.each(ENGINES)('serve --no-worker and secrel worker on %s', (engine) => {
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  let closeDatabase: () => Promise<void> = () => Promise.resolve();

  async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase({ dataDir, databaseUrl });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    if (engine === 'pglite') {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-worker-'));
      await withDatabase(async (database) => {
        await migrateToLatest(database.db);
      });
    } else {
      const database = await createTestDatabase('postgres');
      databaseUrl = database.url;
      closeDatabase = () => database.close();
    }
  });
  afterAll(async () => {
    await closeDatabase();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('serve --no-worker leaves a due job alone; secrel worker runs it, then stops cleanly', async () => {
    const args = dataDir ? ['--data-dir', dataDir] : ['--database-url', databaseUrl ?? ''];
    const env = { WORKER_POLL_MS: '100' };
    const due = new Date(Date.now() - 60_000);
    const id = await withDatabase(async (database) => {
      await database.db.deleteFrom('job').execute();
      return enqueueJob(
        database.db,
        { kind: DCC_REQUEST_SWEEP_JOB, runAt: due, dedupeKey: 'issue 11 worker test' },
        due,
      );
    });

    const web = await startServer(['--no-worker', ...args], env);
    // The address it really bound, not "localhost".
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${web.url}/health`)).status).toBe(200);
    await sleep(1500); // fifteen poll intervals
    expect(await web.stop()).toBe(0);
    expect(web.output()).toMatch(/no worker \(--no-worker\)/);
    await withDatabase(async (database) => {
      expect(await getJob(database.db, id ?? 0)).toMatchObject({
        attempts: 0,
        done_at: null,
        locked_by: null,
      });
      // Nor did it queue the periodic sweeps: that is the worker's part.
      expect(await database.db.selectFrom('job').select('id').execute()).toHaveLength(1);
    });

    const worker = await startWorkerProcess(args, env);
    expect(worker.output()).toMatch(/secrel worker started \(engine: \w+, .*every 100 ms/);
    if (engine === 'postgres') {
      // PostgreSQL is shared: watch the job get done while the worker runs.
      for (let n = 0; n < 100; n += 1) {
        const done = await withDatabase(async (db) => (await getJob(db.db, id ?? 0))?.done_at);
        if (done) break;
        await sleep(100);
      }
    } else {
      await sleep(3000);
    }
    expect(await worker.stop()).toBe(0);
    expect(worker.output()).toMatch(/SIGTERM: stopping the worker/);
    expect(worker.output()).toMatch(/worker stopped; released 0 job\(s\) and 0 e-mail\(s\)/);
    await withDatabase(async (database) => {
      const job = await getJob(database.db, id ?? 0);
      expect(job?.done_at).not.toBeNull();
      expect(job).toMatchObject({ attempts: 1, last_error: null });
      const kinds = await database.db.selectFrom('job').select('kind').distinct().execute();
      // Issue 13 (dfcf147): the worker also queues the next daily summary of notifications.
      expect(kinds.map((row) => row.kind).sort()).toEqual([
        DCC_REQUEST_SWEEP_JOB,
        DIGEST_JOB,
        'release.policy_sweep',
      ]);
    });
  }, 120_000);
});
