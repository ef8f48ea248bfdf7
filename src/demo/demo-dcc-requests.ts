import type { AppContext } from '../app-context.ts';
import { addWorkingDays, londonDateOf } from '../calendar/index.ts';
import { calendarFor } from '../modules/calendar/calendar.queries.ts';
import {
  requestInformation,
  respondToRequest,
} from '../modules/dcc-request/dcc-request.actions.ts';
import { workingDaysBefore } from '../modules/dcc-request/dcc-request.ts';
import { sweepDccRequests } from '../modules/dcc-request/dcc-request.jobs.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { demoUserId, type DemoState } from './demo-state.ts';

const SECAS = 'tom.okafor@example.org';
const DCC = 'fiona.macleod@example.org';

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

async function releaseOf(ctx: AppContext, type: string, year: number): Promise<number> {
  const release = await ctx.db
    .selectFrom('release')
    .select('id')
    .where('release_type', '=', type)
    .where('go_live', '>=', `${year}-01-01`)
    .where('go_live', '<=', `${year}-12-31`)
    .executeTakeFirst();
  if (!release) throw new Error(`demo data: no ${type} ${year} release to ask the DCC about`);
  return release.id;
}

/** The context acting at 10:00 UTC on a London date in the past. */
function on(ctx: AppContext, date: string): AppContext {
  return { ...ctx, now: () => new Date(`${date}T10:00:00Z`) };
}

/**
 * D10.10, D10.14: SECAS's requests to the DCC for next year's releases, relative to today: for
 * the June release an open one on RID section (b) due in 5 Working Days; for the February release
 * one the DCC answered on (c) and one on (f) left open past its due date (2 Working Days ago),
 * whose overdue notice the sweep then sends.
 */
export async function createDemoDccRequests(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, SECAS);
  const dcc = await principalOf(ctx, state, DCC);
  const calendar = await calendarFor(ctx);
  const today = londonDateOf(ctx.now().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const june = await releaseOf(ctx, 'june', year);
  const february = await releaseOf(ctx, 'february', year);
  const before = (n: number) => workingDaysBefore(calendar, today, n);

  await requestInformation(ctx, secas, june, {
    subject: 'Confirm the DCC SIT and UIT windows',
    detail:
      'For section (b) of the RID: the start and end dates of DCC System Integration Testing and of User Integration Testing for the June release, and whether either depends on the February release.',
    dueDate: addWorkingDays(calendar, today, 5),
    ridSection: 'b',
  });

  const reporting = await requestInformation(on(ctx, before(12)), secas, february, {
    subject: 'Readiness reporting: frequency and measures',
    detail:
      'For section (c) of the RID: how often the DCC will report progress towards readiness, from when, and what each report will measure.',
    dueDate: before(6),
    ridSection: 'c',
  });
  await respondToRequest(on(ctx, before(7)), dcc, reporting.id, {
    response:
      'The DCC will report fortnightly from 12 weeks before go-live: test cases executed and passed, open defects by severity, environment availability and the readiness of each DCC System change.',
    version: reporting.version,
  });

  await requestInformation(on(ctx, before(8)), secas, february, {
    subject: 'Evidence the DCC will give for each go-live criterion',
    detail:
      'For section (f) of the RID: for each go-live criterion, the evidence the DCC will present to the Panel and when.',
    dueDate: before(2),
    ridSection: 'f',
  });
  await sweepDccRequests(ctx);
}
