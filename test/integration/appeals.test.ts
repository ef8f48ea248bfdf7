import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  countRows,
  givenAppealCast,
  givenAppealRelease,
  type AppealCast,
} from './appeal-fixtures.ts';
import { call } from './modification-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

type AppealJson = {
  id: number;
  ridVersionNumber: number;
  organisation: { id: number; name: string };
  reasons: string | null;
  status: string;
  determination: string | null;
  determinedOn: string | null;
  version: number;
};

/** Published on Christmas Eve 2026: the window closes at 23:59:59 GMT on Tue 12 Jan 2027. */
const CHRISTMAS_EVE = '2026-12-24T10:00:00Z';
const DEADLINE = '2027-01-12T23:59:59+00:00';
const DEADLINE_WORDS = '23:59:59 on Tuesday 12 January 2027 (UK time)';
const REASONS = 'The DCC testing window in section (b) is too short for our User testing.';

describe.each(ENGINES)('appeals against RID approvals on %s', (engine) => {
  let t: TestApp;
  let c: AppealCast;
  let releaseId: number;

  const lodge = (user: TestUser, number: number, reasons = REASONS, release = releaseId) =>
    call(t, user, 'POST', `/api/v1/releases/${release}/rid/versions/${number}/appeals`, {
      reasons,
    });

  async function nothingWritten(before: number[]): Promise<void> {
    const after = await Promise.all(
      (['rid_appeal', 'audit_event', 'outbox_message'] as const).map((table) =>
        countRows(t, table),
      ),
    );
    expect(after).toEqual(before);
  }
  const counts = () =>
    Promise.all(
      (['rid_appeal', 'audit_event', 'outbox_message'] as const).map((table) =>
        countRows(t, table),
      ),
    );

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenAppealCast(t);
    releaseId = await givenAppealRelease(t);
    await givenRidVersion(t, releaseId, 1, { publishedAt: CHRISTMAS_EVE });
    await givenRidVersion(t, releaseId, 2, { status: 'submitted' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.17: a Party appeals in time; the appeal is stored, audited, lodged with the Authority and copied to SECAS', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    const response = await lodge(c.albion, 1);
    expect(response.statusCode).toBe(201);
    const appeal = response.json<AppealJson>();
    expect(appeal).toMatchObject({
      ridVersionNumber: 1,
      organisation: { id: c.albionOrg, name: 'Albion Power Ltd' },
      reasons: REASONS,
      status: 'referred',
      determination: null,
    });
    const row = await t.ctx.db
      .selectFrom('rid_appeal')
      .selectAll()
      .where('id', '=', appeal.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organisation_id: c.albionOrg,
      lodged_by: c.albion.id,
      reasons: REASONS,
    });
    expect(new Date(row.lodged_at).toISOString()).toBe('2027-01-05T10:00:00.000Z');
    const event = await t.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'rid.appeal_lodged')
      .where('subject_id', '=', String(appeal.id))
      .executeTakeFirstOrThrow();
    expect(event.after).toMatchObject({
      ridVersionNumber: 1,
      deadline: DEADLINE,
      reasons: REASONS,
    });
    const mail = await t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'body_text'])
      .where('dedupe_key', 'like', `appeal:${appeal.id}:lodged:%`)
      .orderBy('to_address')
      .execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual([c.authority.email, c.secas.email].sort());
    const toAuthority = mail.find((m) => m.to_address === c.authority.email);
    const copy = mail.find((m) => m.to_address === c.secas.email);
    expect(toAuthority?.subject).toBe(
      'Appeal against the approval of RID version 1: February 2027 SEC Release',
    );
    expect(toAuthority?.body_text).toContain(REASONS);
    expect(toAuthority?.body_text).toContain(DEADLINE_WORDS);
    expect(copy?.subject).toMatch(/^Copy: /);
    expect(copy?.body_text).toContain('as the Code Administrator');
  });

  it('D10.17: an appeal without reasons is refused on the reasons field and nothing is stored', async () => {
    t.clock.set('2027-01-06T10:00:00Z');
    const before = await counts();
    for (const reasons of ['', '   \n ']) {
      const response = await lodge(c.northwind, 1, reasons);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'appeal_reasons_required', field: 'reasons' });
    }
    await nothingWritten(before);
  });

  it('D10.17, ruling 1: one second after the deadline an appeal is refused with the deadline; one second before it is accepted', async () => {
    t.clock.set('2027-01-13T00:00:00Z');
    const before = await counts();
    const late = await lodge(c.northwind, 1);
    expect(late.statusCode).toBe(409);
    const body = late.json<{ code: string; message: string; deadline: string }>();
    expect(body).toMatchObject({ code: 'appeal_out_of_time', deadline: DEADLINE });
    expect(body.message).toContain(`The appeal window closed at ${DEADLINE_WORDS}`);
    await nothingWritten(before);

    t.clock.set('2027-01-12T23:59:58Z');
    const justInTime = await lodge(c.northwind, 1);
    expect(justInTime.statusCode).toBe(201);
  });

  it('ruling 1: an approval not yet published cannot be appealed, and a version the Panel has not approved never can', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    const other = await givenAppealRelease(t, 'June 2027 SEC Release');
    await givenRidVersion(t, other, 1, { publishedAt: null });
    const before = await counts();
    const unpublished = await lodge(c.albion, 1, REASONS, other);
    expect(unpublished.statusCode).toBe(409);
    expect(unpublished.json()).toMatchObject({ code: 'appeal_not_open' });
    expect(unpublished.json<{ message: string }>().message).toContain('has not been published yet');
    const submitted = await lodge(c.albion, 2);
    expect(submitted.statusCode).toBe(409);
    expect(submitted.json()).toMatchObject({ code: 'appeal_not_open' });
    expect((await lodge(c.albion, 9)).statusCode).toBe(404);
    await nothingWritten(before);
  });

  it('ruling 1: each amendment has its own window from its own publication; a superseded approval is appealable within its own', async () => {
    const release = await givenAppealRelease(t, 'November 2027 SEC Release');
    await givenRidVersion(t, release, 1, { status: 'superseded', publishedAt: CHRISTMAS_EVE });
    // v2 published Fri 8 Jan 2027: its window runs to Fri 22 Jan 2027.
    await givenRidVersion(t, release, 2, {
      approvedOn: '2027-01-08',
      publishedAt: '2027-01-08T12:00:00Z',
    });
    t.clock.set('2027-01-11T10:00:00Z');
    expect((await lodge(c.albion, 1, REASONS, release)).statusCode).toBe(201);

    t.clock.set('2027-01-13T10:00:00Z');
    const v1 = await lodge(c.northwind, 1, REASONS, release);
    expect(v1.statusCode).toBe(409);
    expect(v1.json()).toMatchObject({ code: 'appeal_out_of_time', deadline: DEADLINE });
    expect((await lodge(c.northwind, 2, REASONS, release)).statusCode).toBe(201);

    const listed = await t.app.inject({ url: `/api/v1/releases/${release}/rid/appeals` });
    expect(listed.statusCode).toBe(200);
    const view = listed.json<{
      windows: { ridVersionNumber: number; state: string; deadline: string }[];
      appeals: AppealJson[];
    }>();
    expect(view.windows).toEqual([
      expect.objectContaining({ ridVersionNumber: 1, state: 'closed', deadline: DEADLINE }),
      expect.objectContaining({
        ridVersionNumber: 2,
        state: 'open',
        deadline: '2027-01-22T23:59:59+00:00',
      }),
    ]);
    expect(view.appeals.map((a) => a.ridVersionNumber).sort()).toEqual([1, 2]);
  });

  it('D10.17: only a Party appeals: SECAS, the Authority and a consumer body are refused (403) and nothing is stored; the DCC, a Party, may', async () => {
    t.clock.set('2027-01-06T10:00:00Z');
    const before = await counts();
    for (const user of [c.secas, c.authority, c.member, c.consumer]) {
      expect((await lodge(user, 1)).statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/releases/${releaseId}/rid/versions/1/appeals`,
      payload: { reasons: REASONS },
    });
    expect(anonymous.statusCode).toBe(401);
    await nothingWritten(before);
    const dcc = await lodge(c.dcc, 1);
    expect(dcc.statusCode).toBe(201);
    expect(dcc.json<AppealJson>().organisation.name).toBe('Smart DCC Ltd');
  });

  it('D10.17, ruling 2: the Authority’s determination is final (a second is refused), e-mailed to the appellant and SECAS, and suspends nothing', async () => {
    t.clock.set('2027-01-05T10:00:00Z');
    const appeal = (await lodge(c.albion, 1, 'Second appeal for determination')).json<AppealJson>();
    t.clock.set('2027-01-20T10:00:00Z');
    const url = `/api/v1/appeals/${appeal.id}/determination`;
    const body = { outcome: 'dismissed', determination: 'The Panel consulted properly.' };
    expect((await call(t, c.albion, 'POST', url, body)).statusCode).toBe(403);
    expect((await call(t, c.secas, 'POST', url, body)).statusCode).toBe(403);
    const empty = await call(t, c.authority, 'POST', url, { ...body, determination: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ field: 'determination' });
    const stale = await call(t, c.authority, 'POST', url, { ...body, version: 99 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });

    const decided = await call(t, c.authority, 'POST', url, { ...body, version: appeal.version });
    expect(decided.statusCode).toBe(200);
    expect(decided.json<AppealJson>()).toMatchObject({
      status: 'dismissed',
      determination: 'The Panel consulted properly.',
      determinedOn: '2027-01-20',
    });
    const again = await call(t, c.authority, 'POST', url, { ...body, outcome: 'upheld' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'appeal_determined' });
    const stored = await t.ctx.db
      .selectFrom('rid_appeal')
      .select(['status', 'determined_by'])
      .where('id', '=', appeal.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ status: 'dismissed', determined_by: c.authority.id });

    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', String(appeal.id))
      .where('subject_type', '=', 'rid_appeal')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['rid.appeal_lodged', 'rid.appeal_determined']);
    const mail = await t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'body_text'])
      .where('dedupe_key', 'like', `appeal:${appeal.id}:determined:%`)
      .execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual([c.albion.email, c.secas.email].sort());
    expect(mail[0]?.body_text).toContain('Outcome: Dismissed, on 20 January 2027.');

    // Ruling 2: the RID version and the release are as they were.
    const rid = await t.ctx.db
      .selectFrom('rid_version')
      .select('status')
      .where('release_id', '=', releaseId)
      .where('number', '=', 1)
      .executeTakeFirstOrThrow();
    expect(rid.status).toBe('approved');
    const release = await t.ctx.db
      .selectFrom('release')
      .select('status')
      .where('id', '=', releaseId)
      .executeTakeFirstOrThrow();
    expect(release.status).toBe('planned');
  });

  it('D10.17: the worklist lists open appeals first, paginated; reasons are hidden from the public and other Parties', async () => {
    const page1 = await call(t, c.authority, 'GET', '/api/v1/appeals?limit=2');
    expect(page1.statusCode).toBe(200);
    const first = page1.json<{ items: AppealJson[]; total: number; nextPage: number | null }>();
    expect(first.items).toHaveLength(2);
    expect(first.nextPage).toBe(2);
    const all = (await call(t, c.authority, 'GET', `/api/v1/appeals?limit=100`)).json<{
      items: AppealJson[];
      total: number;
    }>();
    expect(all.items).toHaveLength(all.total);
    const statuses = all.items.map((a) => a.status);
    expect(statuses.indexOf('dismissed')).toBe(statuses.length - 1);
    expect(all.items.every((a) => a.reasons !== null)).toBe(true);

    const open = await t.app.inject({ url: '/api/v1/appeals?status=open' });
    const publicItems = open.json<{ items: AppealJson[] }>().items;
    expect(publicItems.every((a) => a.status === 'referred' && a.reasons === null)).toBe(true);

    const albion = (await call(t, c.albion, 'GET', '/api/v1/appeals?limit=100')).json<{
      items: AppealJson[];
    }>().items;
    for (const a of albion) expect(a.reasons === null).toBe(a.organisation.id !== c.albionOrg);
    const one = albion.find((a) => a.organisation.id === c.dccOrg);
    if (!one) throw new Error('no DCC appeal');
    expect(
      (await call(t, c.dcc, 'GET', `/api/v1/appeals/${one.id}`)).json<AppealJson>().reasons,
    ).toBe(REASONS);
    expect(
      (await t.app.inject({ url: `/api/v1/appeals/${one.id}` })).json<AppealJson>().reasons,
    ).toBe(null);
    expect((await t.app.inject({ url: '/api/v1/appeals/999999' })).statusCode).toBe(404);
  });
});
