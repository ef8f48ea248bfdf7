import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { requestsOfRelease } from '../../src/modules/dcc-request/dcc-request.present.ts';
import { sweepDccRequests } from '../../src/modules/dcc-request/dcc-request.jobs.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

describe.each(ENGINES)('the demo information requests to the DCC on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    // Friday 27 November 2026: 5 Working Days on is Friday 4 December; 2 back is Wednesday 25th.
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

  it('D10.14: the June 2027 release has an open request on RID section (b) due in 5 Working Days', async () => {
    const june = await requestsOfRelease(ctx.db, await idOf('June 2027 SEC Release'), ctx.now());
    expect(june).toEqual([
      expect.objectContaining({
        ridSection: 'b',
        sectionName: '(b) Timescales, including DCC and User testing',
        subject: 'Confirm the DCC SIT and UIT windows',
        dueDate: '2026-12-04',
        status: 'open',
        overdue: false,
      }),
    ]);
  });

  it('D10.10: the February 2027 release has an answered request on (c) and an overdue one on (f), whose notice has gone once', async () => {
    const releaseId = await idOf('February 2027 SEC Release');
    const february = await requestsOfRelease(ctx.db, releaseId, ctx.now());
    expect(february.map((r) => [r.ridSection, r.status, r.overdue, r.dueDate])).toEqual([
      ['c', 'answered', false, '2026-11-19'],
      ['f', 'open', true, '2026-11-25'],
    ]);
    const rows = await ctx.db
      .selectFrom('dcc_info_request as r')
      .innerJoin('app_user as asker', 'asker.id', 'r.requested_by')
      .leftJoin('app_user as answerer', 'answerer.id', 'r.responded_by')
      .select([
        'r.rid_section',
        'asker.email as asker',
        'answerer.email as answerer',
        'r.overdue_notified_at',
      ])
      .where('r.release_id', '=', releaseId)
      .orderBy('r.rid_section')
      .execute();
    expect(rows.map((r) => [r.rid_section, r.asker, r.answerer])).toEqual([
      ['c', 'tom.okafor@example.org', 'fiona.macleod@example.org'],
      ['f', 'tom.okafor@example.org', null],
    ]);
    expect(rows[1]?.overdue_notified_at).not.toBeNull();
    expect(await sweepDccRequests(ctx)).toEqual({ reminded: [], overdue: [] });
  });
});
