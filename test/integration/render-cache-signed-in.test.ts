import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { readVersion } from '../../src/db/commit-version.ts';
import { DATA_VERSION, UNSEEN_TABLES } from '../../src/db/data-version.ts';
import { LIVE_TTL_MS, SIGNED_IN_ROUTES } from '../../src/http/render-cache.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { call, givenCast, raised, type Cast } from './modification-fixtures.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { COMPILED, TableRecorder } from '../support/table-recorder.ts';
import { QueryCounter } from '../support/query-counter.ts';

/** Tables read to resolve who is asking: read on every signed-in request, cached or not. */
const AUTH_TABLES = ['session', 'api_token', 'app_user', 'user_role', 'organisation', COMPILED];

/**
 * Issue 12, the render cache for signed-in readers: the pages people live on are rendered once
 * per session (or per user, for API tokens) and data version, and served from memory until any
 * committed write moves the version, the London day turns, or LIVE_TTL_MS passes.
 */
describe.each(ENGINES)('the signed-in render cache (issue 12) on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let release: number;
  let secas: BrowserSession;
  let party: BrowserSession;
  const version = async () => (await readVersion(t.ctx.db, DATA_VERSION)).version;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    release = await givenRelease(t, policyId, 'February 2027 SEC Release', 'planned', '2027-02-25');
    secas = new BrowserSession(t.app);
    await secas.signIn(c.secas.email);
    party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
  });
  afterAll(async () => {
    await t.close();
  });

  it('every table is watched by the data version trigger or declared unseen, and the unseen ones exist', async () => {
    const tables = await sql<{ name: string; watched: boolean }>`
      select c.relname as name, exists (
        select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'data_version_bump'
      ) as watched
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p')`.execute(t.ctx.db);
    const unwatched = tables.rows.filter((row) => !row.watched).map((row) => row.name);
    expect(unwatched.sort()).toEqual(Object.keys(UNSEEN_TABLES).sort());
    expect(tables.rows.filter((row) => row.watched).length).toBeGreaterThan(40);
  });

  it('a signed-in page is served again from memory, private to its reader, with 304 on its ETag', async () => {
    const recorder = new TableRecorder();
    const app = await buildApp({ ...t.ctx, db: t.ctx.db.withPlugin(recorder) });
    try {
      const session = new BrowserSession(app);
      await session.signIn(c.secas.email);
      const first = await session.get('/modifications');
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('private, no-cache');
      recorder.reset();
      const again = await session.get('/modifications');
      expect(again.body).toBe(first.body);
      expect([...recorder.tables].filter((table) => !AUTH_TABLES.includes(table))).toEqual([]);
      const revalidated = await app.inject({
        method: 'GET',
        url: '/modifications',
        headers: {
          cookie: session.cookieHeader(),
          'if-none-match': String(first.headers.etag),
        },
      });
      expect(revalidated.statusCode).toBe(304);
    } finally {
      await app.close();
    }
  });

  it('requests that miss together wait for one render rather than each rendering the page', async () => {
    const counter = new QueryCounter();
    const app = await buildApp({ ...t.ctx, db: t.ctx.db.withPlugin(counter) });
    try {
      const once = async (url: string) => {
        counter.reset();
        await app.inject({ method: 'GET', url });
        return counter.count;
      };
      const single = await once(`/releases/${release}?probe=single`);
      counter.reset();
      const burst = await Promise.all(
        Array.from({ length: 10 }, () =>
          app.inject({ method: 'GET', url: `/releases/${release}?probe=burst` }),
        ),
      );
      expect(new Set(burst.map((response) => response.body)).size).toBe(1);
      // One render, and the version reads the requests share.
      expect(counter.count).toBeLessThan(single + 10);
    } finally {
      await app.close();
    }
  });

  it('each reader gets their own page: a Party never receives the page cached for SECAS', async () => {
    const forSecas = await secas.get(`/releases/${release}`);
    const forParty = await party.get(`/releases/${release}`);
    expect(forSecas.statusCode).toBe(200);
    expect(forParty.statusCode).toBe(200);
    expect(forParty.body).not.toBe(forSecas.body);
    expect(forParty.headers.etag).not.toBe(forSecas.headers.etag);
    // Each page carries its own session's form token.
    const token = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token(forSecas.body) !== undefined)
      expect(token(forParty.body)).not.toBe(token(forSecas.body));
  });

  it('a write through the API shows at once on the cached page of another reader', async () => {
    const before = await secas.get('/modifications');
    expect(before.body).not.toContain('Signed-in cache check');
    const versionBefore = await version();
    await raised(t, c.albion, { reference: 'DP901', title: 'Signed-in cache check' });
    expect(await version()).toBeGreaterThan(versionBefore);
    const after = await secas.get('/modifications');
    expect(after.body).toContain('Signed-in cache check');
  });

  it('a plain SQL write to a watched table moves the data version and shows at once', async () => {
    const page = await secas.get(`/releases/${release}`);
    expect(page.body).not.toContain('Written by plain SQL');
    await t.ctx.db
      .updateTable('release')
      .set({ notes: 'Written by plain SQL' })
      .where('id', '=', release)
      .execute();
    const after = await secas.get(`/releases/${release}`);
    expect(after.body).toContain('Written by plain SQL');
  });

  it('a signed-out session is never served its cached page', async () => {
    const session = new BrowserSession(t.app);
    await session.signIn(c.chair.email);
    const home = await session.get('/home');
    expect(home.statusCode).toBe(200);
    const cookie = session.cookieHeader();
    const signedOut = await session.post('/sign-out', {});
    expect(signedOut.statusCode).toBeLessThan(400);
    const stale = await t.app.inject({ method: 'GET', url: '/home', headers: { cookie } });
    expect(stale.statusCode).not.toBe(200);
  });

  it('an API token reads its user’s cached API answers; another user’s token never gets them', async () => {
    const first = await call(t, c.secas, 'GET', '/api/v1/releases');
    const again = await call(t, c.secas, 'GET', '/api/v1/releases');
    expect(again.headers.etag).toBe(first.headers.etag);
    // Issue 11: a signed-in API answer is never stored by the client or a shared cache.
    expect(first.headers['cache-control']).toBe('no-store');
    const other = await call(t, c.albion, 'GET', '/api/v1/releases');
    expect(other.statusCode).toBe(200);
    const audit = await call(t, c.albion, 'GET', '/api/v1/audit');
    expect(audit.statusCode).toBe(403);
  });

  it(`a live page is rendered anew after ${LIVE_TTL_MS / 1000} seconds with no write (what is open now may have changed)`, async () => {
    const recorder = new TableRecorder();
    const app = await buildApp({ ...t.ctx, db: t.ctx.db.withPlugin(recorder) });
    try {
      const session = new BrowserSession(app);
      await session.signIn(c.secas.email);
      await session.get('/home');
      recorder.reset();
      await session.get('/home');
      expect([...recorder.tables].filter((table) => !AUTH_TABLES.includes(table))).toEqual([]);
      t.clock.set(new Date(t.clock.now().getTime() + LIVE_TTL_MS + 1).toISOString());
      recorder.reset();
      await session.get('/home');
      expect([...recorder.tables].filter((table) => !AUTH_TABLES.includes(table))).not.toEqual([]);
    } finally {
      t.clock.set('2026-11-27T10:00:00Z');
      await app.close();
    }
  });

  it('no signed-in cached route reads an unseen table beyond resolving its reader', async () => {
    const recorder = new TableRecorder();
    const app = await buildApp({ ...t.ctx, db: t.ctx.db.withPlugin(recorder) });
    const urls: Record<string, string> = {
      '/modifications/:id': '/modifications/1',
      '/releases/:id': `/releases/${release}`,
      '/releases/:id/rid': `/releases/${release}/rid`,
      '/releases/:id/rid/versions/:n': `/releases/${release}/rid/versions/1`,
      '/releases/:id/rid/redline': `/releases/${release}/rid/redline?from=1&to=1`,
      '/api/v1/releases/:id': `/api/v1/releases/${release}`,
      '/api/v1/modifications/:id': '/api/v1/modifications/1',
    };
    try {
      const session = new BrowserSession(app);
      await session.signIn(c.secas.email);
      for (const route of SIGNED_IN_ROUTES) {
        const url = urls[route] ?? route;
        // A new session per route: its first request resolves the reader, then the page.
        const response = url.startsWith('/api/')
          ? await app.inject({
              method: 'GET',
              url,
              headers: { authorization: `Bearer ${c.secas.token}` },
            })
          : await session.get(url);
        expect(response.statusCode, route).toBeLessThan(500);
        recorder.reset();
        t.clock.set(new Date(t.clock.now().getTime() + LIVE_TTL_MS + 1).toISOString());
        if (url.startsWith('/api/'))
          await app.inject({
            method: 'GET',
            url,
            headers: { authorization: `Bearer ${c.secas.token}` },
          });
        else await session.get(url);
        const read = [...recorder.tables].filter(
          (table) => !['session', 'api_token'].includes(table),
        );
        expect(
          read.filter((table) => Object.hasOwn(UNSEEN_TABLES, table)),
          route,
        ).toEqual([]);
      }
    } finally {
      t.clock.set('2026-11-27T10:00:00Z');
      await app.close();
    }
  });
});
