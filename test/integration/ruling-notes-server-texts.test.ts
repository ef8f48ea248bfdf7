/**
 * Ruling 19: texts the server writes (one-time notices after a form, home-page items) that apply
 * a ruling say so in a short note linking to /rules#ruling-N, instead of wording the ruling as
 * if it were the Code: the appeal lodge notice (ruling 2), the TAD review notice (ruling 8) and
 * SECAS's item to publish a RID approval (ruling 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenRelease, givenRidVersion } from '../support/release-fixtures.ts';
import { givenAppealCast, givenAppealRelease, type AppealCast } from './appeal-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { TEXT } from './tad-fixtures.ts';
import { meetingHeldOn } from '../support/panel-meeting-fixtures.ts';

const link = (n: number) =>
  `<a class="govuk-link" href="/rules#ruling-${n}">secrel’s reading: ruling ${n}</a>`;

describe.each(ENGINES)('Ruling 19: server texts link the ruling they apply, on %s', (engine) => {
  let t: TestApp;
  let c: AppealCast;
  let dcc: TestUser;

  async function signedIn(user: TestUser): Promise<BrowserSession> {
    const browser = new BrowserSession(t.app);
    await browser.signIn(user.email);
    return browser;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAppealCast(t);
    dcc = c.dcc;
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 19: /rules has the anchors the notes link to (rulings 1, 2 and 8)', async () => {
    const rules = await t.app.inject({ url: '/rules' });
    for (const n of [1, 2, 8]) expect(rules.body).toContain(`id="ruling-${n}"`);
  });

  it('Ruling 19, ruling 2: the notice after lodging an appeal says the appeal does not suspend the release as secrel’s reading, with a link', async () => {
    const releaseId = await givenAppealRelease(t, 'Ruling 2 release');
    await givenRidVersion(t, releaseId, 1, { publishedAt: '2027-01-04T10:00:00Z' });
    t.clock.set('2027-01-05T10:00:00Z');
    const albion = await signedIn(c.albion);
    await albion.get(`/releases/${releaseId}/rid/versions/1/appeal`);
    const lodged = await albion.post(`/releases/${releaseId}/rid/versions/1/appeal`, {
      reasons: 'Section (e) gives Users too little time for User testing.',
    });
    expect(lodged.statusCode).toBe(303);
    const page = await albion.get(String(lodged.headers.location));
    expect(page.body).toContain(
      `An appeal does not by itself suspend the RID or the release (${link(2)}).`,
    );
  });

  it('Ruling 19, ruling 1: SECAS’s home item to publish an approval says when the appeal window opens as secrel’s reading, with a link', async () => {
    const releaseId = await givenAppealRelease(t, 'Ruling 1 release');
    await givenRidVersion(t, releaseId, 1, { publishedAt: null });
    const home = await (await signedIn(c.secas)).get('/home');
    expect(home.body).toContain('publish the Panel’s approval of RID version 1');
    expect(home.body).toContain(
      `the window opens when SECAS publishes it on the public site and counts from the next Working Day (${link(1)}).`,
    );
  });

  it('Ruling 19, ruling 8: the notice after the Panel’s review of a TAD version says when it takes effect as secrel’s reading, with a link', async () => {
    t.clock.set('2026-11-26T10:00:00Z');
    const policy = await t.ctx.db
      .selectFrom('policy_version')
      .select('id')
      .executeTakeFirstOrThrow();
    const june = await givenRelease(t, policy.id, 'June 2027 SEC Release', 'planned', '2027-06-24');
    const base = `/api/v1/releases/${june}/tad`;
    const requested = await call(t, c.secas, 'POST', `${base}/request`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-11-26'),
    });
    expect(requested.statusCode).toBe(201);
    const draft = await call(t, dcc, 'POST', `${base}/versions`, TEXT);
    expect(draft.statusCode).toBe(201);
    const submitted = await call(t, dcc, 'POST', `${base}/versions/1/submit`, {
      version: draft.json<{ version: number }>().version,
    });
    expect(submitted.statusCode).toBe(200);
    const opened = await call(t, dcc, 'POST', `${base}/versions/1/consultation`, {
      opensAt: '2026-11-27',
      closesAfterWorkingDays: 10,
    });
    expect(opened.statusCode).toBe(201);
    t.clock.set('2026-12-14T10:00:00Z');
    const secas = await signedIn(c.secas);
    await secas.get(`/releases/${june}/tad/versions/1`);
    const reviewed = await secas.post(`/releases/${june}/tad/versions/1/review`, {
      meetingId: String(await meetingHeldOn(t.ctx, '2026-12-14')),
      notes: 'The Panel reviewed the TAD and the consultation responses.',
      version: String(submitted.json<{ version: number }>().version),
    });
    expect(reviewed.statusCode).toBe(303);
    const page = await secas.get(String(reviewed.headers.location));
    expect(page.body).toContain(
      `It takes effect as part of the next RID version the Panel approves (${link(8)}).`,
    );
  });
});
