import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { enqueueJob, getJob } from '../../src/jobs/jobs.store.ts';
import { startWorker, type JobHandler, type WorkerOptions } from '../../src/jobs/worker.ts';
import type { Mailer } from '../../src/outbox/mailer.ts';
import { enqueueMessage, getOutboxMessage } from '../../src/outbox/outbox.store.ts';
import {
  ENGINES,
  TestClock,
  createTestDatabase,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

/** A gate the first job or message waits on, so the test can stop the worker mid-batch. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const quiet: WorkerOptions['log'] = () => undefined;

describe.each(ENGINES)('Issue 11: a stopping worker releases what it claimed, on %s', (engine) => {
  let database: TestDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('job').execute();
    await database.db.deleteFrom('outbox_message').execute();
    ctx = testContext(database, new TestClock());
  });

  it('finishes the job in hand, hands back the rest of its batch, and another worker takes them at once', async () => {
    const held = gate();
    let started = 0;
    const work: JobHandler = async () => {
      started += 1;
      if (started === 1) await held.opened;
    };
    const ids: number[] = [];
    for (let n = 0; n < 3; n += 1) {
      const id = await enqueueJob(ctx.db, { kind: 'work', runAt: ctx.now() }, ctx.now());
      if (id !== null) ids.push(id);
    }
    const options = { handlers: { work }, mailer: null, pollMs: 60_000, log: quiet };
    const stopping = startWorker(ctx, { ...options, workerId: 'server-a' });
    const tick = stopping.runOnce();
    await vi.waitFor(() => {
      expect(started).toBe(1);
    });
    const stopped = stopping.stop();
    held.open();
    expect(await stopped).toEqual({ jobs: 2, messages: 0 });
    expect(await tick).toEqual({ jobs: 1, messages: 0 });
    const [first, ...rest] = ids;
    expect((await getJob(ctx.db, first ?? 0))?.done_at).not.toBeNull();
    for (const id of rest) {
      // The lease is gone and the claim uncounted: no wait for `locked_until` to pass.
      expect(await getJob(ctx.db, id)).toMatchObject({
        attempts: 0,
        locked_until: null,
        locked_by: null,
        done_at: null,
      });
    }
    const other = startWorker(ctx, { ...options, workerId: 'server-b' });
    expect(await other.runOnce()).toEqual({ jobs: 2, messages: 0 });
    await other.stop();
    for (const id of rest) {
      expect(await getJob(ctx.db, id)).toMatchObject({ attempts: 1, locked_by: 'server-b' });
      expect((await getJob(ctx.db, id))?.done_at).not.toBeNull();
    }
    expect(started).toBe(3);
  });

  it('hands back the e-mail it claimed but did not send, for the next worker to send', async () => {
    for (let n = 0; n < 3; n += 1) {
      await ctx.db
        .transaction()
        .execute((trx) =>
          enqueueMessage(
            trx,
            { to: `person${n}@example.org`, subject: `Message ${n}`, text: 'Hello' },
            ctx.now(),
          ),
        );
    }
    const held = gate();
    const sent: string[] = [];
    const mailer: Mailer = {
      async send(row) {
        sent.push(row.to_address);
        if (sent.length === 1) await held.opened;
      },
      close: () => undefined,
    };
    const options = { handlers: {}, mailer, pollMs: 60_000, log: quiet };
    const stopping = startWorker(ctx, { ...options, workerId: 'server-a' });
    const tick = stopping.runOnce();
    await vi.waitFor(() => {
      expect(sent).toHaveLength(1);
    });
    const stopped = stopping.stop();
    held.open();
    expect(await stopped).toEqual({ jobs: 0, messages: 2 });
    expect(await tick).toEqual({ jobs: 0, messages: 1 });
    const rows = await ctx.db.selectFrom('outbox_message').select('id').orderBy('id').execute();
    const [first, ...rest] = rows.map((row) => row.id);
    expect((await getOutboxMessage(ctx.db, first ?? 0))?.status).toBe('sent');
    for (const id of rest) {
      expect(await getOutboxMessage(ctx.db, id)).toMatchObject({
        status: 'pending',
        attempts: 0,
        locked_until: null,
      });
    }
    const other = startWorker(ctx, { ...options, workerId: 'server-b' });
    expect(await other.runOnce()).toEqual({ jobs: 0, messages: 2 });
    await other.stop();
    expect(sent).toEqual(['person0@example.org', 'person1@example.org', 'person2@example.org']);
  });
});
