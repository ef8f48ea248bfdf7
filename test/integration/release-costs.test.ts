import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { givenPolicy, givenRelease, releaseActions } from '../support/release-fixtures.ts';

type Totals = {
  component: string;
  forecastPence: number | null;
  actualPence: number | null;
  variancePence: number | null;
  variancePercent: number | null;
};

describe.each(ENGINES)('Release costs on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let planned: number;
  let live: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    planned = await givenRelease(t, policyId, 'June 2027 SEC Release', 'planned', '2027-06-24');
    live = await givenRelease(t, policyId, 'November 2026 SEC Release', 'live', '2026-11-05');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.8(d), ruling 11: SECAS records forecasts; a new line supersedes the previous one and history stays', async () => {
    const first = await call(t, c.secas, 'POST', `/api/v1/releases/${planned}/costs`, {
      component: 'DCC design and build',
      kind: 'forecast',
      amount: '1,200,000.00',
    });
    expect(first.statusCode).toBe(201);
    const second = await call(t, c.secas, 'POST', `/api/v1/releases/${planned}/costs`, {
      component: 'DCC design and build',
      kind: 'forecast',
      amount: 1250000.5,
      note: 'Revised after impact assessment',
    });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ amountPence: 125000050, amount: '£1,250,000.50' });
    const rows = await t.ctx.db
      .selectFrom('cost_line')
      .selectAll()
      .where('release_id', '=', planned)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.amount_pence, r.superseded_at !== null])).toEqual([
      [120000000, true],
      [125000050, false],
    ]);
    expect(await releaseActions(t, planned)).toEqual([
      'release.cost_recorded',
      'release.cost_recorded',
    ]);
  });

  it('D10.8(d): a component outside the Policy, a bad amount and an actual before go-live are refused, nothing changes', async () => {
    const events = await count(t, 'audit_event');
    const cases = [
      [{ component: 'Catering', kind: 'forecast', amount: '10' }, 400, 'component'],
      [{ component: 'SECAS', kind: 'forecast', amount: '-5' }, 400, 'amount'],
      [{ component: 'SECAS', kind: 'forecast', amount: '1.234' }, 400, 'amount'],
      [{ component: 'SECAS', kind: 'forecast', amount: '1000000000.01' }, 400, 'amount'],
      [{ component: 'SECAS', kind: 'actual', amount: '10' }, 409, 'kind'],
    ] as const;
    for (const [body, status, field] of cases) {
      const response = await call(t, c.secas, 'POST', `/api/v1/releases/${planned}/costs`, body);
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ field });
    }
    const component = await call(t, c.secas, 'POST', `/api/v1/releases/${planned}/costs`, {
      component: 'Catering',
      kind: 'forecast',
      amount: '10',
    });
    expect(component.json<{ message: string }>().message).toContain('DCC design and build');
    expect(await count(t, 'audit_event')).toBe(events);
  });

  it('D10.8(d), ruling 11: actuals after go-live give totals and variance per component and overall', async () => {
    for (const [component, kind, amount] of [
      ['DCC design and build', 'forecast', '100,000'],
      ['DCC design and build', 'actual', '110,000'],
      ['SECAS', 'forecast', '20,000'],
      ['SECAS', 'actual', '15,000'],
    ] as const) {
      const response = await call(t, c.secas, 'POST', `/api/v1/releases/${live}/costs`, {
        component,
        kind,
        amount,
      });
      expect(response.statusCode).toBe(201);
    }
    const read = await call(t, c.authority, 'GET', `/api/v1/releases/${live}/costs`);
    expect(read.statusCode).toBe(200);
    const body = read.json<{ totals: Totals[]; total: Totals }>();
    expect(body.totals.find((r) => r.component === 'DCC design and build')).toMatchObject({
      variancePence: 1000000,
      variancePercent: 10,
    });
    expect(body.totals.find((r) => r.component === 'SECAS')).toMatchObject({
      variancePence: -500000,
      variancePercent: -25,
    });
    expect(body.total).toMatchObject({
      forecastPence: 12000000,
      actualPence: 12500000,
      variancePence: 500000,
    });
  });

  it('D10.8(d), ruling 11: the Panel’s cost review is recorded by the Chair and audited', async () => {
    const bad = await call(t, c.chair, 'POST', `/api/v1/releases/${live}/cost-reviews`, {
      reviewPoint: 'whenever',
      reviewedOn: '2026-11-20',
      conclusions: 'Fine',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ field: 'reviewPoint' });
    const review = await call(t, c.chair, 'POST', `/api/v1/releases/${live}/cost-reviews`, {
      reviewPoint: 'actuals_after_go_live',
      reviewedOn: '2026-11-20',
      conclusions: 'The DCC overspend is explained by extra regression testing.',
    });
    expect(review.statusCode).toBe(201);
    const row = await t.ctx.db
      .selectFrom('cost_review')
      .selectAll()
      .where('release_id', '=', live)
      .executeTakeFirstOrThrow();
    expect(row.review_point).toBe('actuals_after_go_live');
    expect((await releaseActions(t, live)).at(-1)).toBe('release.cost_reviewed');
  });

  it('D10.8(d), ruling 11: the Authority’s request is recorded and the CSV answers it, with the formula guard', async () => {
    await call(t, c.secas, 'POST', `/api/v1/releases/${live}/costs`, {
      component: 'Other',
      kind: 'actual',
      amount: '50',
      note: '=HYPERLINK("http://evil.example")',
    });
    const request = await call(
      t,
      c.authority,
      'POST',
      `/api/v1/releases/${live}/cost-report-requests`,
      {},
    );
    expect(request.statusCode).toBe(201);
    expect(request.json()).toMatchObject({ requestedOn: '2026-11-27', producedAt: null });
    const csv = await call(t, c.authority, 'GET', `/api/v1/releases/${live}/cost-report.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toContain('attachment');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('Component,Forecast (£),Actual (£),Variance (£),Variance (%),Notes');
    expect(lines).toContain('SECAS,20000.00,15000.00,-5000.00,-25,');
    expect(lines).toContain('Total,120000.00,125050.00,5050.00,4.2,');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    const row = await t.ctx.db
      .selectFrom('cost_report_request')
      .selectAll()
      .where('release_id', '=', live)
      .executeTakeFirstOrThrow();
    expect(row.produced_at).not.toBeNull();
    const actions = await releaseActions(t, live);
    expect(actions.slice(-2)).toEqual([
      'release.cost_report_requested',
      'release.cost_report_produced',
    ]);
    await call(t, c.authority, 'GET', `/api/v1/releases/${live}/cost-report.csv`);
    expect((await releaseActions(t, live)).length).toBe(actions.length);
  });

  it('D10.8(d): a Party gets 403 reading or recording costs, and nothing changes', async () => {
    const events = await count(t, 'audit_event');
    const responses = [
      await call(t, c.albion, 'GET', `/api/v1/releases/${live}/costs`),
      await call(t, c.albion, 'GET', `/api/v1/releases/${live}/cost-report.csv`),
      await call(t, c.albion, 'POST', `/api/v1/releases/${live}/costs`, {
        component: 'SECAS',
        kind: 'forecast',
        amount: '1',
      }),
      await call(t, c.albion, 'POST', `/api/v1/releases/${live}/cost-report-requests`, {}),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    expect(await count(t, 'audit_event')).toBe(events);
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.albion.email);
    expect((await browser.get(`/releases/${live}/costs`)).statusCode).toBe(403);
  });

  it('D10.8(d): SECAS records a line through the costs page; a bad amount shows the error on the field', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    const page = await browser.get(`/releases/${planned}/costs`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('£1,250,000.50');
    const bad = await browser.post(`/releases/${planned}/costs`, {
      component: 'SECAS',
      kind: 'forecast',
      amount: 'lots',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#line-amount"');
    const good = await browser.post(`/releases/${planned}/costs`, {
      component: 'SECAS',
      kind: 'forecast',
      amount: '30,000',
    });
    expect(good.statusCode).toBe(303);
    const after = await browser.get(`/releases/${planned}/costs`);
    expect(after.body).toContain('The forecast for SECAS is now £30,000.00.');
    const report = await browser.get(`/releases/${live}/cost-report`);
    expect(report.statusCode).toBe(200);
    expect(report.body).toContain('The DCC overspend is explained');
    expect(report.body).toContain('in answer to the Authority’s request of 27 November 2026');
  });
});
