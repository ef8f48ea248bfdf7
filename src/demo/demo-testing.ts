import type { AppContext } from '../app-context.ts';
import { longDate } from '../calendar/date-words.ts';
import { londonDateOf } from '../calendar/index.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { addDays } from '../modules/policy/policy-dates.ts';
import { approvedRidOf } from '../modules/rid/rid.queries.ts';
import { submitReadinessReport } from '../modules/testing/readiness.actions.ts';
import { readinessSchedule } from '../modules/testing/readiness.ts';
import { uploadPhaseEvidence } from '../modules/testing/test-evidence.actions.ts';
import {
  addTestPhase,
  createPhasesFromRid,
  recordPhaseResults,
} from '../modules/testing/testing.actions.ts';
import type { TestPhase } from '../modules/testing/testing.ts';
import { demoUserId, type DemoState } from './demo-state.ts';

const SECAS = 'tom.okafor@example.org';
const DCC = 'fiona.macleod@example.org';

/** The DCC's SIT results so far, as its evidence file summarises them. */
export const DEMO_SIT_RESULTS = {
  testsPassed: 412,
  testsFailed: 9,
  defects: { critical: 0, high: 2, medium: 5, low: 11 },
};

const SIT_SUMMARY_CSV = [
  'test area,executed,passed,failed',
  'Service Requests (DUIS),214,209,5',
  'Device configuration,121,119,2',
  'Alerts and responses,86,84,2',
  'total,421,412,9',
  '',
].join('\n');

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/** The context acting at 10:00 UTC on a past date. */
function on(ctx: AppContext, date: string): AppContext {
  const instant = new Date(`${date}T10:00:00Z`);
  return { ...ctx, now: () => new Date(instant.getTime()) };
}

/** A readiness report's values: progress grows with each report. */
function reportValues(measures: readonly string[], n: number): Record<string, string> {
  const known: Record<string, string> = {
    'Test cases executed': String(60 * n),
    'Test cases passed': String(57 * n),
    'Open severity 1–2 defects': String(Math.max(0, 6 - n)),
    'Environment availability': `${String(97 + (n % 3))}%`,
  };
  return Object.fromEntries(measures.map((m) => [m, known[m] ?? 'On track']));
}

/**
 * D10.13(b)(c), D10.16: for next year's February release, tracked against its approved RID:
 * SECAS creates the DCC SIT and User testing phases from the RID; the DCC ran a regression phase
 * on the release build four to two weeks ago (passed), started SIT on its planned date and
 * records its results so far with a CSV summary as evidence; it submitted a readiness report on
 * every due date but the latest one passed, which is missing on the load date. Past acts run
 * with the clock shifted to their date. Does nothing when that release has no approved RID
 * (the RID demo not loaded).
 */
export async function createDemoTesting(ctx: AppContext, state: DemoState): Promise<void> {
  const today = londonDateOf(ctx.now().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const release = await ctx.db
    .selectFrom('release')
    .select(['id', 'go_live'])
    .where('release_type', '=', 'february')
    .where('go_live', '>=', `${String(year)}-01-01`)
    .where('go_live', '<=', `${String(year)}-12-31`)
    .executeTakeFirst();
  if (!release) return;
  const rid = await approvedRidOf(ctx.db, release.id);
  if (!rid) return;
  const secas = await principalOf(ctx, state, SECAS);
  const dcc = await principalOf(ctx, state, DCC);

  const past = readinessSchedule(rid.sections.reporting, release.go_live).filter((d) => d < today);
  const regression = { start: addDays(today, -28), end: addDays(today, -15) };
  const firstDay = [past[0], regression.start, rid.sections.timescales.dccTestingStart]
    .filter((d): d is string => typeof d === 'string' && d < today)
    .sort()[0];
  const planned = on(ctx, addDays(firstDay ?? today, -1));
  const phases = await createPhasesFromRid(planned, secas, release.id);
  const regressionPhase = await addTestPhase(planned, dcc, release.id, {
    name: 'Regression testing of the release build',
    kind: 'regression',
    plannedStart: regression.start,
    plannedEnd: regression.end,
  });

  const sit = phases.find((p) => p.kind === 'dcc_sit');
  const acts: { date: string; run: () => Promise<unknown> }[] = [];
  // The latest due date passed is left without a report: it is missing on the load date.
  past.slice(0, -1).forEach((due, index) => {
    acts.push({
      date: due,
      run: () =>
        submitReadinessReport(on(ctx, due), dcc, release.id, {
          periodDue: due,
          measures: reportValues(rid.sections.reporting.measures, index + 1),
          summary: `Progress to ${longDate(due)}: testing on plan; open defects triaged with the DCC Service Providers.`,
        }),
    });
  });
  let version = regressionPhase.version;
  acts.push({
    date: regression.start,
    run: async () => {
      const phase = await recordPhaseResults(
        on(ctx, regression.start),
        dcc,
        release.id,
        regressionPhase.id,
        {
          status: 'in_progress',
          actualStart: regression.start,
          actualEnd: null,
          testsPassed: 0,
          testsFailed: 0,
          defects: {},
          notes: '',
          version,
        },
      );
      version = phase.version;
    },
  });
  acts.push({
    date: regression.end,
    run: () =>
      recordPhaseResults(on(ctx, regression.end), dcc, release.id, regressionPhase.id, {
        status: 'passed',
        actualStart: regression.start,
        actualEnd: regression.end,
        testsPassed: 1286,
        testsFailed: 0,
        defects: { critical: 0, high: 0, medium: 1, low: 3 },
        notes: 'Full regression of the Service Requests in use; no regression found.',
        version,
      }),
  });
  let sitPhase: TestPhase | undefined = sit;
  if (sit && sit.plannedStart < today) {
    const start = sit.plannedStart;
    acts.push({
      date: start,
      run: async () => {
        sitPhase = await recordPhaseResults(on(ctx, start), dcc, release.id, sit.id, {
          status: 'in_progress',
          actualStart: start,
          actualEnd: null,
          testsPassed: 0,
          testsFailed: 0,
          defects: {},
          notes: '',
          version: sit.version,
        });
        // Ruling 16: SIT starting puts the release "In test" (the testing module records it).
      },
    });
  }
  acts.sort((a, b) => a.date.localeCompare(b.date));
  for (const act of acts) await act.run();

  if (sit && sitPhase && sitPhase.status === 'in_progress') {
    await recordPhaseResults(ctx, dcc, release.id, sit.id, {
      status: 'in_progress',
      actualStart: sit.plannedStart,
      actualEnd: null,
      ...DEMO_SIT_RESULTS,
      notes:
        'Two high-severity defects in the DUIS adaptor are with the DCC Service Provider; fixes are due in the next drop.',
      version: sitPhase.version,
    });
    await uploadPhaseEvidence(ctx, dcc, release.id, sit.id, [
      { filename: 'sit-progress-summary.csv', data: new TextEncoder().encode(SIT_SUMMARY_CSV) },
    ]);
  }
}
