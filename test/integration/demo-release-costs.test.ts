import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { HISTORIC_RELEASES } from '../../src/demo/demo-modification-history.ts';
import { todayOf } from '../../src/calendar/deadline.ts';
import { releaseCosts } from '../../src/modules/cost/cost.actions.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

describe.each(ENGINES)('the demo release costs on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    demo = await givenDemo(engine);
    ctx = demo.ctx;
  });
  afterAll(() => demo.close());

  const idOf = async (name: string) =>
    (
      await ctx.db
        .selectFrom('release')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;

  it('D10.8(d), ruling 11: the 2027 releases carry forecasts per main component', async () => {
    const june = await releaseCosts(ctx, await idOf('June 2027 SEC Release'), todayOf(ctx.now()));
    expect(june.total.forecastPence).toBe(159_750_000);
    expect(june.total.actualPence).toBeNull();
  });

  it('D10.8(d), ruling 11: the last live release has actuals, variance and the Panel’s review', async () => {
    const last = HISTORIC_RELEASES.at(-1);
    if (!last) throw new Error('no historic release');
    const costs = await releaseCosts(ctx, await idOf(last.name), todayOf(ctx.now()));
    expect(costs.total).toMatchObject({ forecastPence: 122_800_000, actualPence: 130_045_000 });
    expect(costs.total.variancePence).toBe(7_245_000);
    expect(costs.reviews.map((r) => r.reviewPoint)).toEqual(['actuals_after_go_live']);
  });
});
