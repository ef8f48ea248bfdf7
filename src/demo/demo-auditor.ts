import type { AppContext } from '../app-context.ts';
import { addWorkingDays, londonDateOf, type WorkingDayCalendar } from '../calendar/index.ts';
import {
  answerAccessRequest,
  readReleaseRecords,
  requestAccess,
} from '../modules/auditor/auditor-access.actions.ts';
import { approveTermsOfReference, proposeAppointment } from '../modules/auditor/auditor.actions.ts';
import { calendarFor } from '../modules/calendar/calendar.queries.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { demoOrganisationId, demoUserId, type DemoState } from './demo-state.ts';

const SECAS = 'tom.okafor@example.org';
const CHAIR = 'eleanor.hartley@example.org';
const DCC = 'fiona.macleod@example.org';
const AUDITOR = 'daniel.osei@example.org';
/** The organisation of the demo's External Auditor (kind auditor in demo-organisations.ts). */
export const DEMO_AUDIT_FIRM = 'Harbour & Finch LLP';

export const DEMO_TERMS_OF_REFERENCE = [
  'Monitor, on behalf of the SEC Panel, the DCC’s implementation process, plans and progress for the February release (Section D10.11).',
  'Review the DCC’s System Integration Testing and regression testing against the approved Release Implementation Document, witnessing a sample of test runs.',
  'Report to the Panel before its go-live decision on whether the DCC’s readiness reports fairly represent progress, and on any risk to the go-live date.',
].join('\n');

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/** The context acting at 10:00 UTC on a London date in the past. */
function on(ctx: AppContext, date: string): AppContext {
  return { ...ctx, now: () => new Date(`${date}T10:00:00Z`) };
}

/** The date `n` Working Days before `date`. */
function workingDaysBefore(calendar: WorkingDayCalendar, date: string, n: number): string {
  let day = new Date(`${date}T12:00:00Z`);
  let counted = 0;
  while (counted < n) {
    day = new Date(day.getTime() - 86_400_000);
    if (calendar.isWorkingDay(day.toISOString().slice(0, 10))) counted += 1;
  }
  return day.toISOString().slice(0, 10);
}

/**
 * D10.11: for next year's February release, the Panel appointed Harbour & Finch LLP as external
 * auditor (recorded by SECAS 25 Working Days ago) and approved its terms of reference 22 Working
 * Days ago, about a month before today. The auditor read the records and asked to witness the
 * regression run, which the DCC granted with a date; its later request to visit the SIT
 * laboratory is still open.
 */
export async function createDemoAuditor(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, SECAS);
  const chair = await principalOf(ctx, state, CHAIR);
  const dcc = await principalOf(ctx, state, DCC);
  const auditor = await principalOf(ctx, state, AUDITOR);
  const calendar = await calendarFor(ctx);
  const today = londonDateOf(ctx.now().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const february = await ctx.db
    .selectFrom('release')
    .select('id')
    .where('release_type', '=', 'february')
    .where('go_live', '>=', `${year}-01-01`)
    .where('go_live', '<=', `${year}-12-31`)
    .executeTakeFirst();
  if (!february) throw new Error(`demo data: no February ${year} release to audit`);
  const before = (n: number) => workingDaysBefore(calendar, today, n);

  const proposed = await proposeAppointment(on(ctx, before(25)), secas, february.id, {
    appointedBy: 'panel',
    organisationId: demoOrganisationId(state, DEMO_AUDIT_FIRM),
    termsOfReference: DEMO_TERMS_OF_REFERENCE,
  });
  const approvedOn = before(22);
  await approveTermsOfReference(on(ctx, approvedOn), chair, february.id, proposed.id, {
    approvedOn,
    version: proposed.version,
  });
  await readReleaseRecords(on(ctx, before(20)), auditor, february.id, 'page');
  const asked = before(15);
  const witnessing = await requestAccess(on(ctx, asked), auditor, february.id, {
    kind: 'test_witnessing',
    detail:
      'Witness one DCC regression test run for the February release, including the DUIS service request sample, with the test manager available for questions.',
    wantedOn: addWorkingDays(calendar, asked, 20),
  });
  await answerAccessRequest(on(ctx, before(12)), dcc, february.id, witnessing.id, {
    outcome: 'granted',
    answer:
      'Granted: the regression run on the Test Environment at the DCC test facility; the DCC test manager will host two auditors for the day.',
    arrangedOn: addWorkingDays(calendar, asked, 20),
    version: witnessing.version,
  });
  const lab = before(3);
  await requestAccess(on(ctx, lab), auditor, february.id, {
    kind: 'test_laboratory',
    detail:
      'Visit the SIT laboratory to see how defects found in System Integration Testing are logged, triaged and retested.',
    wantedOn: addWorkingDays(calendar, today, 10),
  });
}
