import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  givenAuditorCast,
  givenReleaseRecords,
  releaseEvents,
  type AuditorCast,
} from './auditor-fixtures.ts';

describe.each(ENGINES)('External auditor pages (D10.11) on %s', (engine) => {
  let t: TestApp;
  let c: AuditorCast;
  let evidenceId: number;
  let secas: BrowserSession;
  let chair: BrowserSession;
  let dcc: BrowserSession;
  let auditor: BrowserSession;

  const page = () => `/releases/${c.audited}/auditor`;
  const workspace = () => `/auditor/releases/${c.audited}`;
  const reads = async () => (await releaseEvents(t, c.audited, 'auditor.accessed')).length;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAuditorCast(t);
    ({ evidenceId } = await givenReleaseRecords(t, c.audited, 'June'));
    secas = new BrowserSession(t.app);
    chair = new BrowserSession(t.app);
    dcc = new BrowserSession(t.app);
    auditor = new BrowserSession(t.app);
    await secas.signIn(c.secas.email);
    await chair.signIn(c.chair.email);
    await dcc.signIn(c.dcc.email);
    await auditor.signIn(c.auditor.email);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.11: the release page links to the external auditor page', async () => {
    const response = await secas.get(`/releases/${c.audited}`);
    expect(response.body).toContain(`href="/releases/${c.audited}/auditor"`);
  });

  it('D10.11: a Party is refused the appointment form with a field error, and SECAS records it', async () => {
    await secas.get(page());
    const refused = await secas.post(`${page()}/appointments`, {
      appointedBy: 'panel',
      organisationId: String(c.albionOrg),
      termsOfReference: 'Monitor the DCC’s testing.',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('There is a problem');
    expect(refused.body).toContain('href="#propose-organisationId"');
    expect(refused.body).toContain(
      'Only an auditor organisation can be appointed: Albion Power Ltd is not one',
    );
    const made = await secas.post(`${page()}/appointments`, {
      appointedBy: 'panel',
      organisationId: String(c.firm),
      termsOfReference: 'Monitor the DCC’s testing.',
    });
    expect(made.statusCode).toBe(303);
    const shown = await secas.get(page());
    expect(shown.body).toContain('Harbour &amp; Finch LLP');
    expect(shown.body).toContain('Terms of reference awaiting the Panel’s approval');
  });

  it('D10.11: before the terms are approved the workspace refuses the auditor, and after it opens', async () => {
    expect((await auditor.get(workspace())).statusCode).toBe(403);
    const approval = await chair.get(page());
    const action = /action="(\/releases\/\d+\/auditor\/appointments\/\d+\/approval)"/.exec(
      approval.body,
    )?.[1];
    if (!action) throw new Error('no approval form');
    const approved = await chair.post(action, { approvedOn: '2026-11-26', version: '1' });
    expect(approved.statusCode).toBe(303);
    const list = await auditor.get('/auditor');
    expect(list.body).toContain(`href="/auditor/releases/${c.audited}"`);
  });

  it('D10.11: each workspace view and each download writes one auditor.accessed event', async () => {
    const before = await reads();
    const view = await auditor.get(workspace());
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('June SIT');
    expect(view.body).toContain('June regression covers DUIS');
    expect(view.body).toContain('GL1: No open severity 1 defects');
    expect(await reads()).toBe(before + 1);
    const file = await auditor.get(`${workspace()}/evidence/${evidenceId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(await reads()).toBe(before + 2);
    const events = await releaseEvents(t, c.audited, 'auditor.accessed');
    expect(events.slice(-2).map((e) => e.after)).toEqual([
      { view: 'records', via: 'page' },
      { evidenceId, filename: 'June SIT exit report.pdf', via: 'page' },
    ]);
  });

  it('D10.11: a refused access request shows the error on the field (a read, logged); a good one goes to the DCC', async () => {
    const before = await reads();
    const refused = await auditor.post(`${workspace()}/access-requests`, {
      kind: 'test_witnessing',
      detail: 'Witness the regression run',
      wantedOn: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#access-wantedOn"');
    expect(await reads()).toBe(before + 1);
    const made = await auditor.post(`${workspace()}/access-requests`, {
      kind: 'test_witnessing',
      detail: 'Witness the regression run',
      wantedOn: '2027-01-12',
    });
    expect(made.statusCode).toBe(303);
    const home = await dcc.get('/home');
    expect(home.body).toContain('the external auditor asks for test witnessing');
  });

  it('D10.11: the DCC answers on the release’s auditor page; SECAS sees the answer and the access log', async () => {
    const shown = await dcc.get(page());
    const action = /action="(\/releases\/\d+\/auditor\/access-requests\/\d+\/answer)"/.exec(
      shown.body,
    )?.[1];
    if (!action) throw new Error('no answer form');
    const noDate = await dcc.post(action, {
      outcome: 'granted',
      answer: 'Lab 2',
      arrangedOn: '',
      version: '1',
    });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.body).toContain('Enter the date arranged for the visit');
    const granted = await dcc.post(action, {
      outcome: 'granted',
      answer: 'Lab 2, Runcorn',
      arrangedOn: '2027-01-12',
      version: '1',
    });
    expect(granted.statusCode).toBe(303);
    const overview = await secas.get(page());
    expect(overview.body).toContain('Lab 2, Runcorn');
    expect(overview.body).toContain('What the auditor read');
    expect(overview.body).toContain('Downloaded evidence “June SIT exit report.pdf”');
  });

  it('D10.11: the auditor cannot open the Panel’s page or post its forms; a Party cannot open the workspace', async () => {
    expect((await auditor.get(page())).statusCode).toBe(403);
    expect(
      (
        await auditor.post(`${page()}/appointments`, {
          appointedBy: 'panel',
          organisationId: String(c.firm),
          termsOfReference: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    expect((await party.get('/auditor')).statusCode).toBe(403);
    expect((await party.get(workspace())).statusCode).toBe(403);
  });
});
