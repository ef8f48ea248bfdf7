import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { demoUserId } from '../../src/demo/demo-data.ts';
import { DEMO_SIT_RESULTS } from '../../src/demo/demo-testing.ts';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import { approvedRidOf } from '../../src/modules/rid/rid.queries.ts';
import { missingReadinessAttention } from '../../src/modules/testing/testing.attention.ts';
import { readinessSchedule } from '../../src/modules/testing/readiness.ts';
import { evidenceOf, phasesOf, reportsOf } from '../../src/modules/testing/testing.queries.ts';
import { demoStateOf, givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

describe.each(ENGINES)('the demo DCC testing and readiness on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;
  let releaseId: number;

  beforeAll(async () => {
    demo = await givenDemo(engine);
    ctx = demo.ctx;
    releaseId = (
      await ctx.db
        .selectFrom('release')
        .select('id')
        .where('name', '=', 'February 2027 SEC Release')
        .executeTakeFirstOrThrow()
    ).id;
  }, 240_000);
  afterAll(() => demo.close());

  it('D10.16: the phases come from the approved RID; SIT is in progress with results and evidence; regression passed', async () => {
    const rid = await approvedRidOf(ctx.db, releaseId);
    const phases = await phasesOf(ctx.db, releaseId);
    const sit = phases.find((p) => p.kind === 'dcc_sit');
    expect(sit).toMatchObject({
      plannedStart: rid?.sections.timescales.dccTestingStart,
      plannedEnd: rid?.sections.timescales.dccTestingEnd,
      status: 'in_progress',
      actualStart: rid?.sections.timescales.dccTestingStart,
      testsPassed: DEMO_SIT_RESULTS.testsPassed,
      testsFailed: DEMO_SIT_RESULTS.testsFailed,
      defects: DEMO_SIT_RESULTS.defects,
    });
    expect(phases.find((p) => p.kind === 'user_testing')).toMatchObject({ status: 'planned' });
    expect(phases.find((p) => p.kind === 'regression')).toMatchObject({
      status: 'passed',
      actualStart: '2026-10-30',
      actualEnd: '2026-11-12',
    });
    const evidence = await evidenceOf(ctx.db, releaseId);
    expect(evidence).toMatchObject([
      { testPhaseId: sit?.id, filename: 'sit-progress-summary.csv', contentType: 'text/csv' },
    ]);
  });

  it('D10.13(c): a report was submitted on every due date passed but the latest, which is missing', async () => {
    const rid = await approvedRidOf(ctx.db, releaseId);
    if (!rid) throw new Error('no approved RID');
    const release = await ctx.db
      .selectFrom('release')
      .select('go_live')
      .where('id', '=', releaseId)
      .executeTakeFirstOrThrow();
    const past = readinessSchedule(rid.sections.reporting, release.go_live).filter(
      (d) => d < '2026-11-27',
    );
    expect(past.length).toBeGreaterThan(1);
    const reports = await reportsOf(ctx.db, releaseId);
    expect(reports.map((r) => r.periodDue)).toEqual(past.slice(0, -1));
    for (const report of reports)
      expect(report.submittedAt.toISOString().slice(0, 10)).toBe(report.periodDue);
    const dcc = await loadPrincipal(
      ctx.db,
      demoUserId(await demoStateOf(ctx), 'fiona.macleod@example.org'),
      'token',
      null,
    );
    if (!dcc) throw new Error('no DCC user');
    const items = await missingReadinessAttention(ctx, dcc);
    expect(items).toMatchObject([
      {
        title: 'February 2027 SEC Release: a readiness report is missing',
        href: `/releases/${releaseId}/testing#readiness`,
        due: past.at(-1),
        severity: 'overdue',
      },
    ]);
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
  });
});
