import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors.ts';
import {
  BrowserSession,
  createTestApp,
  givenUser,
  bearer,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';
import { openDatabase } from '../../src/db/database.ts';
import { toAppError } from '../../src/http/error-handler.ts';

/** Issue 11: hostile input gets a 4xx in the one error shape, never a 5xx, and changes nothing. */
type Reply = Awaited<ReturnType<TestApp['app']['inject']>>;

function expectRefusal(response: Reply, status: number, code?: string, field?: string) {
  expect(response.statusCode, `${response.statusCode} ${response.body}`).toBe(status);
  const body = response.json<{ code: string; message: string; field?: string }>();
  expect(typeof body.message).toBe('string');
  expect(Object.keys(ERRORS)).toContain(body.code);
  expect(ERRORS[body.code as keyof typeof ERRORS].status).toBe(status);
  if (code) expect(body.code).toBe(code);
  if (field) expect(body.field).toBe(field);
}

describe.each(ENGINES)('issue 11: hostile input on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;
  let releaseId: number;

  async function auditCount(): Promise<number> {
    const row = await t.ctx.db
      .selectFrom('audit_event')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  function get(url: string, user: TestUser | null = secas) {
    return t.app.inject({ method: 'GET', url, headers: user ? bearer(user) : {} });
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    secas = await givenUser(t.ctx, 'code_administrator');
    const policyId = await givenPolicy(t);
    releaseId = await givenRelease(t, policyId, 'June 2027', 'planned', '2027-06-24');
  });
  afterAll(async () => {
    await t.close();
  });

  it('issue 11, huge ids: an id beyond the integer range is a 400 naming it, not a 500', async () => {
    expectRefusal(
      await get('/api/v1/releases/99999999999999999999'),
      400,
      'validation_failed',
      'id',
    );
    expectRefusal(await get('/api/v1/releases/2147483648'), 400, 'validation_failed', 'id');
  });

  it('issue 11, huge numbers: a page of 1e30 or Infinity is a 400, not a 500', async () => {
    for (const page of ['1e30', 'Infinity', '-1', '1.5', '99999999999999999999']) {
      expectRefusal(await get(`/api/v1/appeals?page=${page}`), 400, 'validation_failed', 'page');
    }
  });

  it('issue 11, coercion: path and query integers are decimal digits only (no hex, exponent, spaces, signs)', async () => {
    const hex = releaseId.toString(16);
    for (const id of [
      `0x${hex}`,
      `${releaseId}e0`,
      `%20${releaseId}`,
      `+${releaseId}`,
      `0${releaseId}`,
    ]) {
      expectRefusal(await get(`/api/v1/releases/${id}`), 400, 'validation_failed', 'id');
    }
    expect((await get(`/api/v1/releases/${releaseId}`)).statusCode).toBe(200);
    expectRefusal(await get('/api/v1/modifications?before=0x10'), 400, 'validation_failed');
    expectRefusal(await get('/api/v1/modifications?limit=1&limit=2'), 400, 'validation_failed');
  });

  it('issue 11, coercion: a page cursor in hex (/audit?before=0x2) is no cursor, not event 2', async () => {
    const rows = async (url: string) => {
      const response = await get(url);
      expect(response.statusCode).toBe(200);
      return (response.body.match(/<tr class="govuk-table__row"/g) ?? []).length;
    };
    const firstPage = await rows('/audit');
    expect(await rows('/audit?before=2')).toBeLessThan(firstPage);
    expect(await rows('/audit?before=0x2')).toBe(firstPage);
    expect(await rows('/audit?before=2e0')).toBe(firstPage);
  });

  it('issue 11, coercion: POST /api/v1/actions/0x10/complete is refused before anything runs', async () => {
    const events = await auditCount();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/actions/0x10/complete',
      headers: bearer(secas),
      payload: { version: 1 },
    });
    expectRefusal(response, 400, 'validation_failed', 'id');
    expect(await auditCount()).toBe(events);
  });

  it('issue 11, coercion: body integers are not coerced from strings, booleans, arrays or null', async () => {
    for (const version of ['1', true, [1], null, 1e30, 1.5]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/actions/1/complete',
        headers: bearer(secas),
        payload: { version },
      });
      expectRefusal(response, 400, 'validation_failed', 'version');
    }
  });

  it('issue 11, NUL bytes: sign-in with a NUL in the e-mail is a 400 before authentication', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'a\u0000@example.org', password: 'x' },
    });
    expectRefusal(response, 400, 'validation_failed', 'email');
  });

  it('issue 11, NUL bytes: a search for %00 is a 400, and so is any control character in text', async () => {
    expectRefusal(await get('/api/v1/modifications?q=%00'), 400, 'validation_failed', 'q');
    expectRefusal(await get('/api/v1/modifications?q=a%1Bb'), 400, 'validation_failed', 'q');
    expect((await get('/api/v1/modifications?q=smart%20meter')).statusCode).toBe(200);
  });

  it('issue 11, NUL bytes: a page form with a NUL byte is a 400 page and creates nothing', async () => {
    const session = new BrowserSession(t.app);
    await session.signIn(secas.email);
    await session.get('/releases');
    const events = await auditCount();
    const response = await session.post('/releases', {
      name: 'June\u0000 2028',
      releaseType: 'ad_hoc',
      goLive: '2028-06-22',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('text/html');
    expect(await auditCount()).toBe(events);
  });

  it('issue 11, NUL bytes: page query strings with control characters are a 400 page, not a 500', async () => {
    for (const url of ['/modifications?q=%00', '/audit?action=%00', '/releases?from=%01']) {
      const response = await get(url);
      expect(response.statusCode, `${url} ${response.statusCode}`).toBe(400);
      expect(response.headers['content-type']).toContain('text/html');
    }
  });

  it('issue 11, coercion: page ids are decimal digits only (parseId)', async () => {
    expect((await get(`/releases/${releaseId}`)).statusCode).toBe(200);
    for (const id of [
      `0x${releaseId.toString(16)}`,
      `${releaseId}e0`,
      `%20${releaseId}`,
      `${releaseId}.0`,
    ]) {
      expect((await get(`/releases/${id}`)).statusCode, id).toBe(404);
    }
  });

  it('issue 11, impossible dates: a page filter of 2027-02-31 is a 400 page, not a 500', async () => {
    for (const url of ['/audit?from=2027-02-31', '/audit?to=2027-13-01']) {
      const response = await get(url);
      expect(response.statusCode, `${url} ${response.body.slice(0, 200)}`).toBeLessThan(500);
    }
  });

  it('issue 11, impossible dates: 2027-02-31, 2027-02-29 and 2027-13-01 are a 400 naming the field', async () => {
    for (const date of ['2027-02-31', '2027-02-29', '2027-13-01', '2027-00-10']) {
      expectRefusal(await get(`/api/v1/releases?from=${date}`), 400, 'validation_failed', 'from');
    }
    expect((await get('/api/v1/releases?from=2028-02-29')).statusCode).toBe(200);
  });

  it('issue 11, impossible dates: a body date of 2027-02-31 is a 400 and creates nothing', async () => {
    const events = await auditCount();
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/releases',
      headers: bearer(secas),
      payload: { name: 'Impossible', releaseType: 'ad_hoc', goLive: '2027-02-31' },
    });
    expectRefusal(response, 400, 'validation_failed', 'goLive');
    expect(await auditCount()).toBe(events);
  });

  it('issue 11, multipart without a boundary: the upload routes answer 4xx, anonymously too', async () => {
    const urls = [
      `/api/v1/releases/${releaseId}/test-phases/1/evidence`,
      `/api/v1/releases/${releaseId}/readiness-reports/1/evidence`,
      '/api/v1/consultations/1/responses/1/attachments',
    ];
    for (const url of urls) {
      for (const headers of [{}, bearer(secas)]) {
        const response = await t.app.inject({
          method: 'POST',
          url,
          headers: { ...headers, 'content-type': 'multipart/form-data' },
          payload: 'hello',
        });
        expect(response.statusCode, `${url} ${response.body}`).toBeLessThan(500);
        expectRefusal(response, response.statusCode);
      }
    }
  });

  it('issue 11, multipart cut short: a file part without its closing boundary is 400 bad_request, not a file too large; a file over 5 MB still names the field', async () => {
    const url = `/api/v1/releases/${releaseId}/test-phases/1/evidence`;
    const part = (data: string) =>
      `--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${data}`;
    const events = await auditCount();
    const cut = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(secas), 'content-type': 'multipart/form-data; boundary=x' },
      payload: part('abc'),
    });
    expectRefusal(cut, 400, 'bad_request');
    expect(cut.json<{ message: string }>().message).not.toContain('larger than');
    const large = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(secas), 'content-type': 'multipart/form-data; boundary=x' },
      payload: `${part('a'.repeat(5 * 1024 * 1024 + 1))}\r\n--x--\r\n`,
    });
    expectRefusal(large, 400, 'validation_failed', 'file');
    expect(large.json<{ message: string }>().message).toContain('larger than 5 MB');
    expect(await auditCount()).toBe(events);
  });

  it('issue 11, URL errors: a bad percent-encoding and an over-long parameter answer in the error shape', async () => {
    expectRefusal(await get('/api/v1/releases/%ff'), 400, 'bad_request');
    expectRefusal(await get('/%ff'), 400, 'bad_request');
    const long = await get(`/api/v1/releases/${'1'.repeat(600)}`);
    expect(long.statusCode).toBeGreaterThanOrEqual(400);
    expectRefusal(long, long.statusCode);
    expect(long.statusCode).toBeLessThan(500);
  });

  it('issue 11, caching: API answers to a bearer request are no-store; public ones vary on Cookie and Authorization', async () => {
    const signedIn = await get('/api/v1/releases');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['cache-control']).toContain('no-store');
    const refused = await get('/api/v1/releases/99999999999999999999');
    expect(refused.headers['cache-control']).toContain('no-store');
    const anonymous = await get('/api/v1/rules', null);
    expect(anonymous.statusCode).toBe(200);
    const vary = (anonymous.headers.vary ?? '').toLowerCase();
    expect(vary).toContain('cookie');
    expect(vary).toContain('authorization');
  });

  it('issue 11, caching: the API sign-in answer (the new session cookie and who signed in) is no-store', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: secas.email, password: TEST_PASSWORD }),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['set-cookie']).toBeDefined();
    expect(response.headers['cache-control']).toContain('no-store');
  });

  it('issue 11, auditor access log: a release that does not exist is a 404', async () => {
    expectRefusal(await get('/api/v1/releases/999999/auditor/access-log'), 404, 'not_found');
    expect((await get(`/api/v1/releases/${releaseId}/auditor/access-log`)).statusCode).toBe(200);
  });
});

describe.each(ENGINES.filter((engine) => engine === 'postgres'))(
  'issue 11: the statement timeout on %s',
  (engine) => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine);
    });
    afterAll(async () => {
      await t.close();
    });

    it('issue 11, statement timeout: PostgreSQL cancels a statement after STATEMENT_TIMEOUT_MS, answered 503 database_timeout', async () => {
      const database = await openDatabase({
        databaseUrl: t.database.url,
        poolSize: 1,
        statementTimeoutMs: 250,
      });
      try {
        const shown = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(
          database.db,
        );
        expect(shown.rows[0]?.statement_timeout).toBe('250ms');
        const error = await sql`select pg_sleep(2)`.execute(database.db).then(
          () => undefined,
          (e: unknown) => e,
        );
        const refusal = toAppError(error);
        expect([refusal.code, refusal.status]).toEqual(['database_timeout', 503]);
      } finally {
        await database.close();
      }
    });
  },
);
