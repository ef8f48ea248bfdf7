import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { DEMO_STEPS, demoUserId, loadDemoData, type DemoStep } from '../../src/demo/demo-data.ts';
import { DEMO_SIT_RESULTS } from '../../src/demo/demo-testing.ts';
import { DEMO_READINESS_MEASURES } from '../../src/demo/demo-rid-sections.ts';
import { verifyAuditChain } from '../../src/modules/audit/audit.store.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import { approvedRidOf } from '../../src/modules/rid/rid-approved.store.ts';
import { missingReadinessAttention } from '../../src/modules/testing/testing.attention.ts';
import { readinessSchedule } from '../../src/modules/testing/readiness.ts';
import { evidenceOf, phasesOf, reportsOf } from '../../src/modules/testing/testing.store.ts';
import {
  ENGINES,
  TestClock,
  createTestDatabase,
  testConfig,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';
import { ridSections } from './testing-fixtures.ts';

const STEP = 'DCC testing and readiness';

/**
 * For this test only, while the RID demo is not loaded: an approved RID for next year's February
 * release whose DCC testing window started before the load date, with fortnightly reports.
 */
const ridIfMissing: DemoStep = {
  name: 'an approved RID (test only)',
  run: async (ctx) => {
    const release = await ctx.db
      .selectFrom('release')
      .select('id')
      .where('name', '=', 'February 2027 SEC Release')
      .executeTakeFirstOrThrow();
    if (await approvedRidOf(ctx.db, release.id)) return;
    const sections = ridSections({
      timescales: {
        dccTestingStart: '2026-11-09',
        dccTestingEnd: '2027-01-15',
        userTestingStart: '2027-01-25',
        userTestingEnd: '2027-02-11',
        milestones: [],
        notes: '',
      },
      reporting: {
        frequency: 'fortnightly',
        firstReportDue: '2026-09-24',
        measures: DEMO_READINESS_MEASURES,
        notes: '',
      },
    });
    await ctx.db
      .insertInto('rid_version')
      .values({
        release_id: release.id,
        number: 1,
        status: 'approved',
        sections: JSON.stringify(sections),
        created_by: null,
        created_at: new Date('2026-09-01T10:00:00Z'),
        approved_on: '2026-09-10',
      })
      .execute();
  },
};

describe.each(ENGINES)('the demo DCC testing and readiness on %s', (engine) => {
  let database: TestDatabase;
  let ctx: AppContext;
  let releaseId: number;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    ctx = testContext(database, new TestClock('2026-11-27T10:00:00Z'), testConfig());
    const mine = DEMO_STEPS.find((s) => s.name === STEP);
    if (!mine) throw new Error(`no demo step ${STEP}`);
    await loadDemoData(ctx, [...DEMO_STEPS.filter((s) => s !== mine), ridIfMissing, mine]);
    releaseId = (
      await ctx.db
        .selectFrom('release')
        .select('id')
        .where('name', '=', 'February 2027 SEC Release')
        .executeTakeFirstOrThrow()
    ).id;
  }, 240_000);
  afterAll(async () => {
    await database.close();
  });

  it('D10.16: the phases come from the approved RID; SIT is in progress with results and evidence; regression passed', async () => {
    const rid = await approvedRidOf(ctx.db, releaseId);
    const phases = await phasesOf(ctx.db, releaseId);
    const sit = phases.find((p) => p.kind === 'dcc_sit');
    expect(sit).toMatchObject({
      planned_start: rid?.sections.timescales.dccTestingStart,
      planned_end: rid?.sections.timescales.dccTestingEnd,
      status: 'in_progress',
      actual_start: rid?.sections.timescales.dccTestingStart,
      tests_passed: DEMO_SIT_RESULTS.testsPassed,
      tests_failed: DEMO_SIT_RESULTS.testsFailed,
      defects: DEMO_SIT_RESULTS.defects,
    });
    expect(phases.find((p) => p.kind === 'user_testing')).toMatchObject({ status: 'planned' });
    expect(phases.find((p) => p.kind === 'regression')).toMatchObject({
      status: 'passed',
      actual_start: '2026-10-30',
      actual_end: '2026-11-12',
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
      demoUserId(
        {
          organisations: new Map(),
          users: new Map(
            (await ctx.db.selectFrom('app_user').select(['id', 'email']).execute()).map((u) => [
              u.email,
              u.id,
            ]),
          ),
          signIns: [],
        },
        'fiona.macleod@example.org',
      ),
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
