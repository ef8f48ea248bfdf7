import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { ERRORS } from '../../src/errors.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { ROLES } from '../../src/modules/identity/identity.ts';
import { createApiToken } from '../../src/modules/identity/token.actions.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';
import { operationsOf, planRequests, type GeneratedRequest } from './openapi-requests.ts';

/**
 * Issue 11: hostile input gets a 4xx, never a 5xx. Requests generated from the OpenAPI document
 * of the app as built (every operation it lists at run time), by every role and anonymously, on
 * the demo's data: no answer is a 5xx, every refusal is in the one error shape with its
 * catalogued status, and a refused request changes no table (row counts of every table,
 * audit_event included, before and after). FUZZ_SEED and FUZZ_REQUESTS change the run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);

interface Principal {
  label: string;
  authorization: string | undefined;
}

/** A bearer token for one demo user of each role, a stale token, and no one. */
async function principalsOf(ctx: AppContext): Promise<Principal[]> {
  const principals: Principal[] = [];
  for (const role of ROLES) {
    const user = await ctx.db
      .selectFrom('user_role')
      .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
      .select('app_user.id')
      .where('user_role.role', '=', role)
      .orderBy('app_user.id')
      .executeTakeFirst();
    if (!user) throw new Error(`the demo has no user with the role ${role}`);
    const { token } = await createApiToken(ctx, SYSTEM_ACTOR, user.id, 'fuzz');
    principals.push({ label: role, authorization: `Bearer ${token}` });
  }
  principals.push({ label: 'anonymous', authorization: undefined });
  principals.push({ label: 'unknown token', authorization: 'Bearer not-a-token' });
  return principals;
}

/**
 * Counts every row written to every table from now on, per table, with a row-level trigger on
 * each (a counter in `fuzz_change`, kept only when the writing transaction commits). Stronger
 * than row counts: an update is a change too. Returns the tables watched.
 */
async function watchChanges(ctx: AppContext): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
    order by table_name`.execute(ctx.db);
  const tables = rows.map((row) => row.table_name);
  await sql`create table fuzz_change (table_name text primary key, changes bigint not null)`.execute(
    ctx.db,
  );
  await sql`
    create function fuzz_count_change() returns trigger language plpgsql as $$
    begin
      insert into fuzz_change (table_name, changes) values (tg_table_name, 1)
      on conflict (table_name) do update set changes = fuzz_change.changes + 1;
      return null;
    end $$`.execute(ctx.db);
  for (const table of tables) {
    await sql`create trigger fuzz_change after insert or update or delete on ${sql.table(table)}
      for each row execute function fuzz_count_change()`.execute(ctx.db);
  }
  return tables;
}

/** The committed writes so far, per table (`table=n`, sorted). */
async function changesSoFar(ctx: AppContext): Promise<Map<string, number>> {
  const { rows } = await sql<{
    table_name: string;
    changes: number;
  }>`select table_name, changes from fuzz_change`.execute(ctx.db);
  return new Map(rows.map((row) => [row.table_name, row.changes]));
}

/** The tables whose counters moved between two readings. */
function changedTables(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...after].filter(([table, n]) => before.get(table) !== n).map(([table]) => table);
}

/**
 * Writes a refusal makes by design: a failed sign-in is counted against the account and the
 * client (the sign-in throttle), so that guessing is slowed.
 */
const DESIGNED_WRITES: { route: string; table: string }[] = [
  { route: 'POST /api/v1/auth/sign-in', table: 'sign_in_throttle' },
];

/** What is wrong with an answer, or undefined when it is right. */
function problemOf(status: number, contentType: string, body: string): string | undefined {
  if (status >= 500) return `status ${status}`;
  if (status < 400) return undefined;
  if (!contentType.includes('application/json')) return `refusal as ${contentType}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'refusal is not JSON';
  }
  const error = parsed as { code?: unknown; message?: unknown; field?: unknown };
  if (typeof error.code !== 'string' || !(error.code in ERRORS)) return 'code not catalogued';
  if (ERRORS[error.code as keyof typeof ERRORS].status !== status) {
    return `${error.code} answered with ${status}`;
  }
  if (typeof error.message !== 'string' || error.message === '') return 'no message';
  if (error.field !== undefined && typeof error.field !== 'string') return 'field not text';
  return undefined;
}

