import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { sql } from 'kysely';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { CACHED_ROUTES } from '../../src/http/render-cache.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { setPanelRecordWindow } from '../../src/modules/installation/installation.actions.ts';
import { readVersion } from '../../src/db/commit-version.ts';
import { UNSEEN_TABLES } from '../../src/db/data-version.ts';
import { PRIVATE_TABLES, PUBLIC_VERSION } from '../../src/db/public-version.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import { COMPILED, TableRecorder } from '../support/table-recorder.ts';

/** An anonymous GET, optionally with request headers. */
async function get(app: SecrelApp, url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

describe.each(ENGINES)('the render cache (issue 12) on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let policyId: number;
  let release: number;
  const version = async () => (await readVersion(t.ctx.db, PUBLIC_VERSION)).version;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    policyId = await givenPolicy(t);
    release = await givenRelease(t, policyId, 'February 2027 SEC Release', 'planned', '2027-02-25');
    await givenAllocation(
      t,
      release,
      await givenAllocatedModification(t, 'MP201', '2027-02-25'),
      'whole',
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('every table is watched by the version trigger or declared private, and the private ones exist', async () => {
    const tables = await sql<{ name: string; watched: boolean }>`
      select c.relname as name, exists (
        select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'public_version_bump'
      ) as watched
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p')`.execute(t.ctx.db);
    const unwatched = tables.rows.filter((row) => !row.watched).map((row) => row.name);
    expect(unwatched.sort()).toEqual(Object.keys(PRIVATE_TABLES).sort());
    expect(tables.rows.filter((row) => row.watched).length).toBeGreaterThan(40);
  });

  it('a cached page is served again with a strong ETag and Last-Modified, and 304 on either validator', async () => {
    const first = await get(t.app, '/releases');
    expect(first.statusCode).toBe(200);
    expect(first.headers['set-cookie']).toBeUndefined();
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get(t.app, '/releases');
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(etag);
    const byTag = await get(t.app, '/releases', { 'if-none-match': etag });
    expect(byTag.statusCode).toBe(304);
    expect(byTag.body).toBe('');
    expect((await get(t.app, '/releases', { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('a write by any path (a use case, plain SQL) changes the key, and the page and API show it at once', async () => {
    const before = await get(t.app, '/releases');
    const apiBefore = await get(t.app, '/api/v1/releases');
    const versionBefore = await version();
    // A use case through the API.
    const created = await call(t, c.secas, 'POST', '/api/v1/releases', {
      name: 'March 2027 ad hoc release',
      releaseType: 'ad_hoc',
      goLive: '2027-03-25',
    });
    expect(created.statusCode).toBe(201);
    expect(await version()).toBeGreaterThan(versionBefore);
    const after = await get(t.app, '/releases', { 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('March 2027 ad hoc release');
    const apiAfter = await get(t.app, '/api/v1/releases', {
      'if-none-match': String(apiBefore.headers.etag),
    });
    expect(apiAfter.statusCode).toBe(200);
    expect(apiAfter.body).toContain('March 2027 ad hoc release');
    // Plain SQL, outside any use case: the trigger still bumps the version.
    const page = await get(t.app, `/releases/${release}`);
    await t.ctx.db
      .updateTable('release')
      .set({ name: 'February 2027 SEC Release (renamed)' })
      .where('id', '=', release)
      .execute();
    const renamed = await get(t.app, `/releases/${release}`, {
      'if-none-match': String(page.headers.etag),
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.body).toContain('February 2027 SEC Release (renamed)');
  });

  it('D10.12–D10.15: drafting, approving and publishing the RID changes the RID page, its version page and its API', async () => {
    const base = `/api/v1/releases/${release}/rid`;
    const page = await get(t.app, `/releases/${release}/rid`);
    const api = await get(t.app, base);
    const meeting = await givenMeeting(t, '2026-11-27');
    const drafted = await call(t, c.secas, 'POST', `${base}/drafts`);
    expect(drafted.statusCode).toBe(201);
    const draft = drafted.json<{ number: number; version: number }>();
    const edited = await call(t, c.secas, 'PUT', `${base}/versions/${draft.number}`, {
      version: draft.version,
      sections: { ...COMPLETE_SECTIONS, dccTesting: 'Render cache check: DCC testing text.' },
    });
    expect(edited.statusCode).toBe(200);
    const submitted = await call(t, c.secas, 'POST', `${base}/versions/${draft.number}/submit`, {
      version: edited.json<{ version: number }>().version,
    });
    expect(submitted.statusCode).toBe(200);
    const approved = await call(t, c.chair, 'POST', `${base}/versions/${draft.number}/approve`, {
      ...FIXTURE_SOURCE,
      meetingId: meeting,
    });
    expect(approved.statusCode).toBe(200);
    const beforePublication = await get(t.app, `/releases/${release}/rid/versions/1`);
    expect((await call(t, c.secas, 'POST', `${base}/versions/1/publish`, {})).statusCode).toBe(200);
    const pageAfter = await get(t.app, `/releases/${release}/rid`, {
      'if-none-match': String(page.headers.etag),
    });
    expect(pageAfter.statusCode).toBe(200);
    expect(pageAfter.body).not.toBe(page.body);
    const apiAfter = await get(t.app, base, { 'if-none-match': String(api.headers.etag) });
    expect(apiAfter.statusCode).toBe(200);
    expect(apiAfter.json<{ versions: unknown[] }>().versions.length).toBeGreaterThan(0);
    const versionPage = await get(t.app, `/releases/${release}/rid/versions/1`);
    expect(versionPage.statusCode).toBe(200);
    expect(versionPage.body).toContain('Render cache check: DCC testing text.');
    expect(versionPage.headers.etag).not.toBe(beforePublication.headers.etag);
  });

  it('a calendar override changes the calendar page and the holidays API (Working Days counted anew)', async () => {
    const page = await get(t.app, '/calendar?year=2027');
    const api = await get(t.app, '/api/v1/calendar/holidays?year=2027');
    const added = await call(t, c.secas, 'POST', '/api/v1/calendar/overrides', {
      date: '2027-06-14',
      region: 'england-and-wales',
      kind: 'add',
      reason: 'Render cache one-off holiday',
    });
    expect(added.statusCode).toBe(201);
    const pageAfter = await get(t.app, '/calendar?year=2027');
    expect(pageAfter.headers.etag).not.toBe(page.headers.etag);
    expect(pageAfter.body).toContain('Render cache one-off holiday');
    const apiAfter = await get(t.app, '/api/v1/calendar/holidays?year=2027');
    expect(apiAfter.body).toContain('2027-06-14');
    expect(apiAfter.headers.etag).not.toBe(api.headers.etag);
  });

  it('ruling 13: a change of the Panel record window shows at once on the cached rules page and its API', async () => {
    const window = (text: string) => /record window is (\d+) Working Days/.exec(text)?.[1];
    expect(window((await get(t.app, '/rules')).body)).toBe('5');
    expect((await get(t.app, '/rules')).statusCode).toBe(200); // a cached hit
    await setPanelRecordWindow(t.ctx, SYSTEM_ACTOR, 3);
    try {
      expect(window((await get(t.app, '/rules')).body)).toBe('3');
      expect(window((await get(t.app, '/api/v1/rules')).body)).toBe('3');
    } finally {
      await setPanelRecordWindow(t.ctx, SYSTEM_ACTOR, 5);
    }
  });

  it('a transaction that rolls back leaves the version as it was', async () => {
    const before = await version();
    await expect(
      t.ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('release')
          .set({ notes: 'never' })
          .where('id', '=', release)
          .execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await version()).toBe(before);
  });

  it('two app servers on one database: a write through one is seen at once through the other', async () => {
    const other = await buildApp(t.ctx);
    try {
      const warm = await get(other, `/api/v1/releases/${release}`);
      expect((await get(other, `/api/v1/releases/${release}`)).body).toBe(warm.body);
      await t.ctx.db
        .updateTable('release')
        .set({ notes: 'Written through the first server' })
        .where('id', '=', release)
        .execute();
      const seen = await get(other, `/api/v1/releases/${release}`);
      expect(seen.body).toContain('Written through the first server');
    } finally {
      await other.close();
    }
  });

  it('the key holds the London date: the same page is rendered anew after midnight', async () => {
    const recorder = new TableRecorder();
    const app = await buildApp({ ...t.ctx, db: t.ctx.db.withPlugin(recorder) });
    try {
      t.clock.set('2026-11-27T23:00:00Z');
      await get(app, '/releases');
      recorder.reset();
      await get(app, '/releases');
      expect([...recorder.tables]).toEqual([COMPILED]); // the version only: a hit
      t.clock.set('2026-11-28T00:00:02Z');
      recorder.reset();
      await get(app, '/releases');
      expect(recorder.tables.has('release')).toBe(true); // rendered anew
    } finally {
      t.clock.set('2026-11-27T10:00:00Z');
      await app.close();
    }
  });

  it('one-time notices bypass the cache, and a signed-in reader never gets the anonymous entry', async () => {
    const anonymous = await get(t.app, '/releases');
    const session = new BrowserSession(t.app);
    await session.signIn(c.secas.email);
    const signedIn = await session.get('/releases');
    expect(signedIn.headers.etag).not.toBe(anonymous.headers.etag);
    expect(signedIn.headers['cache-control']).toBe('private, no-cache');
    expect(signedIn.body).not.toBe(anonymous.body);
    const noticed = await get(t.app, '/releases', { cookie: 'secrel_notice=Saved' });
    expect(noticed.headers.etag).toBeUndefined();
    expect(noticed.body).toContain('Saved');
    expect((await get(t.app, '/releases')).body).toBe(anonymous.body);
  });

  it('no cached route reads a table its version does not watch', async () => {
    const recorder = new TableRecorder();
    const app = await buildApp({ ...t.ctx, db: t.ctx.db.withPlugin(recorder) });
    const urls: Record<string, string> = {
      '/releases/:id': `/releases/${release}`,
      '/releases/:id/rid': `/releases/${release}/rid`,
      '/releases/:id/rid/versions/:n': `/releases/${release}/rid/versions/1`,
      '/api/v1/releases/:id': `/api/v1/releases/${release}`,
      '/api/v1/releases/:id/scope': `/api/v1/releases/${release}/scope`,
      '/api/v1/releases/:id/notices': `/api/v1/releases/${release}/notices`,
      '/api/v1/releases/:id/rid': `/api/v1/releases/${release}/rid`,
      '/api/v1/releases/:id/rid/versions/:n': `/api/v1/releases/${release}/rid/versions/1`,
      '/api/v1/releases/:id/rid/redline': `/api/v1/releases/${release}/rid/redline?from=1&to=1`,
      '/api/v1/modifications/:id': '/api/v1/modifications/1',
      '/releases/:id/rid/redline': `/releases/${release}/rid/redline?from=1&to=1`,
    };
    try {
      for (const [route, kind] of Object.entries(CACHED_ROUTES)) {
        recorder.reset();
        const response = await get(app, urls[route] ?? route);
        expect(response.statusCode, route).toBeLessThan(500);
        const read = [...recorder.tables].filter((table) => table !== COMPILED);
        // A live route is keyed on the data version, which watches all but UNSEEN_TABLES.
        const unwatched = kind === 'live' ? UNSEEN_TABLES : PRIVATE_TABLES;
        expect(
          read.filter((table) => Object.hasOwn(unwatched, table)),
          route,
        ).toEqual([]);
      }
    } finally {
      await app.close();
    }
  });
});
