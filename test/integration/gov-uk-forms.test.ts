import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenCast, givenCatalogue, raised, type Cast } from './modification-fixtures.ts';

/** The error summary's items: each link's target and its words. */
function errorSummary(body: string): { href: string; text: string }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? '';
  return [...summary.matchAll(/<a href="(#[^"]+)">([^<]*)<\/a>/g)].map((match) => ({
    href: match[1] ?? '',
    text: (match[2] ?? '').trim(),
  }));
}

// Issue 13: GOV.UK form patterns — dates as day, month and year, all errors at once, words.
describe.each(ENGINES)('GOV.UK forms on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let secas: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    await givenCatalogue(t);
    secas = new BrowserSession(t.app);
    await secas.signIn(c.secas.email);
  });
  afterAll(async () => {
    await t.close();
  });

  it('raising an empty modification lists every missing field at once, in words, in one round trip', async () => {
    const refused = await secas.post('/modifications', {
      reference: '',
      title: '',
      path: '',
      proposerOrgId: '',
      'proposedImplementationDate-day': '31',
      'proposedImplementationDate-month': '2',
      'proposedImplementationDate-year': '2027',
      'proposedImplementationDate-label': 'Proposed implementation date (optional)',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      {
        href: '#proposedImplementationDate',
        text: 'Proposed implementation date must be a real date',
      },
      {
        href: '#reference',
        text: 'Enter a reference like SECMP0061, MP200, MP102A (an alternative) or DP090 (a Draft Proposal)',
      },
      { href: '#title', text: 'Enter the title of the modification' },
      { href: '#proposerOrgId', text: 'Choose the Party that proposes it' },
    ]);
    // What was typed comes back in the date input, and nothing was raised.
    expect(refused.body).toContain('name="proposedImplementationDate-day" type="text" value="31"');
    expect(await t.ctx.db.selectFrom('modification').select('id').execute()).toEqual([]);
  });

  it('the form suggests the next reference, counts characters, marks optional fields and groups the documents', async () => {
    await raised(t, c.albion, { reference: 'MP261', title: 'Ninth release', path: 'path3' });
    await raised(t, c.albion, { reference: 'DP262', title: 'Smaller change' });
    await raised(t, c.albion, { reference: 'SECMP0099', title: 'Older series', path: 'path2' });
    const form = await secas.get('/modifications/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('The next free number is DP263 for a Draft Proposal or MP263');
    expect(form.body).toContain('govuk-character-count');
    expect(form.body).toContain('data-maxlength="200"');
    expect(form.body).toContain('Summary (optional)');
    expect(form.body).toContain('Documents it changes (optional)');
    expect(form.body).toContain('Sections of the Code');
    expect(form.body).toContain('Appendices');
    expect(form.body).toContain('id="documents-filter"');
    expect(form.body).not.toContain('YYYY-MM-DD');
    expect(form.body).toContain('name="proposedImplementationDate-day"');
  });

  it('a proposed implementation date in the past is a warning once, then the raise goes on with it', async () => {
    const form = {
      reference: 'MP270',
      title: 'Retrospective fix',
      path: 'path2',
      proposerOrgId: String(c.northwindOrg),
      'proposedImplementationDate-day': '5',
      'proposedImplementationDate-month': '3',
      'proposedImplementationDate-year': '2020',
    };
    const warned = await secas.post('/modifications', form);
    expect(warned.statusCode).toBe(200);
    expect(warned.body).toContain(
      'The proposed implementation date, 5 March 2020, is in the past.',
    );
    expect(warned.body).toContain('name="pastDateConfirmed" value="yes"');
    const created = await secas.post('/modifications', { ...form, pastDateConfirmed: 'yes' });
    expect(created.statusCode).toBe(303);
    const row = await t.ctx.db
      .selectFrom('modification')
      .select('id')
      .where('reference', '=', 'MP270')
      .executeTakeFirst();
    expect(row).toBeDefined();
  });

  it('D6.8(f)–(i): after a raise the page says whose views refinement must seek and why', async () => {
    const created = await secas.post('/modifications', {
      reference: 'MP271',
      title: 'User interface and security changes',
      path: 'path2',
      proposerOrgId: String(c.northwindOrg),
      documentIds: 'appendix-ad',
    });
    expect(created.statusCode).toBe(303);
    const page = await secas.get(String(created.headers.location));
    expect(page.body).toContain('MP271 has been raised as a Modification Proposal.');
    expect(page.body).toContain('In refinement the views of these sub-committees must be sought:');
    expect(page.body).toMatch(/TABASC under D6\.8\(f\), because it changes Appendix AD/);
    expect(page.body).not.toContain('Security Sub-Committee under');

    const plain = await secas.post('/modifications', {
      reference: 'MP272',
      title: 'A change nobody else must see',
      path: 'path2',
      proposerOrgId: String(c.northwindOrg),
    });
    const quiet = await secas.get(String(plain.headers.location));
    expect(quiet.body).toContain('No sub-committee’s views must be sought under D6.8(f)–(i)');
  });

  it('a meeting date given as day, month and year is read strictly; the API and stored date stay ISO', async () => {
    const refused = await secas.post('/meetings', {
      'heldOn-day': '30',
      'heldOn-month': '2',
      'heldOn-year': '2027',
      'heldOn-label': 'Date of the meeting',
      kind: 'ordinary',
    });
    expect(refused.statusCode).toBe(400);
    expect(errorSummary(refused.body)).toEqual([
      { href: '#heldOn', text: 'Date of the meeting must be a real date' },
    ]);
    expect(await t.ctx.db.selectFrom('panel_meeting').select('id').execute()).toEqual([]);
    const created = await secas.post('/meetings', {
      'heldOn-day': '8',
      'heldOn-month': '1',
      'heldOn-year': '2027',
      'heldOn-label': 'Date of the meeting',
      kind: 'ordinary',
    });
    expect(created.statusCode).toBe(303);
    const row = await t.ctx.db.selectFrom('panel_meeting').select('held_on').executeTakeFirst();
    expect(row?.held_on).toBe('2027-01-08');
  });

  it('the working-day calculator takes its dates as day, month and year and names a bad one in words', async () => {
    const page = await secas.get(
      '/calendar?date-day=9&date-month=6&date-year=2021&date-label=Date&n=10',
    );
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('23 June 2021');
    const bad = await secas.get(
      '/calendar?eventDate-day=&eventDate-month=6&eventDate-year=2021&eventDate-label=Date+of+the+event&days=10',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Date of the event must include a day');
    expect(bad.body).not.toContain('eventDate must');
  });
});
