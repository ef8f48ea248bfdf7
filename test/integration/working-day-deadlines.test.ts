import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';
import { givenAppealCast, givenAppealRelease, type AppealCast } from './appeal-fixtures.ts';
import { call } from './modification-fixtures.ts';

type Table = 'rid_version' | 'rid_appeal' | 'rid_further_appeal' | 'audit_event';

type AppealJson = {
  id: number;
  status: string;
  version: number;
  furtherAppeal: null | {
    to: string;
    appellant: string;
    broughtOn: string;
    details: string;
    outcome: string | null;
    outcomeName: string | null;
    outcomeText: string | null;
    decidedOn: string | null;
  };
};

/** Saturday 28 November 2026, 10:00 UTC (the example). */
const SATURDAY = '2026-11-28T10:00:00Z';
/** Day 1 Monday 30 November … day 10 Friday 11 December 2026, 23:59:59 GMT. */
const FRIDAY_DEADLINE = '2026-12-11T23:59:59+00:00';
const REASONS = 'Section (e) gives Users too little time for User testing.';

describe.each(ENGINES)('One Working-Day rule, computed once, on %s', (engine) => {
  let t: TestApp;
  let c: AppealCast;

  const count = async (table: Table): Promise<number> => {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const counts = () =>
    Promise.all(
      (['rid_version', 'rid_appeal', 'rid_further_appeal', 'audit_event'] as const).map(count),
    );
  const versionRow = (releaseId: number, number: number) =>
    t.ctx.db
      .selectFrom('rid_version')
      .selectAll()
      .where('release_id', '=', releaseId)
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
  const publish = (user: TestUser, releaseId: number, number: number) =>
    call(t, user, 'POST', `/api/v1/releases/${releaseId}/rid/versions/${number}/publish`, {});
  const lodge = (user: TestUser, releaseId: number, number: number) =>
    call(t, user, 'POST', `/api/v1/releases/${releaseId}/rid/versions/${number}/appeals`, {
      reasons: REASONS,
    });

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAppealCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 1, ruling 18: an approval published on Saturday 28 November 2026 can be appealed until 23:59:59 on Friday 11 December, and the deadline is stored', async () => {
    const releaseId = await givenAppealRelease(t, 'Ruling 18 release');
    await givenRidVersion(t, releaseId, 1, { publishedAt: null });
    t.clock.set(SATURDAY);
    const published = await publish(c.secas, releaseId, 1);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ appealDeadline: FRIDAY_DEADLINE });
    const row = await versionRow(releaseId, 1);
    expect(new Date(row.appeal_deadline ?? 0).toISOString()).toBe('2026-12-11T23:59:59.000Z');
    const event = await t.ctx.db
      .selectFrom('audit_event')
      .select('after')
      .where('action', '=', 'rid.published')
      .where('subject_id', '=', String(row.id))
      .executeTakeFirstOrThrow();
    expect(event.after).toMatchObject({ appealDeadline: FRIDAY_DEADLINE });

    t.clock.set('2026-12-11T23:59:59Z');
    expect((await lodge(c.albion, releaseId, 1)).statusCode).toBe(201);
    t.clock.set('2026-12-12T00:00:00Z');
    const before = await counts();
    const late = await lodge(c.northwind, releaseId, 1);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'appeal_out_of_time', deadline: FRIDAY_DEADLINE });
    expect(await counts()).toEqual(before);
  });

  it('Ruling 18: a bank holiday added inside an open window does not shorten it: the stored deadline holds', async () => {
    const releaseId = await givenAppealRelease(t, 'Ruling 18 override release');
    await givenRidVersion(t, releaseId, 1, { publishedAt: null });
    t.clock.set(SATURDAY);
    expect((await publish(c.secas, releaseId, 1)).statusCode).toBe(200);
    const stored = (await versionRow(releaseId, 1)).appeal_deadline;

    // SECAS adds a one-off holiday on Monday 7 December 2026, inside the window.
    t.clock.set('2026-12-01T09:00:00Z');
    const override = await call(t, c.secas, 'POST', '/api/v1/calendar/overrides', {
      date: '2026-12-07',
      region: 'all',
      kind: 'add',
      reason: 'A one-off bank holiday',
    });
    expect(override.statusCode).toBe(201);
    // The calendar moved: the same publication now would close on Monday 14 December…
    const now = await t.app.inject({
      url: `/api/v1/calendar/deadline?instant=${SATURDAY}&n=10`,
    });
    expect(now.json()).toMatchObject({ deadline: '2026-12-14T23:59:59+00:00' });
    // …but the open window keeps the deadline stored when it opened (no longer, no shorter).
    expect((await versionRow(releaseId, 1)).appeal_deadline).toEqual(stored);
    const windows = await t.app.inject({ url: `/api/v1/releases/${releaseId}/rid/appeals` });
    expect(windows.json<{ windows: unknown[] }>().windows).toEqual([
      expect.objectContaining({ ridVersionNumber: 1, deadline: FRIDAY_DEADLINE }),
    ]);
    const rid = await t.app.inject({ url: `/api/v1/releases/${releaseId}/rid` });
    expect(JSON.stringify(rid.json())).toContain(FRIDAY_DEADLINE);
    t.clock.set('2026-12-11T20:00:00Z');
    expect((await lodge(c.albion, releaseId, 1)).statusCode).toBe(201);
  });

  it('Ruling 18: a HOLIDAY_REGION change after publication does not move an open window', async () => {
    const releaseId = await givenAppealRelease(t, 'Ruling 18 region release');
    await givenRidVersion(t, releaseId, 1, { publishedAt: null });
    // Saturday 27 November 2027: in England and Wales day 10 is Friday 10 December 2027.
    t.clock.set('2027-11-27T10:00:00Z');
    expect((await publish(c.secas, releaseId, 1)).json()).toMatchObject({
      appealDeadline: '2027-12-10T23:59:59+00:00',
    });
    const config = t.ctx.config as { holidayRegion: string };
    const region = config.holidayRegion;
    config.holidayRegion = 'scotland';
    try {
      // In Scotland St Andrew's Day (Tuesday 30 November 2027) is a bank holiday: the same
      // publication would close on Monday 13 December. The open window keeps its stored close.
      const scottish = await t.app.inject({
        url: `/api/v1/calendar/deadline?instant=2027-11-27T10:00:00Z&n=10&region=scotland`,
      });
      expect(scottish.json()).toMatchObject({ deadline: '2027-12-13T23:59:59+00:00' });
      const windows = await t.app.inject({ url: `/api/v1/releases/${releaseId}/rid/appeals` });
      expect(windows.json<{ windows: unknown[] }>().windows).toEqual([
        expect.objectContaining({ ridVersionNumber: 1, deadline: '2027-12-10T23:59:59+00:00' }),
      ]);
      t.clock.set('2027-12-11T00:00:00Z');
      expect((await lodge(c.albion, releaseId, 1)).json()).toMatchObject({
        code: 'appeal_out_of_time',
        deadline: '2027-12-10T23:59:59+00:00',
      });
    } finally {
      config.holidayRegion = region;
    }
  });

  it('Ruling 1: an approval superseded before SECAS published it can still be published, and opens its own window', async () => {
    const releaseId = await givenAppealRelease(t, 'Ruling 1 release');
    await givenRidVersion(t, releaseId, 1, {
      status: 'superseded',
      approvedOn: '2026-12-11',
      publishedAt: null,
    });
    await givenRidVersion(t, releaseId, 2, { approvedOn: '2027-01-08', publishedAt: null });
    // Before publication neither can be appealed.
    t.clock.set('2027-01-11T10:00:00Z');
    const before = await counts();
    expect((await lodge(c.albion, releaseId, 1)).json()).toMatchObject({ code: 'appeal_not_open' });
    expect(await counts()).toEqual(before);

    // Mon 11 Jan 2027: day 1 Tue 12 … day 10 Mon 25 Jan.
    const v1 = await publish(c.secas, releaseId, 1);
    expect(v1.statusCode).toBe(200);
    expect(v1.json()).toMatchObject({
      status: 'superseded',
      appealDeadline: '2027-01-25T23:59:59+00:00',
    });
    t.clock.set('2027-01-13T10:00:00Z');
    expect((await publish(c.secas, releaseId, 2)).json()).toMatchObject({
      status: 'approved',
      appealDeadline: '2027-01-27T23:59:59+00:00',
    });
    const windows = await t.app.inject({ url: `/api/v1/releases/${releaseId}/rid/appeals` });
    expect(windows.json<{ windows: unknown[] }>().windows).toEqual([
      expect.objectContaining({
        ridVersionNumber: 1,
        state: 'open',
        deadline: '2027-01-25T23:59:59+00:00',
      }),
      expect.objectContaining({
        ridVersionNumber: 2,
        state: 'open',
        deadline: '2027-01-27T23:59:59+00:00',
      }),
    ]);
    expect((await lodge(c.albion, releaseId, 1)).statusCode).toBe(201);
    expect((await lodge(c.albion, releaseId, 2)).statusCode).toBe(201);
  });

  it('Ruling 1: a version the Panel never approved is not published, nor an approval twice, nor by anyone but SECAS; nothing changes', async () => {
    const releaseId = await givenAppealRelease(t, 'Ruling 1 refusals release');
    await givenRidVersion(t, releaseId, 1, { status: 'draft' });
    await givenRidVersion(t, releaseId, 2, { status: 'withdrawn' });
    await givenRidVersion(t, releaseId, 3, { publishedAt: '2027-01-04T10:00:00Z' });
    await givenRidVersion(t, releaseId, 4, { status: 'submitted' });
    t.clock.set('2027-01-05T10:00:00Z');
    const before = await counts();
    const rows = await Promise.all([1, 2, 3, 4].map((n) => versionRow(releaseId, n)));
    for (const n of [1, 2, 3, 4]) {
      const refused = await publish(c.secas, releaseId, n);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'invalid_transition' });
    }
    expect((await publish(c.chair, releaseId, 3)).statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    expect(await Promise.all([1, 2, 3, 4].map((n) => versionRow(releaseId, n)))).toEqual(rows);
  });

  describe('D10.17: without prejudice to section 173 of the Energy Act 2004', () => {
    let releaseId: number;
    let appeal: AppealJson;
    const further = (user: TestUser, body: object) =>
      call(t, user, 'POST', `/api/v1/appeals/${appeal.id}/further-appeal`, body);
    const outcome = (user: TestUser, body: object) =>
      call(t, user, 'POST', `/api/v1/appeals/${appeal.id}/further-appeal/outcome`, body);
    const FURTHER = {
      appellant: 'Albion Power Ltd',
      details: 'Appeal to the CMA against the Authority’s determination, CMA reference ENA/1/2027.',
    };

    beforeAll(async () => {
      releaseId = await givenAppealRelease(t, 'D10.17 further appeal release');
      await givenRidVersion(t, releaseId, 1, { publishedAt: '2027-01-04T10:00:00Z' });
      t.clock.set('2027-01-05T10:00:00Z');
      appeal = (await lodge(c.albion, releaseId, 1)).json<AppealJson>();
    });

    it('D10.17: a further appeal is refused on an appeal the Authority has not determined (appeal_not_determined); nothing changes', async () => {
      t.clock.set('2027-01-10T10:00:00Z');
      const before = await counts();
      const refused = await further(c.secas, FURTHER);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'appeal_not_determined' });
      expect(await counts()).toEqual(before);
      const noneYet = await outcome(c.secas, { outcome: 'dismissed', outcomeText: 'Dismissed.' });
      expect(noneYet.statusCode).toBe(409);
      expect(noneYet.json()).toMatchObject({ code: 'further_appeal_missing' });
      expect(await counts()).toEqual(before);
    });

    it('D10.17: the determination is not worded as final, in the API, the mail or the page', async () => {
      t.clock.set('2027-01-20T10:00:00Z');
      const decided = await call(
        t,
        c.authority,
        'POST',
        `/api/v1/appeals/${appeal.id}/determination`,
        {
          outcome: 'dismissed',
          determination: 'The Panel consulted properly.',
        },
      );
      expect(decided.statusCode).toBe(200);
      const mail = await t.ctx.db
        .selectFrom('outbox_message')
        .select('body_text')
        .where('dedupe_key', 'like', `appeal:${appeal.id}:%`)
        .execute();
      for (const m of mail) expect(m.body_text).not.toMatch(/\bfinal\b/i);
      expect(mail.some((m) => m.body_text.includes('section 173 of the Energy Act 2004'))).toBe(
        true,
      );
      const page = await t.app.inject({ url: `/appeals/${appeal.id}` });
      expect(page.body).not.toMatch(/\bfinal\b/i);
      expect(page.body).toContain('section 173 of the Energy Act 2004');
      const openapi = await t.app.inject({ url: '/api/openapi.json' });
      expect(openapi.statusCode).toBe(200);
      {
        const paths = JSON.stringify(openapi.json<{ paths: unknown }>().paths);
        expect(paths).not.toMatch(/Authority’s final determination|determination is final/);
      }
    });

    it('D10.17: only SECAS records a further appeal (403 for the Authority, the appellant, the public); nothing changes', async () => {
      t.clock.set('2027-02-01T10:00:00Z');
      const before = await counts();
      for (const user of [c.authority, c.albion, c.chair])
        expect((await further(user, FURTHER)).statusCode).toBe(403);
      const anonymous = await t.app.inject({
        method: 'POST',
        url: `/api/v1/appeals/${appeal.id}/further-appeal`,
        payload: FURTHER,
      });
      expect(anonymous.statusCode).toBe(401);
      expect(await counts()).toEqual(before);
    });

    it('D10.17: a further appeal dated before the determination, or without its details, is refused on that field; nothing changes', async () => {
      const before = await counts();
      const early = await further(c.secas, { ...FURTHER, broughtOn: '2027-01-19' });
      expect(early.statusCode).toBe(400);
      expect(early.json()).toMatchObject({ code: 'validation_failed', field: 'broughtOn' });
      const empty = await further(c.secas, { ...FURTHER, details: '  ' });
      expect(empty.json()).toMatchObject({ code: 'validation_failed', field: 'details' });
      expect(await counts()).toEqual(before);
    });

    it('D10.17: SECAS records a further appeal to the CMA on a determined appeal, audited, shown in the API and on the appeal and RID pages', async () => {
      const audits = await count('audit_event');
      const recorded = await further(c.secas, { ...FURTHER, version: appeal.version + 1 });
      expect(recorded.statusCode).toBe(201);
      expect(recorded.json<AppealJson>()).toMatchObject({
        status: 'dismissed',
        furtherAppeal: {
          to: 'Competition and Markets Authority',
          appellant: 'Albion Power Ltd',
          broughtOn: '2027-02-01',
          outcome: null,
        },
      });
      expect(await count('rid_further_appeal')).toBe(1);
      expect(await count('audit_event')).toBe(audits + 1);
      const event = await t.ctx.db
        .selectFrom('audit_event')
        .select(['action', 'actor_id'])
        .where('subject_type', '=', 'rid_appeal')
        .where('subject_id', '=', String(appeal.id))
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(event.action).toBe('rid.further_appeal_recorded');

      const publicView = await t.app.inject({ url: `/api/v1/appeals/${appeal.id}` });
      expect(publicView.json<AppealJson>().furtherAppeal?.appellant).toBe('Albion Power Ltd');
      const page = await t.app.inject({ url: `/appeals/${appeal.id}` });
      expect(page.body).toContain('Further appeal to the Competition and Markets Authority');
      expect(page.body).toContain('Awaiting the Competition and Markets Authority');
      const ridPage = await t.app.inject({ url: `/releases/${releaseId}/rid` });
      expect(ridPage.body).toContain('Further appeal to the CMA by Albion Power Ltd');
    });

    it('D10.17: a second further appeal is refused (further_appeal_exists); nothing changes', async () => {
      const before = await counts();
      const again = await further(c.secas, FURTHER);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'further_appeal_exists' });
      expect(await counts()).toEqual(before);
    });

    it('D10.17: SECAS records the CMA’s outcome once (further_appeal_decided after); audited and shown', async () => {
      t.clock.set('2027-06-01T10:00:00Z');
      const audits = await count('audit_event');
      expect(
        (await outcome(c.authority, { outcome: 'dismissed', outcomeText: 'x' })).statusCode,
      ).toBe(403);
      const bad = await outcome(c.secas, {
        outcome: 'dismissed',
        outcomeText: 'x',
        decidedOn: '2027-01-31',
      });
      expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'decidedOn' });
      expect(await count('audit_event')).toBe(audits);
      const decided = await outcome(c.secas, {
        outcome: 'dismissed',
        outcomeText: 'The CMA dismissed the appeal; the Authority’s decision stands.',
      });
      expect(decided.statusCode).toBe(200);
      expect(decided.json<AppealJson>().furtherAppeal).toMatchObject({
        outcome: 'dismissed',
        decidedOn: '2027-06-01',
      });
      expect(await count('audit_event')).toBe(audits + 1);
      const before = await counts();
      const again = await outcome(c.secas, { outcome: 'allowed', outcomeText: 'Allowed.' });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'further_appeal_decided' });
      expect(await counts()).toEqual(before);
      const row = await t.ctx.db
        .selectFrom('rid_further_appeal')
        .select(['outcome', 'outcome_recorded_by'])
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ outcome: 'dismissed', outcome_recorded_by: c.secas.id });
      const release = await t.app.inject({ url: `/releases/${releaseId}` });
      expect(release.body).toContain('Further appeal to the CMA by Albion Power Ltd');
    });
  });
});
