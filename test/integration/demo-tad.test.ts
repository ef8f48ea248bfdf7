import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { DEMO_TAD_TEXT } from '../../src/demo/demo-tad.ts';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { demoStepsUpTo, givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

/** The demo up to and including the TAD step. */
const STEPS = demoStepsUpTo('Testing Approach Document');

describe.each(ENGINES)('the demo Testing Approach Document on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    demo = await givenDemo(engine, STEPS);
    ctx = demo.ctx;
  });
  afterAll(() => demo.close());

  it('D10.18–D10.20, ruling 13: the Panel asked for the June 2027 TAD at its meeting of 13 November 2026; the DCC’s v1 is submitted and its consultation opened today (ruling 13: live, not in the past)', async () => {
    expect(STEPS.at(-1)?.name).toBe('Testing Approach Document');
    const release = await ctx.db
      .selectFrom('release')
      .select(['id', 'name'])
      .where('release_type', '=', 'june')
      .where('go_live', '>=', '2027-01-01')
      .where('go_live', '<=', '2027-12-31')
      .executeTakeFirstOrThrow();
    expect(release.name).toBe('June 2027 SEC Release');
    const request = await ctx.db
      .selectFrom('tad_request')
      .selectAll()
      .where('release_id', '=', release.id)
      .executeTakeFirstOrThrow();
    expect(request).toMatchObject({ requested_on: '2026-11-13', due_date: '2026-11-25' });
    const meeting = await ctx.db
      .selectFrom('panel_meeting')
      .select(['id', 'held_on'])
      .where('id', '=', Number(request.meeting_id))
      .executeTakeFirstOrThrow();
    expect(meeting.held_on).toBe('2026-11-13');

    const versions = await ctx.db
      .selectFrom('tad_version')
      .selectAll()
      .where('release_id', '=', release.id)
      .execute();
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ number: 1, status: 'submitted', ...DEMO_TAD_TEXT });
    const fiona = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'fiona.macleod@example.org')
      .executeTakeFirstOrThrow();
    expect(versions[0]?.created_by).toBe(fiona.id);
    expect(DEMO_TAD_TEXT.strategy).toContain('User Integration Testing');
    expect(DEMO_TAD_TEXT.consequences).toContain('Risks in business terms');

    // D10.18, D10.13(d)(e): the submitted version says, for each modification in the release,
    // how the DCC's testing and the User testing it supports are met.
    const allocated = await ctx.db
      .selectFrom('allocation')
      .select('modification_id')
      .where('release_id', '=', release.id)
      .where('descoped_at', 'is', null)
      .execute();
    const inRelease = [...new Set(allocated.map((a) => a.modification_id))].sort();
    expect(inRelease.length).toBeGreaterThan(0);
    const conditions = versions[0]?.conditions as {
      modificationId: number;
      dccTesting: string;
      userTesting: string;
    }[];
    expect(conditions.map((c) => c.modificationId).sort()).toEqual(inRelease);
    for (const c of conditions) {
      expect(c.dccTesting.length).toBeGreaterThan(40);
      expect(c.userTesting.length).toBeGreaterThan(40);
    }

    const consultation = await ctx.db
      .selectFrom('consultation')
      .selectAll()
      .where('subject_type', '=', 'tad_version')
      .where('subject_id', '=', String(versions[0]?.id))
      .executeTakeFirstOrThrow();
    expect(consultation.run_by).toBe('dcc');
    const now = ctx.now().getTime();
    expect(new Date(consultation.opens_at).getTime()).toBe(now);
    expect(consultation.minimum_working_days).toBe(10);
    // Ten Working Days after Friday 27 November 2026: Friday 11 December, end of day.
    expect(new Date(consultation.closes_at).toISOString()).toBe('2026-12-11T23:59:59.000Z');

    const events = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'tad.%')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['tad.requested', 'tad.drafted', 'tad.submitted']);
    expect((await verifyAuditChain(ctx.db)).ok).toBe(true);
  });
});
