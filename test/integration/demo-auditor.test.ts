import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { DEMO_AUDIT_FIRM } from '../../src/demo/demo-auditor.ts';
import { readReleaseRecords } from '../../src/modules/auditor/auditor-access.actions.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import { demoStepsUpTo, givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

/** The demo up to and including the auditor's step. */
const STEPS = demoStepsUpTo('external auditor');

describe.each(ENGINES)('the demo external auditor on %s', (engine) => {
  let demo: DemoDatabase;
  let ctx: AppContext;

  beforeAll(async () => {
    demo = await givenDemo(engine, STEPS);
    ctx = demo.ctx;
  });
  afterAll(() => demo.close());

  const releaseNamed = (name: string) =>
    ctx.db.selectFrom('release').selectAll().where('name', '=', name).executeTakeFirstOrThrow();

  it('D10.11: the Panel appointed the demo audit firm to next year’s February release, terms approved about a month ago', async () => {
    expect(STEPS.at(-1)?.name).toBe('external auditor');
    const february = await releaseNamed('February 2027 SEC Release');
    const rows = await ctx.db
      .selectFrom('auditor_appointment as a')
      .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
      .select([
        'a.release_id',
        'a.appointed_by',
        'a.status',
        'a.tor_approved_on',
        'o.name',
        'o.kind',
      ])
      .execute();
    expect(rows).toEqual([
      {
        release_id: february.id,
        appointed_by: 'panel',
        status: 'appointed',
        tor_approved_on: expect.any(String) as string,
        name: DEMO_AUDIT_FIRM,
        kind: 'auditor',
      },
    ]);
    const days =
      (Date.parse('2026-11-27') - Date.parse(rows[0]?.tor_approved_on ?? '')) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(25);
    expect(days).toBeLessThanOrEqual(40);
  });

  it('D10.11: one witnessing request granted by the DCC with a date, one laboratory request open', async () => {
    const requests = await ctx.db
      .selectFrom('auditor_access_request')
      .select(['kind', 'status', 'arranged_on', 'wanted_on', 'answer'])
      .orderBy('id')
      .execute();
    expect(requests).toMatchObject([
      { kind: 'test_witnessing', status: 'granted', arranged_on: expect.any(String) as string },
      { kind: 'test_laboratory', status: 'open', arranged_on: null, answer: null },
    ]);
    expect(requests[1]?.wanted_on && requests[1].wanted_on > '2026-11-27').toBe(true);
    const answeredBy = await ctx.db
      .selectFrom('auditor_access_request as q')
      .innerJoin('app_user as u', 'u.id', 'q.answered_by')
      .select('u.email')
      .executeTakeFirstOrThrow();
    expect(answeredBy.email).toBe('fiona.macleod@example.org');
  });

  it('D10.11: Daniel Osei reads the February release (logged) and no other', async () => {
    const user = await ctx.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'daniel.osei@example.org')
      .executeTakeFirstOrThrow();
    const daniel = await loadPrincipal(ctx.db, user.id, 'token', null);
    const february = await releaseNamed('February 2027 SEC Release');
    const june = await releaseNamed('June 2027 SEC Release');
    await expect(
      readReleaseRecords(ctx, daniel ?? null, february.id, 'api'),
    ).resolves.toBeDefined();
    await expect(readReleaseRecords(ctx, daniel ?? null, june.id, 'api')).rejects.toMatchObject({
      code: 'forbidden',
    });
    const actions = await ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'auditor.%')
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'auditor.proposed',
      'auditor.appointed',
      'auditor.accessed',
      'auditor.access_requested',
      'auditor.access_answered',
      'auditor.access_requested',
      'auditor.accessed',
    ]);
  });
});
