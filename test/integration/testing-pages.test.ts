import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { multipart, signedInCookies } from './consultation-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { givenTestingWorld, rows, type TestingWorld } from './testing-fixtures.ts';
import { givenApprovedRid } from '../support/release-fixtures.ts';
import { givenMeeting } from './rid-fixtures.ts';

const VALUES = {
  'SIT test cases passed (%)': '96',
  'Open critical defects': '0',
  'Environments ready': 'Yes',
};

describe.each(ENGINES)('DCC testing pages and the go-live decision on %s', (engine) => {
  let t: TestApp;
  let w: TestingWorld;
  let sitId: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await givenTestingWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.16: SECAS creates the phases from the RID and adds one on the testing page; a bad date is shown on its field', async () => {
    const secas = new BrowserSession(t.app);
    await secas.signIn(w.c.secas.email);
    const page = await secas.get(`/releases/${w.february}/testing`);
    expect(page.body).toContain('Create phases from the approved RID');
    const created = await secas.post(`/releases/${w.february}/testing/phases/from-rid`, {});
    expect(created.statusCode).toBe(303);
    const after = await secas.get(`/releases/${w.february}/testing`);
    expect(after.body).toContain('User testing');
    expect(after.body).not.toContain('Create phases from the approved RID');
    const bad = await secas.post(`/releases/${w.february}/testing/phases`, {
      name: 'Performance',
      kind: 'performance',
      plannedStart: '2026-12-01',
      plannedEnd: '2026-13-01',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#phase-plannedEnd"');
    expect(await rows(t, 'test_phase')).toBe(2);
    const sit = await t.ctx.db
      .selectFrom('test_phase')
      .select('id')
      .where('kind', '=', 'dcc_sit')
      .executeTakeFirstOrThrow();
    sitId = sit.id;
  });

  it('D10.16: the DCC records results and uploads evidence on the phase page; SECAS sees no form', async () => {
    const path = `/releases/${w.february}/testing/phases/${sitId}`;
    const secas = new BrowserSession(t.app);
    await secas.signIn(w.c.secas.email);
    expect((await secas.get(path)).body).not.toContain('Record results');
    const dcc = new BrowserSession(t.app);
    await dcc.signIn(w.dcc.email);
    const page = await dcc.get(path);
    expect(page.body).toContain('Record results');
    const form = {
      version: '1',
      status: 'in_progress',
      actualStart: '2026-10-01',
      actualEnd: '',
      testsPassed: '412',
      testsFailed: '9',
      'defects.critical': '0',
      'defects.high': '-2',
      'defects.medium': '5',
      'defects.low': '11',
      notes: '',
    };
    const refused = await dcc.post(path, form);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#results-defects.high"');
    expect(refused.body).toContain('Enter the open high defects as a whole number, 0 or more');
    const saved = await dcc.post(path, { ...form, 'defects.high': '2' });
    expect(saved.statusCode).toBe(303);
    const row = await t.ctx.db
      .selectFrom('test_phase')
      .selectAll()
      .where('id', '=', sitId)
      .executeTakeFirstOrThrow();
    expect([row.status, row.tests_passed, row.version]).toEqual(['in_progress', 412, 2]);

    const { cookie, csrf } = await signedInCookies(t.app, w.dcc.email);
    const fresh = await t.app.inject({ method: 'GET', url: path, headers: { cookie } });
    const body = multipart({ _csrf: csrf(fresh.body) }, [
      { filename: 'sit-summary.csv', content: 'suite,passed\nSIT,412\n', type: 'text/csv' },
    ]);
    const uploaded = await t.app.inject({
      method: 'POST',
      url: `${path}/evidence`,
      headers: { ...body.headers, cookie },
      payload: body.payload,
    });
    expect(uploaded.statusCode).toBe(303);
    const shown = await t.app.inject({ method: 'GET', url: path, headers: { cookie } });
    expect(shown.body).toContain('sit-summary.csv');
  });

  it('D10.8(e), D10.13(f): the go-live criteria are the RID’s, and their evidence links the release’s phases and reports', async () => {
    const report = await call(
      t,
      w.dcc,
      'POST',
      `/api/v1/releases/${w.february}/readiness-reports`,
      {
        periodDue: '2026-11-26',
        measures: VALUES,
        summary: 'Ready but for two high defects',
      },
    );
    expect(report.statusCode).toBe(201);
    const reportId = report.json<{ id: number }>().id;
    const chair = new BrowserSession(t.app);
    await chair.signIn(w.c.chair.email);
    const page = await chair.get(`/releases/${w.february}/go-live`);
    expect(page.body).toContain('GL1: DCC SIT complete with no open critical defects');
    expect(page.body).toContain(`value="phase:${sitId}"`);
    expect(page.body).toContain(`value="report:${reportId}"`);
    const release = await t.ctx.db
      .selectFrom('release')
      .select('version')
      .where('id', '=', w.february)
      .executeTakeFirstOrThrow();
    const response = await call(
      t,
      w.c.chair,
      'POST',
      `/api/v1/releases/${w.february}/go-live-decision`,
      {
        // A deferral (at its meeting, with reasons, ruling 16): going live is gated by the
        // Policy's window and the release's content and notices (rulings 10 and 15), which
        // release-facts.test.ts covers.
        ...FIXTURE_SOURCE,
        meetingId: await givenMeeting(t, '2026-11-26'),
        reasons: 'Two high defects open',
        outcome: 'defer',
        criteria: [
          {
            id: 'GL1',
            text: 'Typed differently',
            met: true,
            evidence: 'SIT report',
            links: [`phase:${sitId}`],
          },
          { id: 'GL2', met: false, evidence: 'Readiness report', links: [`report:${reportId}`] },
        ],
        deferredTo: '2027-06-24',
        version: release.version,
      },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      criteria: [
        {
          id: 'GL1',
          text: 'DCC SIT complete with no open critical defects',
          links: [
            {
              ref: `phase:${sitId}`,
              label: 'Test phase: DCC System Integration Testing (in progress)',
            },
          ],
        },
        {
          id: 'GL2',
          text: 'The DCC confirms operational readiness',
          links: [{ ref: `report:${reportId}`, label: 'Readiness report due 26 November 2026' }],
        },
      ],
    });
    const decided = await chair.get(`/releases/${w.february}/go-live`);
    expect(decided.body).toContain(`href="/releases/${w.february}/testing/phases/${sitId}"`);
    expect(decided.body).toContain(`href="/releases/${w.february}/testing/reports/2026-11-26"`);
  });

  it('D10.8(e): a link to another release’s phase is refused and nothing is recorded', async () => {
    const decisions = await t.ctx.db.selectFrom('go_live_decision').select('id').execute();
    const other = await t.ctx.db
      .insertInto('test_phase')
      .values({
        release_id: w.june,
        name: 'Other',
        kind: 'other',
        planned_start: '2027-03-01',
        planned_end: '2027-03-05',
        created_by: null,
        created_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const ad = await t.ctx.db
      .insertInto('release')
      .values({
        name: 'Ad-hoc',
        release_type: 'ad_hoc',
        go_live: '2027-01-14',
        status: 'in_test',
        policy_version_id: (
          await t.ctx.db.selectFrom('release').select('policy_version_id').executeTakeFirstOrThrow()
        ).policy_version_id,
        created_by: null,
        created_at: t.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await givenApprovedRid(t, ad.id);
    const response = await call(
      t,
      w.c.chair,
      'POST',
      `/api/v1/releases/${ad.id}/go-live-decision`,
      {
        ...FIXTURE_SOURCE,
        meetingId: await givenMeeting(t, '2026-11-25'),
        reasons: 'SIT has not started',
        outcome: 'defer',
        deferredTo: '2027-02-11',
        criteria: [
          { id: 'GL1', met: false, evidence: 'Not started', links: [`phase:${other.id}`] },
          { id: 'GL2', met: false, evidence: 'Not started' },
        ],
      },
    );
    expect(response.statusCode).toBe(400);
    expect(response.json<{ message: string }>().message).toContain(
      'not a test phase or readiness report of this release',
    );
    expect(await t.ctx.db.selectFrom('go_live_decision').select('id').execute()).toHaveLength(
      decisions.length,
    );
  });
});
