import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenCast, type Cast } from './modification-fixtures.ts';
import { TEXT, givenDcc } from './tad-fixtures.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { meetingHeldOn } from '../support/panel-meeting-fixtures.ts';

describe.each(ENGINES)('the TAD pages on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let june: number;
  const page = () => `/releases/${june}/tad`;

  async function signedIn(user: TestUser): Promise<BrowserSession> {
    const browser = new BrowserSession(t.app);
    await browser.signIn(user.email);
    return browser;
  }

  async function rowVersion(number: number): Promise<string> {
    const row = await t.ctx.db
      .selectFrom('tad_version')
      .select('version')
      .where('release_id', '=', june)
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    return String(row.version);
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    dcc = (await givenDcc(t)).fiona;
    const policy = await givenPolicy(t);
    june = await givenRelease(t, policy, 'June 2027 SEC Release', 'planned', '2027-06-24');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.18: the release page links to its TAD; the public page says none was requested', async () => {
    const release = await t.app.inject({ method: 'GET', url: `/releases/${june}` });
    expect(release.body).toContain(`href="/releases/${june}/tad"`);
    const tad = await t.app.inject({ method: 'GET', url: page() });
    expect(tad.statusCode).toBe(200);
    expect(tad.body).toContain('The Panel has not asked for a Testing Approach Document');
    expect(tad.body).not.toContain('Record the request');
  });

  it('D10.18, ruling 13: SECAS’s request form offers the held Panel meetings, shows a bad date on the field, then records the request at the meeting', async () => {
    const meeting = String(await meetingHeldOn(t.ctx, '2026-11-20'));
    const secas = await signedIn(c.secas);
    const form = await secas.get(page());
    expect(form.body).toContain('Record the request');
    expect(form.body).toContain(`<option value="${meeting}">Panel meeting of 20 November 2026`);
    const refused = await secas.post(`${page()}/request`, {
      meetingId: meeting,
      dueDate: '2026-11-01',
      scopeNote: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('href="#request-dueDate"');
    const recorded = await secas.post(`${page()}/request`, {
      meetingId: meeting,
      dueDate: '2027-01-15',
      scopeNote: 'DCC SIT and UIT support',
    });
    expect(recorded.statusCode).toBe(303);
    const after = await secas.get(page());
    expect(after.body).toContain('Waiting for the DCC’s first version');
    expect(after.body).toContain('15 January 2027');
  });

  it('D10.18: the DCC sees the task on its home page and starts the first version', async () => {
    const browser = await signedIn(dcc);
    const home = await browser.get('/home');
    expect(home.body).toContain('the Panel asked the DCC for a Testing Approach Document');
    await browser.get(page());
    const started = await browser.post(`${page()}/versions`, {});
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(`${page()}/versions/1`);
  });

  it('D10.19: submitting an incomplete draft lists each empty section in the error summary', async () => {
    const browser = await signedIn(dcc);
    await browser.get(`${page()}/versions/1`);
    const saved = await browser.post(`${page()}/versions/1/edit`, {
      objectives: '',
      strategy: TEXT.strategy,
      consequences: '',
      version: await rowVersion(1),
    });
    expect(saved.statusCode).toBe(303);
    await browser.get(`${page()}/versions/1`);
    const refused = await browser.post(`${page()}/versions/1/submit`, {
      version: await rowVersion(1),
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('href="#edit-objectives"');
    expect(refused.body).toContain('href="#edit-consequences"');
    expect(refused.body).not.toContain('href="#edit-strategy"');
    // The form keeps the saved text.
    expect(refused.body).toContain(TEXT.strategy);
    const row = await t.ctx.db
      .selectFrom('tad_version')
      .select('status')
      .where('release_id', '=', june)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
  });

  it('D10.20: the DCC completes, submits and consults; the Panel records its review once it closes', async () => {
    const browser = await signedIn(dcc);
    await browser.get(`${page()}/versions/1`);
    await browser.post(`${page()}/versions/1/edit`, { ...TEXT, version: await rowVersion(1) });
    const submitted = await browser.post(`${page()}/versions/1/submit`, {
      version: await rowVersion(1),
    });
    expect(submitted.statusCode).toBe(303);
    const view = await browser.get(`${page()}/versions/1`);
    expect(view.body).toContain('Open the consultation');
    const opened = await browser.post(`${page()}/versions/1/consultation`, {
      audience: 'users',
      opensAt: '2026-11-27',
      closesAfterWorkingDays: '10',
      closesAt: '',
    });
    expect(opened.statusCode).toBe(303);
    const consultation = await t.ctx.db
      .selectFrom('consultation')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(consultation.audiences).toEqual(['users']);
    expect(consultation.run_by).toBe('dcc');

    const chair = await signedIn(c.chair);
    const waiting = await chair.get(`${page()}/versions/1`);
    expect(waiting.body).toContain('once the DCC’s consultation on it has closed');
    expect(waiting.body).not.toContain('Record the Panel’s review');

    t.clock.set('2026-12-14T10:00:00Z');
    // Sessions idle out after two hours: sign in again after the clock moves on.
    await chair.signIn(c.chair.email);
    const ready = await chair.get(`${page()}/versions/1`);
    expect(ready.body).toContain('Record the Panel’s review');
    const meeting = String(await meetingHeldOn(t.ctx, '2026-12-14'));
    const noNotes = await chair.post(`${page()}/versions/1/review`, {
      meetingId: meeting,
      notes: '',
      version: await rowVersion(1),
    });
    expect(noNotes.statusCode).toBe(400);
    expect(noNotes.body).toContain('href="#review-notes"');
    const reviewed = await chair.post(`${page()}/versions/1/review`, {
      meetingId: meeting,
      notes: 'Reviewed with the consultation responses.',
      version: await rowVersion(1),
    });
    expect(reviewed.statusCode).toBe(303);
    const overview = await t.app.inject({ method: 'GET', url: page() });
    expect(overview.body).toContain('Reviewed by the Panel');
    expect(overview.body).toContain(`href="/consultations/${consultation.id}"`);
  });

  it('D10.20: a Party cannot post the DCC’s forms (403) and the redline page compares versions', async () => {
    const party = await signedIn(c.albion);
    await party.get(page());
    const refused = await party.post(`${page()}/versions`, {});
    expect(refused.statusCode).toBe(403);

    const browser = await signedIn(dcc);
    await browser.get(page());
    await browser.post(`${page()}/versions`, {});
    await browser.get(`${page()}/versions/2`);
    await browser.post(`${page()}/versions/2/edit`, {
      ...TEXT,
      objectives: `${TEXT.objectives} Performance testing assures peak volumes.`,
      version: await rowVersion(2),
    });
    const redline = await browser.get(`${page()}/redline?from=1&to=2`);
    expect(redline.statusCode).toBe(200);
    expect(redline.body).toContain('Changes from version 1 to version 2');
    expect(redline.body).toContain('href="#clause-a"');
    expect(redline.body).toContain('<ins class="redline-insert">');
  });
});