interface Finding {
  request: GeneratedRequest;
  principal: string;
  problem: string;
  status: number;
  body: string;
}

describe.each(ENGINES)('issue 11: API fuzz on %s', (engine) => {
  let demo: DemoDatabase;
  let app: SecrelApp;
  let principals: Principal[];
  let tables: string[];

  beforeAll(async () => {
    demo = await givenDemo(engine);
    app = await buildApp(demo.ctx);
    await app.ready();
    principals = await principalsOf(demo.ctx);
    tables = await watchChanges(demo.ctx);
    // Each token's first use records it (at most once a minute; the clock stands still).
    for (const principal of principals) {
      const headers = principal.authorization ? { authorization: principal.authorization } : {};
      await app.inject({ method: 'GET', url: '/api/v1/me', headers });
    }
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await demo.close();
  });

  it(`issue 11: ${REQUESTS} generated requests over every operation, every role and anonymous: no 5xx, every refusal in the error shape, refused requests change nothing`, async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<
      Parameters<typeof operationsOf>[0]
    >();
    const operations = operationsOf(document);
    const plan = planRequests(operations, principals.length, REQUESTS, SEED);
    console.log(
      `API fuzz on ${engine}: seed ${SEED} (FUZZ_SEED), ${plan.length} requests, ${operations.length} operations, ${principals.length} principals, ${tables.length} tables watched`,
    );
    const findings: Finding[] = [];
    const statuses = new Map<number, number>();
    const timings = new Map<string, number>();
    let before = await changesSoFar(demo.ctx);
    const started = Date.now();
    const cpu = process.cpuUsage();
    for (const request of plan) {
      const principal = principals[request.principal] as Principal;
      const sent = performance.now();
      const response = await app.inject({
        method: request.method,
        url: request.url,
        headers: {
          ...request.headers,
          ...(principal.authorization ? { authorization: principal.authorization } : {}),
        },
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      });
      const key = `${request.method} ${operations[request.operation]?.path ?? ''}`;
      timings.set(key, (timings.get(key) ?? 0) + performance.now() - sent);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const contentType = String(response.headers['content-type'] ?? '');
      let problem = problemOf(response.statusCode, contentType, response.body);
      const after = await changesSoFar(demo.ctx);
      if (!problem && response.statusCode >= 400) {
        const route = `${request.method} ${operations[request.operation]?.path ?? ''}`;
        const changed = changedTables(before, after).filter(
          (table) => !DESIGNED_WRITES.some((w) => w.route === route && w.table === table),
        );
        if (changed.length > 0) problem = `refused, yet it wrote to ${changed.join(', ')}`;
      }
      before = after;
      if (problem) {
        findings.push({
          request,
          principal: principal.label,
          problem,
          status: response.statusCode,
          body: response.body.slice(0, 300),
        });
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const used = process.cpuUsage(cpu);
    const cpuSeconds = ((used.user + used.system) / 1e6).toFixed(1);
    console.log(
      `API fuzz on ${engine}: ${plan.length} requests in ${seconds} s (${cpuSeconds} s CPU in this process); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ${findings.length} findings`,
    );
    if (process.env.FUZZ_PROFILE) {
      console.log(
        [...timings]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25)
          .map(([k, v]) => `${k} ${v.toFixed(0)}ms`)
          .join('\n'),
      );
    }
    const report = findings.slice(0, 40).map((f) => {
      const payload = f.request.payload === undefined ? '' : ` ${f.request.payload.slice(0, 200)}`;
      return `${f.problem}: ${f.principal} ${f.request.method} ${f.request.url} [${f.request.bodyKind ?? '-'}]${payload} → ${f.status} ${f.body}`;
    });
    expect(report, `seed ${SEED}`).toEqual([]);
    expect(plan.length).toBeGreaterThanOrEqual(Math.min(REQUESTS, 10_000));
  }, 600_000);
});
