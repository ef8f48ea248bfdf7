import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { multipart, signedInCookies } from './consultation-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { givenTestingWorld, rows, testingActions, type TestingWorld } from './testing-fixtures.ts';

interface ReadinessJson {
  measures: string[];
  reports: {
    periodDue: string;
    state: string;
    submittedOn: string | null;
    measures: Record<string, string> | null;
    summary: string | null;
  }[];
  missing: string[];
}

const VALUES = {
  'SIT test cases passed (%)': '96',
  'Open critical defects': '0',
  'Environments ready': 'Yes',
};

/** The RID's schedule: fortnightly from 15 October 2026; the clock reads 27 November 2026. */
describe.each(ENGINES)('DCC readiness reports (D10.13(c), D10.16) on %s', (engine) => {
  let t: TestApp;
  let w: TestingWorld;
  let url: string;

  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await givenTestingWorld(t);
    url = `/api/v1/releases/${w.february}/readiness-reports`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.13(c): a report missing a measure is refused naming it, and nothing is stored', async () => {
    const events = await rows(t, 'audit_event');
    const response = await call(t, w.dcc, 'POST', url, {
      periodDue: '2026-10-15',
      measures: { 'SIT test cases passed (%)': '88' },
      summary: 'SIT under way',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', field: 'measures' });
    expect(response.json<{ message: string }>().message).toBe(
      'Give a value for every measure the approved RID names; missing: Open critical defects; Environments ready',
    );
    expect(await rows(t, 'readiness_report')).toBe(0);
    expect(await rows(t, 'audit_event')).toBe(events);
  });

  it('D10.13(c): a report for a date not in the schedule, or ahead of the next due date, is refused', async () => {
    const unscheduled = await call(t, w.dcc, 'POST', url, {
      periodDue: '2026-10-22',
      measures: VALUES,
      summary: 'Weekly by mistake',
    });
    expect(unscheduled.statusCode).toBe(400);
    expect(unscheduled.json()).toMatchObject({ field: 'periodDue' });
    expect(unscheduled.json<{ message: string }>().message).toContain(
      '2026-10-22 is not a due date of the readiness schedule',
    );
    const ahead = await call(t, w.dcc, 'POST', url, {
      periodDue: '2026-12-24',
      measures: VALUES,
      summary: 'Early',
    });
    expect(ahead.json<{ message: string }>().message).toContain(
      'the next report is due 2026-12-10',
    );
    expect(await rows(t, 'readiness_report')).toBe(0);
  });

  it('D10.13(c), D10.16: without an approved RID a report is refused; only the DCC submits', async () => {
    const noRid = await call(t, w.dcc, 'POST', `/api/v1/releases/${w.june}/readiness-reports`, {
      periodDue: '2026-10-15',
      measures: VALUES,
      summary: 'x',
    });
    expect(noRid.json()).toMatchObject({ code: 'rid_not_approved' });
    const secas = await call(t, w.c.secas, 'POST', url, {
      periodDue: '2026-10-15',
      measures: VALUES,
      summary: 'x',
    });
    expect(secas.statusCode).toBe(403);
  });

  it('D10.13(c): the DCC submits the reports due; a second report for the same date is refused', async () => {
    for (const due of ['2026-10-15', '2026-10-29', '2026-11-12']) {
      const response = await call(t, w.dcc, 'POST', url, {
        periodDue: due,
        measures: VALUES,
        summary: `Progress to ${due}`,
      });
      expect(response.statusCode).toBe(201);
    }
    const again = await call(t, w.dcc, 'POST', url, {
      periodDue: '2026-11-12',
      measures: VALUES,
      summary: 'Again',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already_exists' });
    expect(await rows(t, 'readiness_report')).toBe(3);
    expect(
      (await testingActions(t)).filter((a) => a === 'readiness_report.submitted'),
    ).toHaveLength(3);
  });

  it('D10.16: a report whose due date passed unsubmitted is missing; the public sees states, not content', async () => {
    const publicView = await t.app.inject({ method: 'GET', url });
    const view = publicView.json<ReadinessJson>();
    expect(view.missing).toEqual(['2026-11-26']);
    expect(view.reports.slice(0, 5).map((r) => [r.periodDue, r.state])).toEqual([
      ['2026-10-15', 'submitted'],
      ['2026-10-29', 'submitted'],
      ['2026-11-12', 'submitted'],
      ['2026-11-26', 'missing'],
      ['2026-12-10', 'due'],
    ]);
    expect(view.reports.at(-1)?.periodDue).toBe('2027-02-18');
    expect(view.reports[0]).toMatchObject({
      submittedOn: '2026-11-27',
      measures: null,
      summary: null,
    });
    const panel = await call(t, w.c.member, 'GET', url);
    expect(panel.json<ReadinessJson>().reports[0]).toMatchObject({
      measures: VALUES,
      summary: 'Progress to 2026-10-15',
    });
  });

  it('D10.16: the missing report is flagged on the home pages of SECAS, the Panel and the DCC, not a Party’s', async () => {
    for (const user of [w.c.secas, w.c.member, w.c.chair, w.dcc]) {
      const browser = new BrowserSession(t.app);
      await browser.signIn(user.email);
      const home = await browser.get('/home');
      expect(home.body).toContain('February 2027 SEC Release: a readiness report is missing');
      expect(home.body).toContain(`/releases/${w.february}/testing#readiness`);
    }
    const party = new BrowserSession(t.app);
    await party.signIn(w.c.albion.email);
    expect((await party.get('/home')).body).not.toContain('readiness report is missing');
    const page = await t.app.inject({ method: 'GET', url: `/releases/${w.february}/testing` });
    expect(page.body).toContain(
      'A readiness report is missing: due 26 November 2026, not submitted.',
    );
  });

  it('D10.13(c): the DCC submits the missing report with evidence on its page; the flag clears', async () => {
    const { cookie, csrf } = await signedInCookies(t.app, w.dcc.email);
    const path = `/releases/${w.february}/testing/reports/2026-11-26`;
    const form = await t.app.inject({ method: 'GET', url: path, headers: { cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('enctype="multipart/form-data"');
    const fields = { measure1: '97', measure2: '', measure3: 'Yes', summary: 'SIT nearly done' };
    const file = [
      { filename: 'readiness.txt', content: 'All environments ready\n', type: 'text/plain' },
    ];
    const short = multipart({ _csrf: csrf(form.body), ...fields }, file);
    const refused = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { ...short.headers, cookie },
      payload: short.payload,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('missing: Open critical defects');
    expect(refused.body).toContain('href="#report-measure2"');
    expect(await rows(t, 'readiness_report')).toBe(3);
    expect(await rows(t, 'test_evidence')).toBe(0);
    const full = multipart({ _csrf: csrf(form.body), ...fields, measure2: '0' }, file);
    const sent = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { ...full.headers, cookie },
      payload: full.payload,
    });
    expect(sent.statusCode).toBe(303);
    const stored = await t.ctx.db
      .selectFrom('test_evidence')
      .select(['filename', 'readiness_report_id', 'test_phase_id'])
      .execute();
    expect(stored).toMatchObject([{ filename: 'readiness.txt', test_phase_id: null }]);
    const view = (await call(t, w.dcc, 'GET', url)).json<ReadinessJson>();
    expect(view.missing).toEqual([]);
    const read = await t.app.inject({ method: 'GET', url: path, headers: { cookie } });
    expect(read.body).toContain('readiness.txt');
    expect(read.body).toContain('SIT nearly done');
  });
});
