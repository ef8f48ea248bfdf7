import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { londonDateOf } from '../../src/calendar/index.ts';
import { DEMO_STEPS } from '../../src/demo/demo-data.ts';
import { appealDeadline, withinAppealWindow } from '../../src/modules/appeal/appeal-window.ts';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { calendarFor } from '../../src/modules/calendar/calendar.queries.ts';
import { subtractWorkingDays } from '../../src/modules/meeting/meeting.ts';
import { addDays } from '../../src/modules/policy/policy-dates.ts';
import { missingRidSections } from '../../src/modules/rid/rid-sections.ts';
import { appealDeadlineWords } from '../../src/modules/rid/rid.ts';
import { listRidVersions } from '../../src/modules/rid/rid.store.ts';
import { buildApp } from '../../src/http/app.ts';
import { demoStepsUpTo, givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

/** The demo up to and including the RID step. */
const UP_TO_RID = demoStepsUpTo('Release Implementation Documents');

describe.each(ENGINES)('the demo Release Implementation Documents on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;
  const today = '2026-11-27';

  // Loading the demo up to the RIDs (the Code's step included) can take minutes on a busy machine.
  beforeAll(async () => {
    demo = await givenDemo(engine, UP_TO_RID);
    ctx = demo.ctx;
  }, 240_000);
  afterAll(() => demo.close());

  const releaseNamed = (name: string) =>
    ctx.db.selectFrom('release').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  it('the RID step runs after the releases and their notices, before the steps that use the approved RID', () => {
    const names = DEMO_STEPS.map((step) => step.name);
    const rid = names.indexOf('Release Implementation Documents');
    expect(rid).toBeGreaterThan(names.indexOf('SEC Release notices'));
    for (const later of ['appeals against RID approvals', 'DCC testing and readiness'])
      if (names.includes(later)) expect(names.indexOf(later)).toBeGreaterThan(rid);
  });

  it('D10.15, D10.17: the February 2027 RID: v1 approved about four months ago, amendment v2 approved a few Working Days ago and published two Working Days ago, its appeal window open', async () => {
    const february = await releaseNamed('February 2027 SEC Release');
    expect(february.status).toBe('rid_approved');
    const calendar = await calendarFor(ctx);
    const [v1, v2, ...rest] = await listRidVersions(ctx.db, february.id);
    expect(rest).toEqual([]);
    expect(v1).toMatchObject({ number: 1, status: 'superseded' });
    expect(v2).toMatchObject({ number: 2, status: 'approved', basedOnId: v1?.id });
    const approved1 = v1?.approvedOn ?? '';
    expect(approved1 >= addDays(today, -140) && approved1 <= addDays(today, -100)).toBe(true);
    expect(v1?.publishedAt).not.toBeNull();
    const approved2 = v2?.approvedOn ?? '';
    expect(approved2 >= subtractWorkingDays(calendar, today, 6)).toBe(true);
    expect(approved2 <= subtractWorkingDays(calendar, today, 3)).toBe(true);
    const published = v2?.publishedAt?.toISOString() ?? '';
    expect(londonDateOf(published)).toBe(subtractWorkingDays(calendar, today, 2));
    const deadline = appealDeadline(calendar, published);
    expect(withinAppealWindow(deadline, ctx.now())).toBe(true);

    const app = await buildApp(ctx);
    try {
      const page = await app.inject({ method: 'GET', url: `/releases/${february.id}/rid` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(appealDeadlineWords(deadline));
      expect(page.body).toContain('Friday 25 December 2026');
      const version = await app.inject({
        method: 'GET',
        url: `/releases/${february.id}/rid/versions/2`,
      });
      expect(version.body).toContain('Release readiness confirmed by the DCC');
      const redline = await app.inject({
        method: 'GET',
        url: `/releases/${february.id}/rid/redline?from=1&to=2`,
      });
      expect(redline.body).toContain('twenty');
    } finally {
      await app.close();
    }
  });

  it('A-RID, D10.13: the February RID reads like a real one: complete, fortnightly readiness measures, GL1–GL4, and the content the Panel saw', async () => {
    const february = await releaseNamed('February 2027 SEC Release');
    const v2 = (await listRidVersions(ctx.db, february.id))[1];
    if (!v2) throw new Error('no version 2');
    expect(missingRidSections(v2.sections, v2.contentSnapshot?.length ?? 0)).toEqual([]);
    expect(v2.sections.reporting.frequency).toBe('fortnightly');
    expect(v2.sections.reporting.measures).toEqual([
      'Test cases executed',
      'Test cases passed',
      'Open severity 1–2 defects',
      'Environment availability',
    ]);
    expect(v2.sections.goLiveCriteria).toEqual([
      { id: 'GL1', text: 'All severity 1 and 2 defects closed' },
      { id: 'GL2', text: 'Regression testing passed' },
      { id: 'GL3', text: 'Users notified of the go-live date and of any open defects' },
      { id: 'GL4', text: 'Release readiness confirmed by the DCC' },
    ]);
    expect(v2.sections.dccTesting).toContain('System Integration Testing (SIT)');
    expect(v2.contentSnapshot?.map((item) => item.reference)).toEqual(['MP260']);
    const parts = await ctx.db
      .selectFrom('allocation')
      .select(['modification_id', 'part', 'dcc_impacting'])
      .where('release_id', '=', february.id)
      .where('descoped_at', 'is', null)
      .execute();
    expect(parts).toEqual([expect.objectContaining({ part: 'whole', dcc_impacting: false })]);
  });

  it('D10.13: the June 2027 RID is a draft with (b) timescales and (f) go-live criteria still to come', async () => {
    const june = await releaseNamed('June 2027 SEC Release');
    const versions = await listRidVersions(ctx.db, june.id);
    expect(versions.map((v) => [v.number, v.status])).toEqual([[1, 'draft']]);
    const draft = versions[0];
    if (!draft) throw new Error('no June draft');
    expect(missingRidSections(draft.sections, 1)).toEqual(['b', 'f']);
    expect(june.status).toBe('planned');
    const events = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'rid.%')
      .execute();
    expect(new Set(events.map((e) => e.action))).toEqual(
      new Set(['rid.drafted', 'rid.updated', 'rid.submitted', 'rid.approved', 'rid.published']),
    );
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ ok: true });
  });
});
