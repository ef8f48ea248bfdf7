import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  auditOf,
  givenCast,
  givenCatalogue,
  modificationRow,
  raised,
  type Cast,
} from './modification-fixtures.ts';

/** The path a 303 sends the browser to. */
function location(response: { statusCode: number; headers: Record<string, unknown> }): string {
  expect(response.statusCode).toBe(303);
  return String(response.headers.location);
}

describe.each(ENGINES)('modification and catalogue pages on %s', (engine) => {
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

  it('Register page: SECAS sees the list, filters it, and a bad filter shows an error summary', async () => {
    await raised(t, c.albion, { reference: 'DP090', title: 'Non GBCS Non-Mandated Alerts' });
    await raised(t, c.albion, { reference: 'MP102A', title: 'Power Outage Alerts', path: 'path3' });
    const page = await secas.get('/modifications');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('>DP090</a>');
    expect(page.body).toContain('>MP102A</a>');
    expect(page.body).toContain('href="/modifications/new"');
    const filtered = await secas.get('/modifications?status=draft_proposal&q=alerts');
    expect(filtered.body).toContain('>DP090</a>');
    expect(filtered.body).not.toContain('>MP102A</a>');
    const bad = await secas.get('/modifications?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('There is a problem');
    expect(bad.body).toContain('href="#status"');
  });

  it('New modification form: renders the choices SECAS has, refuses bad input naming the field, and raises', async () => {
    const form = await secas.get('/modifications/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="_csrf"');
    expect(form.body).toContain('name="proposerOrgId"');
    expect(form.body).not.toContain('value="fast_track"');
    expect(form.body).toContain('Appendix AD — DCC User Interface Specification');
    const missing = await secas.post('/modifications', {
      reference: 'MP133',
      title: '',
      path: 'path2',
      proposerOrgId: String(c.northwindOrg),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#title"');
    expect(
      await t.ctx.db
        .selectFrom('modification')
        .select('id')
        .where('reference', '=', 'MP133')
        .executeTakeFirst(),
    ).toBeUndefined();
    const created = await secas.post('/modifications', {
      reference: 'MP133',
      title: 'Consequential changes to SEC Section G',
      path: 'path2',
      proposerOrgId: String(c.northwindOrg),
      documentIds: 'section-g',
      dependsOn: 'MP102A',
    });
    const href = location(created);
    expect(href).toMatch(/^\/modifications\/\d+$/);
    const page = await secas.get(href);
    expect(page.body).toContain('MP133 has been raised as a Modification Proposal.');
    expect(page.body).toContain('Security Obligations and Assurance Arrangements');
    expect(page.body).toContain('MP102A');
  });

  it('Modification page: summary, next steps, navigation to its sections, and the timeline with actor and reason', async () => {
    const id = await raised(t, c.albion, {
      reference: 'DP117',
      title: 'Bulk CH returns',
      documentIds: ['section-d'],
      proposedImplementationDate: '2027-06-24',
    });
    const page = await secas.get(`/modifications/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Bulk CH returns');
    expect(page.body).toContain('Albion Power Ltd');
    expect(page.body).toContain('24 June 2027');
    expect(page.body).toContain(`href="/modifications/${id}/refinement"`);
    expect(page.body).toContain(`href="/modifications/${id}/implementation"`);
    expect(page.body).toContain('id="next-steps"');
    expect(page.body).toContain('Raised as DP117, a Draft Proposal');

    const noReason = await secas.post(`/modifications/${id}/progress`, {
      to: 'modification_proposal',
      path: 'path3',
      reason: '',
      version: '1',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('href="#progressReason"');
    // Issue 13: the reason is a GOV.UK character count with the limit the rule enforces.
    expect(page.body).toMatch(
      /govuk-character-count"\s+data-module="govuk-character-count"\s+data-maxlength="2000">\s*<label class="govuk-label" for="progressReason">/,
    );
    expect(page.body).toMatch(/You can enter up to 2,?000 characters/);
    const tooLong = await secas.post(`/modifications/${id}/progress`, {
      to: 'modification_proposal',
      path: 'path3',
      reason: 'x'.repeat(2001),
      version: '1',
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain(
      'href="#progressReason">The reason must be at most 2000 characters',
    );
    expect(await modificationRow(t, id)).toMatchObject({ status: 'draft_proposal', version: 1 });
    const done = await secas.post(`/modifications/${id}/progress`, {
      to: 'modification_proposal',
      path: 'path3',
      reason: 'Panel converted it on 13 March 2020',
      version: '1',
    });
    expect(location(done)).toBe(`/modifications/${id}`);
    expect(await modificationRow(t, id)).toMatchObject({
      reference: 'MP117',
      status: 'modification_proposal',
      path: 'path3',
    });
    const after = await secas.get(`/modifications/${id}`);
    expect(after.body).toContain('MP117 is now at Modification Proposal.');
    expect(after.body).toContain('Converted from DP117 to MP117 on Path 3: Self-Governance');
    expect(after.body).toContain('Panel converted it on 13 March 2020');
    expect(after.body).toContain('Test code_administrator');
    const stale = await secas.post(`/modifications/${id}/progress`, {
      to: 'report_phase',
      reason: 'Again',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('has changed since you opened it');
    expect((await modificationRow(t, id)).status).toBe('modification_proposal');
  });

  it('Withdrawal and adoption through the pages: the other Party is told on its home page and adopts', async () => {
    t.clock.set('2026-11-27T10:00:00Z');
    const id = await raised(t, c.albion, {
      reference: 'MP253',
      title: 'Longer notice of DUIS changes',
      path: 'path2',
    });
    const albion = new BrowserSession(t.app);
    await albion.signIn(c.albion.email);
    const own = await albion.get(`/modifications/${id}`);
    expect(own.body).toContain('id="withdraw"');
    expect(own.body).not.toContain('id="next-steps"');
    const withdrawn = await albion.post(`/modifications/${id}/withdraw`, {
      reason: 'No longer needed',
      version: '1',
    });
    expect(location(withdrawn)).toBe(`/modifications/${id}`);
    expect(await modificationRow(t, id)).toMatchObject({
      status: 'withdrawn',
      status_before_withdrawal: 'modification_proposal',
    });

    const northwind = new BrowserSession(t.app);
    await northwind.signIn(c.northwind.email);
    const home = await northwind.get('/home');
    expect(home.body).toContain('MP253 was withdrawn: your Party may adopt it');
    expect((await albion.get('/home')).body).not.toContain('MP253 was withdrawn');
    const page = await northwind.get(`/modifications/${id}`);
    expect(page.body).toContain('Adopt MP253 for Northwind Energy plc');
    const adopted = await northwind.post(`/modifications/${id}/adopt`, {
      reason: '',
      version: '2',
    });
    expect(location(adopted)).toBe(`/modifications/${id}`);
    expect(await modificationRow(t, id)).toMatchObject({
      status: 'modification_proposal',
      proposer_org_id: c.northwindOrg,
    });
    expect((await auditOf(t, id)).at(-1)).toMatchObject({
      action: 'modification.adopted',
      reason: 'Adopted by Northwind Energy plc within the adoption window',
    });
  });

  it('Home page: SECAS sees the Draft Proposals awaiting conversion', async () => {
    const home = await secas.get('/home');
    expect(home.body).toContain('DP090 awaits conversion by the Panel');
  });

  it('Documents page: SECAS changes the documents a modification changes', async () => {
    const id = (
      await t.ctx.db
        .selectFrom('modification')
        .select('id')
        .where('reference', '=', 'DP090')
        .executeTakeFirstOrThrow()
    ).id;
    const form = await secas.get(`/modifications/${id}/documents`);
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('A document no longer in the Code');
    const saved = await secas.post(`/modifications/${id}/documents`, {
      documentIds: 'appendix-ad',
      version: '1',
    });
    expect(location(saved)).toBe(`/modifications/${id}`);
    expect((await secas.get(`/modifications/${id}`)).body).toContain(
      'Documents changed from none to appendix-ad',
    );
    // Issue 13: the same grouped, searchable list as the raise form, the chosen group open.
    const again = await secas.get(`/modifications/${id}/documents`);
    expect(again.body).toContain('data-document-chooser');
    expect(again.body).toContain('id="documents-filter"');
    expect(again.body).toMatch(
      /<details class="govuk-details"[^>]*open[^>]*>\s*<summary[^>]*>\s*<span class="govuk-details__summary-text">\s*Appendices \(1 chosen\)/,
    );
    expect(again.body).toMatch(
      /<details class="govuk-details"[^>]*>\s*<summary[^>]*>\s*<span class="govuk-details__summary-text">\s*Sections of the Code\s*</,
    );
    expect(again.body).toMatch(/value="appendix-ad" checked/);
  });

  it('Catalogue pages: the list shows classes as tags; SECAS adds and edits; a Party may not', async () => {
    const list = await secas.get('/catalogue');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('SEC Release Management Policy');
    expect(list.body).toContain(
      'govuk-tag govuk-tag--blue govuk-!-margin-bottom-1">Technical Code Specification',
    );
    expect(list.body).toContain('href="/catalogue/new"');
    await secas.get('/catalogue/new');
    const invalid = await secas.post('/catalogue', {
      id: 'section-z',
      kind: 'section',
      code: 'Z',
      title: 'Alt HAN Arrangements',
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.body).toContain('href="#code"');
    const created = await secas.post('/catalogue', {
      id: 'section-z',
      kind: 'section',
      code: 'Section Z',
      title: 'Alt HAN Arrangements',
      classes: 'relates_to_section_z',
    });
    expect(location(created)).toBe('/catalogue');
    const edit = await secas.get('/catalogue/section-z/edit');
    expect(edit.body).toContain('name="version" value="1"');
    const updated = await secas.post('/catalogue/section-z', {
      kind: 'section',
      code: 'Section Z',
      title: 'Alternative HAN Arrangements',
      classes: 'relates_to_section_z',
      version: '1',
    });
    expect(location(updated)).toBe('/catalogue');
    const row = await t.ctx.db
      .selectFrom('sec_document')
      .selectAll()
      .where('id', '=', 'section-z')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      title: 'Alternative HAN Arrangements',
      relates_to_section_z: true,
      version: 2,
    });
    const stale = await secas.post('/catalogue/section-z', {
      kind: 'section',
      code: 'Section Z',
      title: 'Old',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);

    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    expect((await party.get('/catalogue')).body).not.toContain('href="/catalogue/new"');
    expect((await party.get('/catalogue/new')).statusCode).toBe(403);
  });
});
