import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { addWorkingDays, londonDateOf } from '../../src/calendar/index.ts';
import { DEMO_APPEAL_REASONS, createDemoAppeals } from '../../src/demo/demo-appeals.ts';
import { appealDeadline } from '../../src/modules/appeal/appeal-window.ts';
import { calendarFor } from '../../src/modules/calendar/calendar.queries.ts';
import { emptyRidSections } from '../../src/modules/rid/rid-sections.ts';
import { demoStateOf, demoStepsNamed, givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

/** The demo steps the appeal step builds on, up to the releases, and the appeal step itself. */
const BEFORE_RID = [
  'cut-over date',
  'organisations',
  'people',
  'panel seats',
  'SEC document catalogue',
  'modifications',
  'refinement and sub-committee views',
  'Panel meetings, decisions and implementation',
  'consultations',
  'SEC Release Management Policy',
  'SEC Releases',
  'appeals against RID approvals',
];

const appeals = (ctx: AppContext) =>
  ctx.db
    .selectFrom('rid_appeal as a')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select([
      'a.rid_version_id',
      'a.lodged_at',
      'a.reasons',
      'a.status',
      'a.determined_on',
      'o.name',
    ])
    .execute();

describe.each(ENGINES)('the demo appeal on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;
  let releaseId: number;

  beforeAll(async () => {
    // The steps a RID-less demo has, then this step: no RID version exists yet.
    demo = await givenDemo(engine, demoStepsNamed(BEFORE_RID));
    ctx = demo.ctx;
    const release = await ctx.db
      .selectFrom('release')
      .select('id')
      .where('name', '=', 'February 2027 SEC Release')
      .executeTakeFirstOrThrow();
    releaseId = release.id;
  });
  afterAll(() => demo.close());

  it('D10.17: without a published, superseded RID version 1 the step records nothing', async () => {
    // Ruling 13: the demo's history holds RID approvals of past releases; this release has none.
    const versions = await ctx.db
      .selectFrom('rid_version')
      .select('id')
      .where('release_id', '=', releaseId)
      .execute();
    expect(versions).toEqual([]);
    expect(await appeals(ctx)).toEqual([]);
  });

  it('D10.17, ruling 1: a Party appealed RID version 1 in time and the Authority dismissed it', async () => {
    const calendar = await calendarFor(ctx);
    // The shape the RID demo leaves: v1 approved and published about four months ago, then
    // superseded by v2, approved and published two Working Days ago.
    const sections = JSON.stringify(emptyRidSections());
    const v1 = await ctx.db
      .insertInto('rid_version')
      .values({
        release_id: releaseId,
        number: 1,
        status: 'superseded',
        sections,
        created_at: new Date('2026-07-01T09:00:00Z'),
        approved_on: '2026-07-24',
        published_at: new Date('2026-07-27T09:00:00Z'),
      })
      .returning(['id', 'published_at'])
      .executeTakeFirstOrThrow();
    await ctx.db
      .insertInto('rid_version')
      .values({
        release_id: releaseId,
        number: 2,
        status: 'approved',
        sections,
        created_at: new Date('2026-11-20T09:00:00Z'),
        approved_on: '2026-11-25',
        published_at: new Date('2026-11-25T12:00:00Z'),
      })
      .execute();
    await createDemoAppeals(ctx, await demoStateOf(ctx));
    const rows = await appeals(ctx);
    expect(rows).toHaveLength(1);
    const [appeal] = rows;
    if (!appeal || !v1.published_at) throw new Error('no demo appeal');
    const publishedAt = new Date(v1.published_at).toISOString();
    expect(appeal).toMatchObject({
      rid_version_id: v1.id,
      name: 'Albion Power Ltd',
      reasons: DEMO_APPEAL_REASONS,
      status: 'dismissed',
    });
    const lodgedAt = new Date(appeal.lodged_at);
    expect(lodgedAt.getTime()).toBeGreaterThan(new Date(publishedAt).getTime());
    expect(lodgedAt.getTime()).toBeLessThanOrEqual(
      new Date(appealDeadline(calendar, publishedAt)).getTime(),
    );
    expect(appeal.determined_on).toBe(
      addWorkingDays(calendar, londonDateOf(lodgedAt.toISOString()), 15),
    );
    const events = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_type', '=', 'rid_appeal')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['rid.appeal_lodged', 'rid.appeal_determined']);
  });
});
