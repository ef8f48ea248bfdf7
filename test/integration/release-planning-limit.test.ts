import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { givenPolicy } from '../support/release-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';

/**
 * Ruling 14 (A-POL): standard releases are created at most 3 years ahead — by the year's standard
 * releases and, so that it is no way round, by a release of a standard type created one by one
 * (API and page form). The clock stands at Friday 27 November 2026: the last year is 2029.
 */

const LIMIT = 'A standard release is created at most 3 years ahead';

/** The releases and audit events, compared before and after a refused request. */
async function snapshot(t: TestApp) {
  return {
    releases: await t.ctx.db.selectFrom('release').selectAll().orderBy('id').execute(),
    events: await count(t, 'audit_event'),
  };
}

function dateFields(name: string, iso: string): Record<string, string> {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
}

describe.each(ENGINES)('Ruling 14: the planning limit of standard releases on %s', (engine) => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    await givenPolicy(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 14: the standard releases of 2099 are refused (validation_failed on year); nothing changes', async () => {
    const before = await snapshot(t);
    const refused = await call(t, c.secas, 'POST', '/api/v1/releases/standard', { year: 2099 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'year' });
    expect(refused.json<{ message: string }>().message).toContain('from 2026 to 2029');
    expect(await snapshot(t)).toEqual(before);
  });

  it('Ruling 14: a November 2099 standard release created one by one through the API is refused (validation_failed on goLive); nothing changes; 2029 is accepted', async () => {
    const before = await snapshot(t);
    const refused = await call(t, c.secas, 'POST', '/api/v1/releases', {
      name: 'November 2099 SEC Release',
      releaseType: 'november',
      goLive: '2099-11-05',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'goLive' });
    expect(refused.json<{ message: string }>().message).toContain(LIMIT);
    expect(refused.json<{ message: string }>().message).toContain('2029 or earlier');
    expect(await snapshot(t)).toEqual(before);

    const accepted = await call(t, c.secas, 'POST', '/api/v1/releases', {
      name: 'November 2029 SEC Release',
      releaseType: 'november',
      goLive: '2029-11-01',
    });
    expect(accepted.statusCode, accepted.body).toBe(201);
  });

  it('Ruling 14: the new-release page refuses a standard release in 2099, shows the error and keeps what was typed; nothing changes', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    await browser.get('/releases/new');
    const before = await snapshot(t);
    const refused = await browser.post('/releases', {
      name: 'June 2099 SEC Release',
      releaseType: 'june',
      ...dateFields('goLive', '2099-06-25'),
      notes: '',
      confirmDate: 'yes',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain(LIMIT);
    expect(refused.body).toContain('value="June 2099 SEC Release"');
    expect(await snapshot(t)).toEqual(before);
  });

  it('Ruling 14: an ad-hoc release is not a standard release: one more than 3 years ahead is created', async () => {
    const created = await call(t, c.secas, 'POST', '/api/v1/releases', {
      name: 'March 2031 ad-hoc SEC Release (ALV)',
      releaseType: 'ad_hoc',
      goLive: '2031-03-06',
    });
    expect(created.statusCode, created.body).toBe(201);
  });
});
