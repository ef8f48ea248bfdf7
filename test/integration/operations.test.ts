import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, type AppContext } from '../../src/app-context.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import type { Engine } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { PROBE_TIMEOUT_MS } from '../../src/http/health.ts';
import type { LogOptions } from '../../src/http/request-log.ts';
import { enqueueJob } from '../../src/jobs/jobs.store.ts';
import type { Config } from '../../src/config.ts';
import { bearer, givenUser, TEST_PASSWORD } from '../support/test-app.ts';
import {
  createTestDatabase,
  ENGINES,
  TestClock,
  testConfig,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

/** One parsed JSON log line. */
type LogLine = Record<string, unknown> & { level: number; msg: string };

const ERROR_LEVEL = 50;
const METRICS_TOKEN = 'a'.repeat(24) + '0123456789abcdef';
const OUTSIDE = '203.0.113.7';

interface OpsApp {
  app: SecrelApp;
  ctx: AppContext;
  database: TestDatabase;
  clock: TestClock;
  lines: LogLine[];
  close(): Promise<void>;
}

/**
 * The app over `database` (its own new one when absent), its log lines captured as `serve`
 * writes them. Several apps may share one database, as app servers do.
 */
async function opsApp(
  engine: Engine,
  options: { level?: LogOptions['level']; config?: Partial<Config>; database?: TestDatabase } = {},
): Promise<OpsApp> {
  const owned = options.database === undefined;
  const database = options.database ?? (await createTestDatabase(engine));
  const clock = new TestClock();
  const ctx = testContext(database, clock, testConfig(options.config));
  const lines: LogLine[] = [];
  const stream = {
    write: (line: string) => {
      lines.push(JSON.parse(line) as LogLine);
    },
  };
  const app = await buildApp(ctx, { logger: { level: options.level ?? 'info', stream } });
  await app.ready();
  return {
    app,
    ctx,
    database,
    clock,
    lines,
    close: async () => {
      await app.close();
      if (owned) await database.close();
    },
  };
}

/** An app whose database has been closed: as if it stopped answering. */
async function appWithDatabaseDown(engine: Engine): Promise<OpsApp> {
  const down = await opsApp(engine);
  await down.database.close();
  return { ...down, close: () => down.app.close() };
}

/** The value of one sample (`name{labels} value`) in a Prometheus text page, if present. */
function sample(page: string, series: string): number | undefined {
  const line = page.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(ENGINES)('Issue 11: operations on %s', (engine) => {
  /** The app over a working database (production logging). */
  let t: OpsApp;
  /** The app over a database that no longer answers. */
  let down: OpsApp;
  beforeAll(async () => {
    [t, down] = await Promise.all([opsApp(engine), appWithDatabaseDown(engine)]);
  });
  afterAll(async () => {
    await Promise.all([t.close(), down.close()]);
  });

  describe('/health and /ready', () => {
    it('/ready: the database answers and every migration is applied', async () => {
      const response = await t.app.inject({ url: '/ready' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        status: 'ready',
        database: { engine, reachable: true },
        pendingMigrations: [],
      });
    });

    it('/ready: 503 naming the migration the database lacks', async () => {
      const names = Object.keys(migrations);
      const last = names[names.length - 1] ?? '';
      await sql`delete from kysely_migration where name = ${last}`.execute(t.database.db);
      try {
        const response = await t.app.inject({ url: '/ready' });
        expect(response.statusCode).toBe(503);
        const body = response.json<{
          status: string;
          reason: string;
          pendingMigrations: string[];
        }>();
        expect(body.status).toBe('not_ready');
        expect(body.pendingMigrations).toEqual([last]);
        expect(body.reason).toMatch(/1 migration\(s\) not applied/);
      } finally {
        await sql`insert into kysely_migration (name, timestamp) values (${last}, ${new Date().toISOString()})`.execute(
          t.database.db,
        );
      }
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
    });

    it('/health is liveness (200 without a database); /ready is 503 when the database does not answer', async () => {
      const health = await down.app.inject({ url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await down.app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({
        status: 'not_ready',
        reason: 'the database does not answer',
        database: { engine, reachable: false },
        pendingMigrations: [],
      });
      // The cause goes to the log as a warning, not to the anonymous caller.
      expect(down.lines.some((l) => l.msg.startsWith('not ready') && l.level === 40)).toBe(true);
    });

    it('/ready: 503 within its timeout when the database hangs, and so does /metrics', async () => {
      let release = (): void => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = (): void => undefined;
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = t.database.db.transaction().execute(async (trx) => {
        await sql`lock table kysely_migration, job in access exclusive mode`.execute(trx);
        locked();
        await held;
      });
      try {
        await lockTaken;
        const began = performance.now();
        const ready = await t.app.inject({ url: '/ready' });
        const waited = performance.now() - began;
        expect(ready.statusCode).toBe(503);
        expect(ready.json()).toMatchObject({ database: { reachable: false } });
        expect(waited).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS - 50);
        expect(waited).toBeLessThan(PROBE_TIMEOUT_MS + 5000);
        const metrics = await t.app.inject({ url: '/metrics' });
        expect(sample(metrics.body, 'secrel_database_up')).toBe(0);
      } finally {
        release();
        await holder;
      }
      expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
    });

    it('both are in the OpenAPI document, with their responses', async () => {
      const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
        paths: Record<string, { get: { responses: Record<string, unknown> } }>;
      }>();
      expect(Object.keys(doc.paths['/health']?.get.responses ?? {})).toEqual(['200']);
      expect(Object.keys(doc.paths['/ready']?.get.responses ?? {})).toEqual(['200', '503']);
      expect(doc.paths['/metrics']).toBeUndefined();
    });
  });

  describe('/metrics', () => {
    it('records request durations by route pattern, method and status class, never the URL', async () => {
      await t.app.inject({ url: '/api/v1/releases/987654' });
      await t.app.inject({ url: '/api/v1/releases/987655' });
      await t.app.inject({ url: '/no/such/page/123' });
      const page = (await t.app.inject({ url: '/metrics' })).body;
      const releases = 'method="GET",route="/api/v1/releases/:id",status_class="4xx"';
      expect(sample(page, `http_request_duration_seconds_count{${releases}}`)).toBe(2);
      expect(sample(page, `http_request_duration_seconds_bucket{le="+Inf",${releases}}`)).toBe(2);
      expect(
        sample(
          page,
          'http_request_duration_seconds_count{method="GET",route="(unmatched)",status_class="4xx"}',
        ),
      ).toBe(1);
      expect(sample(page, 'http_responses_total{status="404"}')).toBe(3);
      expect(page).not.toContain('987654');
      expect(page).not.toContain('/no/such/page');
      // The process's default metrics come too.
      expect(page).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(page).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    });

    it("gauges the outbox (pending e-mail, the oldest one's age) and the job backlog by kind", async () => {
      const before = (await t.app.inject({ url: '/metrics' })).body;
      expect(sample(before, 'secrel_outbox_pending_messages')).toBe(0);
      expect(sample(before, 'secrel_outbox_oldest_pending_age_seconds')).toBe(0);
      expect(sample(before, 'secrel_database_up')).toBe(1);

      await inTransaction(t.ctx, SYSTEM_ACTOR, async (unit) => {
        await unit.notify({ to: 'panel@example.org', subject: 'Papers', text: 'The papers.' });
        await enqueueJob(unit.trx, { kind: 'ops.test', runAt: unit.now }, unit.now);
        const later = new Date(unit.now.getTime() + 3_600_000);
        await enqueueJob(unit.trx, { kind: 'ops.test', runAt: later }, unit.now);
      });
      t.clock.advance(90_000);
      const after = (await t.app.inject({ url: '/metrics' })).body;
      expect(sample(after, 'secrel_outbox_pending_messages')).toBe(1);
      expect(sample(after, 'secrel_outbox_oldest_pending_age_seconds')).toBe(90);
      expect(sample(after, 'secrel_jobs_pending{kind="ops.test",state="due"}')).toBe(1);
      expect(sample(after, 'secrel_jobs_pending{kind="ops.test",state="scheduled"}')).toBe(1);
    });

    it('without METRICS_TOKEN: refused from another machine and through a proxy on this one', async () => {
      t.lines.length = 0;
      const outside = await t.app.inject({ url: '/metrics', remoteAddress: OUTSIDE });
      expect(outside.statusCode).toBe(403);
      // The app's error shape, through its one error handler: a warning, no stack.
      expect(Object.keys(outside.json())).toEqual(['code', 'message']);
      expect(outside.json<{ code: string }>().code).toBe('forbidden');
      expect(outside.body).not.toContain('http_request');
      expect(t.lines.find((l) => l.msg === 'refused')).toMatchObject({
        level: 40,
        code: 'forbidden',
      });
      expect(JSON.stringify(t.lines)).not.toContain('"stack"');
      const proxied = await t.app.inject({
        url: '/metrics',
        headers: { 'x-forwarded-for': OUTSIDE },
      });
      expect(proxied.statusCode).toBe(403);
      const v6 = await t.app.inject({ url: '/metrics', remoteAddress: '::1' });
      expect(v6.statusCode).toBe(200);
      expect(v6.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    });

    it('with METRICS_TOKEN: answers whoever sends it as a bearer token, and no one else', async () => {
      const guarded = await opsApp(engine, {
        database: t.database,
        config: { metricsToken: METRICS_TOKEN },
      });
      try {
        const none = await guarded.app.inject({ url: '/metrics' });
        expect(none.statusCode).toBe(401);
        expect(none.json()).toEqual({
          code: 'unauthenticated',
          message: 'Send the METRICS_TOKEN as a bearer token',
        });
        const wrong = await guarded.app.inject({
          url: '/metrics',
          headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
        });
        expect(wrong.statusCode).toBe(401);
        const right = await guarded.app.inject({
          url: '/metrics',
          remoteAddress: OUTSIDE,
          headers: { authorization: `Bearer ${METRICS_TOKEN}`, 'x-forwarded-for': OUTSIDE },
        });
        expect(right.statusCode).toBe(200);
        expect(right.body).toContain('http_request_duration_seconds');
        expect(JSON.stringify(guarded.lines)).not.toContain(METRICS_TOKEN);
      } finally {
        await guarded.close();
      }
    });

    it('answers with the database down: the process metrics, secrel_database_up 0, no backlog', async () => {
      const response = await down.app.inject({ url: '/metrics' });
      expect(response.statusCode).toBe(200);
      expect(sample(response.body, 'secrel_database_up')).toBe(0);
      expect(response.body).not.toContain('secrel_outbox_pending_messages');
      expect(response.body).toMatch(/^process_resident_memory_bytes \d/m);
    });
  });

  describe('request logs', () => {
    it('one line per request: method, route, status, duration, user and request id; no secrets', async () => {
      const member = await givenUser(t.ctx, 'panel_member', {
        email: `logged-${engine}@example.org`,
      });
      t.lines.length = 0;
      const response = await t.app.inject({
        url: '/api/v1/releases/424242?secret=query',
        headers: { ...bearer(member), cookie: 'secrel_session=cookie-value-1234' },
      });
      await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ email: member.email, password: TEST_PASSWORD }).toString(),
      });
      const requestLines = t.lines.filter((l) => l.msg === 'request');
      expect(requestLines).toHaveLength(2);
      expect(requestLines[0]).toMatchObject({
        level: 30,
        method: 'GET',
        route: '/api/v1/releases/:id',
        status: response.statusCode,
        user: member.id,
        reqId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      });
      expect(typeof requestLines[0]?.ms).toBe('number');
      expect(requestLines[0]?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(requestLines[1]).toMatchObject({ method: 'POST', route: '/sign-in' });
      const everything = JSON.stringify(t.lines);
      for (const secret of [
        member.token,
        'cookie-value-1234',
        TEST_PASSWORD,
        'secret=query',
        '424242',
      ]) {
        expect(everything).not.toContain(secret);
      }
    });

    it('refused requests (4xx) log no error line and no stack; a real 5xx does', async () => {
      const member = await givenUser(t.ctx, 'panel_member');
      t.lines.length = 0;
      const refused = [
        await t.app.inject({ url: '/api/v1/outbox', headers: bearer(member) }),
        await t.app.inject({ url: '/api/v1/outbox' }),
        await t.app.inject({ url: '/api/v1/releases/not-a-number' }),
        await t.app.inject({ url: '/no/such/page' }),
        await t.app.inject({ url: '/api/v1/outbox', headers: { authorization: 'Bearer nope' } }),
      ];
      expect(refused.map((r) => r.statusCode)).toEqual([403, 401, 400, 404, 401]);
      expect(t.lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
      expect(JSON.stringify(t.lines)).not.toContain('"stack"');
      expect(t.lines.filter((l) => l.msg === 'request')).toHaveLength(5);

      down.lines.length = 0;
      const failed = await down.app.inject({ url: '/api/v1/releases/1' });
      expect(failed.statusCode).toBeGreaterThanOrEqual(500);
      const errors = down.lines.filter((l) => l.level >= ERROR_LEVEL);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ msg: 'request failed' });
      expect((errors[0]?.err as { stack?: string } | undefined)?.stack).toMatch(/\n\s+at /);
      expect(down.lines.find((l) => l.msg === 'request')).toMatchObject({
        status: failed.statusCode,
        route: '/api/v1/releases/:id',
      });
    });

    it('the demo (`serve --demo`) logs warnings only: no line for a served request', async () => {
      const demo = await opsApp(engine, { level: 'warn', database: t.database });
      try {
        expect((await demo.app.inject({ url: '/api/v1/rules' })).statusCode).toBe(200);
        expect((await demo.app.inject({ url: '/ready' })).statusCode).toBe(200);
        expect(demo.lines).toEqual([]);
      } finally {
        await demo.close();
      }
    });
  });
});
