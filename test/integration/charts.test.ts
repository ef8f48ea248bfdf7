import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call } from './modification-fixtures.ts';
import { givenTestingWorld, type TestingWorld } from './testing-fixtures.ts';
import { givenRelease } from '../support/release-fixtures.ts';

const VALUES = {
  'SIT test cases passed (%)': '96',
  'Open critical defects': '0',
  'Environments ready': 'Yes',
};

// Issue 13: pictures drawn on the server (SVG, no script), each with its data as a table.
describe.each(ENGINES)('Charts on the cost and testing pages on %s', (engine) => {
  let t: TestApp;
  let w: TestingWorld;
  let live: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    w = await givenTestingWorld(t);
    const { policy_version_id: policyId } = await t.ctx.db
      .selectFrom('release')
      .select('policy_version_id')
      .where('id', '=', w.february)
      .executeTakeFirstOrThrow();
    live = await givenRelease(t, policyId, 'November 2026 SEC Release', 'live', '2026-11-05');
    for (const [component, kind, amount] of [
      ['DCC design and build', 'forecast', '1,200,000'],
      ['DCC design and build', 'actual', '1,350,000.50'],
    ])
      expect(
        (
          await call(t, w.c.secas, 'POST', `/api/v1/releases/${live}/costs`, {
            component,
            kind,
            amount,
          })
        ).statusCode,
      ).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('issue 13, D10.8(d): the cost page draws forecast against actual per component as an accessible SVG above the table', async () => {
    const page = await call(t, w.c.secas, 'GET', `/releases/${live}/costs`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('role="img" aria-labelledby="cost-chart-title cost-chart-desc"');
    expect(page.body).toContain(
      '<title id="cost-chart-title">Forecast and actual costs of November 2026 SEC Release by main component</title>',
    );
    expect(page.body).toContain('<title>DCC design and build: Actual £1,350,000.50</title>');
    expect(page.body).toContain('<title>SECAS: Forecast No figure yet</title>');
    const chart = page.body.slice(
      page.body.indexOf('<div class="secrel-chart"'),
      page.body.indexOf('</svg>'),
    );
    expect(chart).not.toContain('<script');
    expect(page.body.indexOf('id="cost-chart-title"')).toBeLessThan(
      page.body.indexOf('Costs by main component</caption>'),
    );
  });

  it('issue 13, D10.16: the testing page charts tests passed and failed and open defects by severity at each readiness report, with the table', async () => {
    const before = await call(t, w.c.secas, 'GET', `/releases/${w.february}/testing`);
    expect(before.body).not.toContain('id="tests-chart-title"');
    const created = await call(
      t,
      w.c.secas,
      'POST',
      `/api/v1/releases/${w.february}/test-phases/from-rid`,
    );
    expect(created.statusCode).toBe(201);
    const sit = await t.ctx.db
      .selectFrom('test_phase')
      .select(['id', 'version'])
      .where('release_id', '=', w.february)
      .where('kind', '=', 'dcc_sit')
      .executeTakeFirstOrThrow();
    const recorded = await call(
      t,
      w.dcc,
      'PUT',
      `/api/v1/releases/${w.february}/test-phases/${sit.id}`,
      {
        status: 'in_progress',
        actualStart: '2026-10-01',
        testsPassed: 412,
        testsFailed: 9,
        defects: { critical: 1, high: 2, medium: 5, low: 11 },
        version: sit.version,
      },
    );
    expect(recorded.statusCode).toBe(200);
    const report = await call(
      t,
      w.dcc,
      'POST',
      `/api/v1/releases/${w.february}/readiness-reports`,
      {
        periodDue: '2026-11-26',
        measures: VALUES,
        summary: 'On track',
      },
    );
    expect(report.statusCode).toBe(201);
    // Recorded an hour after the report: not part of the report's point.
    t.clock.advance(60 * 60 * 1000);
    const later = await call(
      t,
      w.dcc,
      'PUT',
      `/api/v1/releases/${w.february}/test-phases/${sit.id}`,
      {
        status: 'in_progress',
        actualStart: '2026-10-01',
        testsPassed: 500,
        testsFailed: 0,
        defects: { critical: 0, high: 0, medium: 0, low: 0 },
        version: recorded.json<{ version: number }>().version,
      },
    );
    expect(later.statusCode).toBe(200);
    // The public reads the testing page too.
    const page = await t.app.inject({ method: 'GET', url: `/releases/${w.february}/testing` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('role="img" aria-labelledby="tests-chart-title tests-chart-desc"');
    expect(page.body).toContain('<title>Due 26 November 2026: Passed 412</title>');
    expect(page.body).toContain('<title>Due 26 November 2026: Failed 9</title>');
    expect(page.body).toContain('<title>Due 26 November 2026: Low 11</title>');
    expect(page.body).not.toContain('Passed 500');
    expect(page.body).toContain('id="progress-table"');
    expect(page.body).toContain(
      '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Critical defects</th>',
    );
  });
});
