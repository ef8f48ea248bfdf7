import type { AppContext } from '../app-context.ts';
import { addWorkingDays, londonDateOf } from '../calendar/index.ts';
import { determineAppeal, lodgeAppeal } from '../modules/appeal/appeal.actions.ts';
import { appealDeadlineOf, withinAppealWindow } from '../modules/appeal/appeal-window.ts';
import { findRidVersion } from '../modules/appeal/appeal.store.ts';
import { calendarFor } from '../modules/calendar/calendar.queries.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { demoUserId, type DemoState } from './demo-state.ts';

/** James Whitfield of Albion Power Ltd, a Large Supplier Party. */
const PARTY = 'james.whitfield@example.org';
const AUTHORITY = 'sarah.lindqvist@example.org';

/** Working Days after publication the Party lodged its appeal (inside the 10 of D10.17). */
const LODGED_AFTER_WORKING_DAYS = 6;
/** Working Days after lodging the Authority determined it. */
const DETERMINED_AFTER_WORKING_DAYS = 15;

export const DEMO_APPEAL_REASONS = [
  'Albion Power Ltd appeals the Panel’s approval of version 1 of the Release Implementation Document.',
  'Section (e) gives Users ten Working Days of User Integration Testing with DCC support. That is too short for a Large Supplier to regression-test its prepayment and smart-tariff journeys against the changed DUIS before go-live, and section (f) has no go-live criterion on User readiness.',
  'We ask that the User testing window be extended to twenty Working Days and that a criterion on User readiness be added.',
].join('\n');

export const DEMO_APPEAL_DETERMINATION = [
  'The Authority has considered the appeal and the Panel’s reasons for approving the RID, and dismisses the appeal.',
  'The User testing window was consulted on and is consistent with the SEC Release Management Policy; the DCC’s readiness reporting in section (c) covers User readiness. The Panel may amend the RID under Section D10.15 if its readiness reporting shows a need.',
].join('\n');

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

/** The context acting at a past instant. */
function at(ctx: AppContext, instant: Date): AppContext {
  return { ...ctx, now: () => new Date(instant.getTime()) };
}

/**
 * D10.17, rulings 1 and 2: the RID demo approves version 1 of next year's February release about
 * four months ago and supersedes it with version 2, approved and published two Working Days ago
 * (whose own window is still open). On version 1 a Party lodged an appeal in time, six Working
 * Days after its publication, and the Authority dismissed it. Both through the real actions,
 * acting at those past instants. Does nothing when there is no such published, superseded
 * version 1 (the RID demo not loaded).
 */
export async function createDemoAppeals(ctx: AppContext, state: DemoState): Promise<void> {
  const today = londonDateOf(ctx.now().toISOString());
  const year = Number(today.slice(0, 4)) + 1;
  const release = await ctx.db
    .selectFrom('release')
    .select('id')
    .where('name', '=', `February ${year} SEC Release`)
    .executeTakeFirst();
  if (!release) return;
  const v1 = await findRidVersion(ctx.db, release.id, 1);
  if (v1?.status !== 'superseded' || v1.publishedAt === null || v1.approvedOn === null) return;

  const calendar = await calendarFor(ctx);
  const lodgedOn = addWorkingDays(
    calendar,
    londonDateOf(v1.publishedAt),
    LODGED_AFTER_WORKING_DAYS,
  );
  const lodgedAt = new Date(`${lodgedOn}T10:30:00Z`);
  const deadline = appealDeadlineOf(calendar, v1);
  if (deadline === null || !withinAppealWindow(deadline, lodgedAt)) return;
  const [party, authority] = await Promise.all([
    principalOf(ctx, state, PARTY),
    principalOf(ctx, state, AUTHORITY),
  ]);
  const appeal = await lodgeAppeal(at(ctx, lodgedAt), party, release.id, 1, {
    reasons: DEMO_APPEAL_REASONS,
  });
  const determinedOn = addWorkingDays(calendar, lodgedOn, DETERMINED_AFTER_WORKING_DAYS);
  if (determinedOn >= today) return;
  await determineAppeal(at(ctx, new Date(`${determinedOn}T15:00:00Z`)), authority, appeal.id, {
    outcome: 'dismissed',
    determination: DEMO_APPEAL_DETERMINATION,
    determinedOn,
  });
}
