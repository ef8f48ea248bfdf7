import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  countRows,
  givenAppealCast,
  givenAppealRelease,
  type AppealCast,
} from './appeal-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

const CHRISTMAS_EVE = '2026-12-24T10:00:00Z';
const DEADLINE_WORDS = '23:59:59 on Tuesday 12 January 2027 (UK time)';
const REASONS = 'Section (e) gives Users no DCC support for their testing.';

/** Nunjucks escapes quotes and apostrophes; compare pages with plain text. */
const text = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');

describe.each(ENGINES)('appeal pages on %s', (engine) => {
  let t: TestApp;
  let c: AppealCast;
  let releaseId: number;
  let form: string;

  async function session(user: TestUser): Promise<BrowserSession> {
    const browser = new BrowserSession(t.app);
    await browser.signIn(user.email);
    return browser;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAppealCast(t);
    releaseId = await givenAppealRelease(t);
    await givenRidVersion(t, releaseId, 1, { publishedAt: CHRISTMAS_EVE });
    await givenRidVersion(t, releaseId, 2, { publishedAt: null });
    form = `/releases/${releaseId}/rid/versions/1/appeal`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.17: the lodge form shows the deadline in words and the reasons field; only Parties may open it', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    const party = await session(c.albion);
    const page = await party.get(form);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain(`closes at ${DEADLINE_WORDS}`);
    expect(page.body).toContain('name="reasons"');
    const unpublished = await party.get(`/releases/${releaseId}/rid/versions/2/appeal`);
    expect(unpublished.body).toContain('has not been published yet');
    expect(unpublished.body).not.toContain('name="reasons"');

    expect((await (await session(c.secas)).get(form)).statusCode).toBe(403);
    const anonymous = await t.app.inject({ url: form });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toContain('/sign-in');
  });

  it('D10.17: a form without reasons is shown again with the error on the field, and nothing is stored', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    const party = await session(c.albion);
    await party.get(form);
    const before = await countRows(t, 'rid_appeal');
    const refused = await party.post(form, { reasons: '  ' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('href="#appeal-reasons"');
    expect(refused.body).toContain('Give the reasons for the appeal');
    expect(await countRows(t, 'rid_appeal')).toBe(before);
  });

  it('D10.17: a Party lodges an appeal through the form and sees it recorded', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    const party = await session(c.albion);
    await party.get(form);
    const checked = await party.post(form, { reasons: REASONS });
    expect(checked.statusCode).toBe(303);
    expect(checked.headers.location).toBe(`${form}/check`);
    expect((await party.get(`${form}/check`)).body).toContain('Lodge appeal');
    const lodged = await party.post(`${form}/lodge`, {});
    expect(lodged.statusCode).toBe(303);
    const location = String(lodged.headers.location);
    expect(location).toMatch(/^\/appeals\/\d+$/);
    const page = await party.get(location);
    expect(page.body).toContain('lodged with the Authority and copied to SECAS');
    expect(page.body).toContain(REASONS);
    expect(page.body).toContain('Awaiting the Authority');
  });

  it('D10.17: a form sent after the deadline is refused with the deadline in the error summary', async () => {
    t.clock.set('2027-01-12T23:00:00Z');
    const party = await session(c.northwind);
    await party.get(form);
    t.clock.set('2027-01-13T00:00:01Z');
    const before = await countRows(t, 'rid_appeal');
    const refused = await party.post(form, { reasons: REASONS });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('govuk-error-summary');
    expect(text(refused.body)).toContain(`The appeal window closed at ${DEADLINE_WORDS}`);
    expect(refused.body).not.toContain('name="reasons"');
    expect(await countRows(t, 'rid_appeal')).toBe(before);
  });

  it('D10.17: the public sees appeals and outcomes but not the reasons; the Panel sees them', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    const list = await t.app.inject({ url: '/appeals' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Albion Power Ltd');
    expect(list.body).not.toContain(REASONS);
    expect(list.body).toContain('shown only to the Panel, SECAS, the Authority, the DCC');
    expect(text(list.body)).toContain(`RID version 1: appeals until ${DEADLINE_WORDS}`);
    const id = /href="\/appeals\/(\d+)"/.exec(list.body)?.[1];
    const one = await t.app.inject({ url: `/appeals/${id ?? ''}` });
    expect(one.statusCode).toBe(200);
    expect(one.body).toContain('The reasons are not shown to you.');
    expect(one.body).not.toContain(REASONS);
    const member = await session(c.member);
    expect((await member.get('/appeals')).body).toContain(REASONS);
  });

  it('D10.17: the Authority sees the appeal on its home page and records its final determination through the form', async () => {
    t.clock.set('2027-01-20T10:00:00Z');
    const authority = await session(c.authority);
    const home = await authority.get('/home');
    expect(home.body).toContain('awaiting your determination');
    const secasHome = await (await session(c.secas)).get('/home');
    expect(secasHome.body).toContain('is with the Authority');

    const row = await t.ctx.db
      .selectFrom('rid_appeal')
      .select(['id', 'version'])
      .where('organisation_id', '=', c.albionOrg)
      .executeTakeFirstOrThrow();
    const url = `/appeals/${row.id}`;
    const page = await authority.get(url);
    expect(page.body).toContain('Record the Authority’s determination');
    const missing = await authority.post(`${url}/determination`, {
      determination: 'Dismissed.',
      version: String(row.version),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#determine-outcome"');
    await authority.get(url);
    const decided = await authority.post(`${url}/determination`, {
      outcome: 'dismissed',
      determination: 'The Panel’s approval stands.',
      determinedOn: '2027-01-19',
      version: String(row.version),
    });
    expect(decided.statusCode).toBe(303);
    const after = await authority.get(url);
    expect(after.body).toContain('Dismissed');
    expect(after.body).toContain('19 January 2027');
    expect(after.body).not.toContain('Record the Authority’s determination');
    expect((await authority.get('/home')).body).not.toContain('awaiting your determination');
  });
});
