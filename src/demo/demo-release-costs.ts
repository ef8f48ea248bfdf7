import type { AppContext } from '../app-context.ts';
import { loadPrincipal } from '../modules/identity/identity.store.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { recordCostLine, recordCostReview } from '../modules/cost/cost.actions.ts';
import { demoUserId, type DemoState } from './demo-state.ts';
import { HISTORIC_RELEASES } from './demo-modification-history.ts';
import { todayOf } from '../calendar/deadline.ts';

const SECAS = 'tom.okafor@example.org';
const CHAIR = 'eleanor.hartley@example.org';

/** Invented forecasts per main component, in pounds, for the 2027 standard releases. */
const FORECASTS: Record<string, [string, string][]> = {
  'February 2027 SEC Release': [
    ['SECAS', '18,500.00'],
    ['Other', '2,000.00'],
  ],
  'June 2027 SEC Release': [
    ['DCC design and build', '1,240,000.00'],
    ['DCC testing', '310,000.00'],
    ['SECAS', '42,000.00'],
    ['Other', '5,500.00'],
  ],
  'November 2027 SEC Release': [
    ['DCC design and build', '860,000.00'],
    ['DCC testing', '225,000.00'],
    ['SECAS', '36,000.00'],
  ],
};

/** Invented forecasts and actuals for the most recent live historic release. */
const HISTORIC_COSTS: [string, string, string][] = [
  ['DCC design and build', '950,000.00', '1,012,400.00'],
  ['DCC testing', '240,000.00', '251,300.00'],
  ['SECAS', '38,000.00', '36,750.00'],
];

async function principalOf(ctx: AppContext, state: DemoState, email: string): Promise<Principal> {
  const principal = await loadPrincipal(ctx.db, demoUserId(state, email), 'token', null);
  if (!principal) throw new Error(`demo data: ${email} cannot act`);
  return principal;
}

async function releaseId(ctx: AppContext, name: string): Promise<number | undefined> {
  const row = await ctx.db
    .selectFrom('release')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.id;
}

/**
 * D10.8(d), ruling 11: SECAS records forecast costs for the 2027 releases, and forecasts and
 * actuals for the most recent live release, which the Panel Chair records as reviewed.
 */
export async function createDemoReleaseCosts(ctx: AppContext, state: DemoState): Promise<void> {
  const secas = await principalOf(ctx, state, SECAS);
  const chair = await principalOf(ctx, state, CHAIR);
  for (const [name, lines] of Object.entries(FORECASTS)) {
    const id = await releaseId(ctx, name);
    if (id === undefined) continue;
    for (const [component, amount] of lines)
      await recordCostLine(ctx, secas, id, { component, kind: 'forecast', amount, note: '' });
  }
  const last = HISTORIC_RELEASES.at(-1);
  const historic = last ? await releaseId(ctx, last.name) : undefined;
  if (historic === undefined) return;
  for (const [component, forecast, actual] of HISTORIC_COSTS) {
    await recordCostLine(ctx, secas, historic, {
      component,
      kind: 'forecast',
      amount: forecast,
      note: '',
    });
    await recordCostLine(ctx, secas, historic, {
      component,
      kind: 'actual',
      amount: actual,
      note: '',
    });
  }
  await recordCostReview(ctx, chair, historic, {
    reviewPoint: 'actuals_after_go_live',
    reviewedOn: todayOf(ctx.now()),
    conclusions:
      'DCC costs ran about 6% over forecast because of extra regression testing; SECAS costs were under forecast. No further action.',
  });
}
