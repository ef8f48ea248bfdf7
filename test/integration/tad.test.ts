import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tadRequestAttention, tadReviewAttention } from '../../src/modules/tad/tad.attention.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import {
  TEXT,
  countRows,
  givenDcc,
  principalOf,
  tadActions,
  type TadVersionJson,
} from './tad-fixtures.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { meetingHeldOn } from '../support/panel-meeting-fixtures.ts';

describe.each(ENGINES)('the Testing Approach Document on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let june: number;
  let v1: TadVersionJson;
  const base = () => `/api/v1/releases/${june}/tad`;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    dcc = (await givenDcc(t)).fiona;
    const policy = await givenPolicy(t);
    june = await givenRelease(t, policy, 'June 2027 SEC Release', 'planned', '2027-06-24');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.18, ruling 8: without the Panel’s request there is no TAD to draft', async () => {
    const before = await countRows(t, 'tad_version');
    const response = await call(t, dcc, 'POST', `${base()}/versions`, {});
    expect(response.statusCode).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('invalid_transition');
    expect(await countRows(t, 'tad_version')).toBe(before);
  });

  it('D10.18: a Party or the DCC cannot record the Panel’s request (403, nothing changes)', async () => {
    const events = await countRows(t, 'audit_event');
    for (const user of [c.albion, dcc, c.member]) {
      const response = await call(t, user, 'POST', `${base()}/request`, {
        requestedOn: '2026-11-26',
      });
      expect(response.statusCode).toBe(403);
    }
    expect(await countRows(t, 'audit_event')).toBe(events);
  });

  it('D10.18: the request e-mails the DCC’s people and puts the task on the DCC’s and SECAS’s home pages', async () => {
    const mails = await countRows(t, 'outbox_message');
    const response = await call(t, c.secas, 'POST', `${base()}/request`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-11-26'),
      dueDate: '2027-01-15',
      scopeNote: 'DCC SIT, regression and UIT support for the June 2027 changes.',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      meetingId: await meetingHeldOn(t.ctx, '2026-11-26'),
      requestedOn: '2026-11-26',
      dueDate: '2027-01-15',
    });
    // Only the enabled DCC person is told.
    expect(await countRows(t, 'outbox_message')).toBe(mails + 1);
    const mail = await t.ctx.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('dedupe_key', 'like', 'tad-request:%')
      .executeTakeFirstOrThrow();
    expect(mail.to_address).toBe(dcc.email);
    expect(mail.subject).toContain('June 2027 SEC Release');
    expect(mail.body_text).toContain('D10.18');
    expect(mail.body_text).toContain('15 January 2027');

    for (const user of [dcc, c.secas]) {
      const items = await tadRequestAttention(t.ctx, await principalOf(t, user));
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ href: `/releases/${june}/tad`, severity: 'due' });
    }
    expect(await tadRequestAttention(t.ctx, await principalOf(t, c.albion))).toEqual([]);
    const later = { ...t.ctx, now: () => new Date('2027-01-18T10:00:00Z') };
    const [late] = await tadRequestAttention(later, await principalOf(t, dcc));
    expect(late?.severity).toBe('overdue');

    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_type', '=', 'release')
      .where('subject_id', '=', String(june))
      .execute();
    expect(events.map((e) => e.action)).toContain('tad.requested');
  });

  it('D10.18: a second request for the same release is refused with already_exists', async () => {
    const response = await call(t, c.chair, 'POST', `${base()}/request`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-11-27'),
      requestedOn: '2026-11-27',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('already_exists');
  });

  it('D10.19: a Party cannot draft (403); the DCC drafts v1, which the public cannot see', async () => {
    expect((await call(t, c.albion, 'POST', `${base()}/versions`, {})).statusCode).toBe(403);
    const created = await call(t, dcc, 'POST', `${base()}/versions`, {
      strategy: TEXT.strategy,
    });
    expect(created.statusCode).toBe(201);
    v1 = created.json<TadVersionJson>();
    expect(v1).toMatchObject({ number: 1, status: 'draft', basedOnId: null, missing: ['a', 'c'] });
    expect(await tadActions(t, v1.id)).toEqual(['tad.drafted']);
    const again = await call(t, dcc, 'POST', `${base()}/versions`, {});
    expect(again.json<{ code: string }>().code).toBe('already_exists');

    const anonymous = await t.app.inject({ method: 'GET', url: `${base()}/versions/1` });
    expect(anonymous.statusCode).toBe(404);
    const list = await t.app.inject({ method: 'GET', url: base() });
    expect(list.json<{ versions: unknown[] }>().versions).toEqual([]);
    const member = await call(t, c.member, 'GET', `${base()}/versions/1`);
    expect(member.statusCode).toBe(200);
    const authority = await call(t, c.authority, 'GET', `${base()}/versions/1`);
    expect(authority.statusCode).toBe(200);
  });

  it('D10.19: submitting with (a) and (c) empty is refused with tad_incomplete naming them, and nothing changes', async () => {
    const events = await countRows(t, 'audit_event');
    const response = await call(t, dcc, 'POST', `${base()}/versions/1/submit`, {
      version: v1.version,
    });
    expect(response.statusCode).toBe(409);
    const body = response.json<{
      code: string;
      message: string;
      field: string;
      missing: string[];
    }>();
    expect(body.code).toBe('tad_incomplete');
    expect(body.missing).toEqual(['a', 'c']);
    expect(body.field).toBe('objectives');
    expect(body.message).toContain('(a) the testing objectives');
    expect(body.message).toContain('(c) the consequences');
    expect(body.message).not.toContain('(b)');
    const row = await t.ctx.db
      .selectFrom('tad_version')
      .selectAll()
      .where('id', '=', v1.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'draft', version: v1.version, submitted_at: null });
    expect(await countRows(t, 'audit_event')).toBe(events);
  });

  it('D10.19: an edit from a stale version is refused; the DCC completes and submits v1, which is then public', async () => {
    const stale = await call(t, dcc, 'PUT', `${base()}/versions/1`, {
      ...TEXT,
      version: v1.version + 5,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ code: string }>().code).toBe('stale_version');
    expect(
      (await call(t, c.secas, 'PUT', `${base()}/versions/1`, { ...TEXT, version: 1 })).statusCode,
    ).toBe(403);

    const edited = await call(t, dcc, 'PUT', `${base()}/versions/1`, {
      ...TEXT,
      version: v1.version,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<TadVersionJson>().missing).toEqual([]);
    const submitted = await call(t, dcc, 'POST', `${base()}/versions/1/submit`, {
      version: edited.json<TadVersionJson>().version,
    });
    expect(submitted.statusCode).toBe(200);
    v1 = submitted.json<TadVersionJson>();
    expect(v1.status).toBe('submitted');
    expect(await tadActions(t, v1.id)).toEqual(['tad.drafted', 'tad.updated', 'tad.submitted']);
    const locked = await call(t, dcc, 'PUT', `${base()}/versions/1`, {
      ...TEXT,
      version: v1.version,
    });
    expect(locked.json<{ code: string }>().code).toBe('invalid_transition');

    const anonymous = await t.app.inject({ method: 'GET', url: `${base()}/versions/1` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json<TadVersionJson>().objectives).toBe(TEXT.objectives);
    // The DCC's task is done.
    expect(await tadRequestAttention(t.ctx, await principalOf(t, dcc))).toEqual([]);
    const list = await t.app.inject({ method: 'GET', url: base() });
    expect(list.json<{ task: string }>().task).toBe('done');
  });

  it('D10.20: the Panel’s review is refused before any consultation (consultation_required)', async () => {
    const response = await call(t, c.secas, 'POST', `${base()}/versions/1/review`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-11-27'),
      reviewedOn: '2026-11-27',
      notes: 'Too early',
      version: v1.version,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<{ code: string }>().code).toBe('consultation_required');
  });

  it('D10.20: the DCC opens its consultation of the Parties on v1; SECAS and Parties cannot', async () => {
    const input = { opensAt: '2026-11-27', closesAfterWorkingDays: 10 };
    for (const user of [c.secas, c.albion])
      expect(
        (await call(t, user, 'POST', `${base()}/versions/1/consultation`, input)).statusCode,
      ).toBe(403);
    const opened = await call(t, dcc, 'POST', `${base()}/versions/1/consultation`, input);
    expect(opened.statusCode).toBe(201);
    const consultation = await t.ctx.db
      .selectFrom('consultation')
      .selectAll()
      .where('id', '=', opened.json<{ id: number }>().id)
      .executeTakeFirstOrThrow();
    expect(consultation).toMatchObject({
      subject_type: 'tad_version',
      subject_id: String(v1.id),
      run_by: 'dcc',
    });
    expect(consultation.audiences).toEqual(['all_parties']);
    expect(new Date(consultation.closes_at).toISOString()).toBe('2026-12-11T23:59:59.000Z');
    const twice = await call(t, dcc, 'POST', `${base()}/versions/1/consultation`, input);
    expect(twice.json<{ code: string }>().code).toBe('already_exists');
    const view = await t.app.inject({ method: 'GET', url: `${base()}/versions/1` });
    expect(view.json<TadVersionJson>().consultations).toMatchObject([{ status: 'open' }]);
  });

  it('D10.20: the review is refused while the consultation is open, and recorded once it has closed', async () => {
    const review = {
      meetingId: await meetingHeldOn(t.ctx, '2026-11-27'),
      reviewedOn: '2026-11-27',
      notes: 'Reviewed',
      version: v1.version,
    };
    const open = await call(t, c.chair, 'POST', `${base()}/versions/1/review`, review);
    expect(open.json<{ code: string }>().code).toBe('consultation_required');
    expect(await tadReviewAttention(t.ctx, await principalOf(t, c.secas))).toEqual([]);

    t.clock.set('2026-12-14T10:00:00Z');
    expect(await tadReviewAttention(t.ctx, await principalOf(t, c.secas))).toHaveLength(1);
    const december14 = await meetingHeldOn(t.ctx, '2026-12-14');
    const noNotes = await call(t, c.chair, 'POST', `${base()}/versions/1/review`, {
      ...review,
      meetingId: december14,
      reviewedOn: '2026-12-14',
      notes: ' ',
    });
    expect(noNotes.statusCode).toBe(400);
    expect(noNotes.json<{ field: string }>().field).toBe('notes');
    const byParty = await call(t, c.albion, 'POST', `${base()}/versions/1/review`, review);
    expect(byParty.statusCode).toBe(403);
    const done = await call(t, c.chair, 'POST', `${base()}/versions/1/review`, {
      ...review,
      meetingId: december14,
      reviewedOn: '2026-12-14',
      notes:
        'The Panel reviewed the TAD and the consultation responses; it asks for a clearer cost breakdown.',
    });
    expect(done.statusCode).toBe(200);
    v1 = done.json<TadVersionJson>();
    expect(v1).toMatchObject({ status: 'reviewed', reviewedOn: '2026-12-14', ridVersion: null });
    expect((await tadActions(t, v1.id)).at(-1)).toBe('tad.reviewed');
    expect(await tadReviewAttention(t.ctx, await principalOf(t, c.secas))).toEqual([]);
  });

  it('D10.20: an amendment copies the reviewed version; the redline shows the words changed', async () => {
    const created = await call(t, dcc, 'POST', `${base()}/versions`, {});
    expect(created.statusCode).toBe(201);
    const v2 = created.json<TadVersionJson>();
    expect(v2).toMatchObject({ number: 2, status: 'draft', basedOnId: v1.id, ...TEXT });
    const consequences = `${TEXT.consequences} DCC SIT costs £0.7m and UIT support £0.4m.`;
    const edited = await call(t, dcc, 'PUT', `${base()}/versions/2`, {
      ...TEXT,
      consequences,
      version: v2.version,
    });
    expect(edited.statusCode).toBe(200);
    const redline = await call(t, c.member, 'GET', `${base()}/redline?from=1&to=2`);
    expect(redline.statusCode).toBe(200);
    const body = redline.json<{
      changed: string[];
      sections: { id: string; parts: { op: string; text: string }[] }[];
    }>();
    expect(body.changed).toEqual(['c']);
    const inserted = body.sections[2]?.parts
      .filter((p) => p.op === 'insert')
      .map((p) => p.text)
      .join('');
    expect(inserted).toContain('UIT support £0.4m');
    // The draft amendment is not public, so neither is a redline to it.
    const anonymous = await t.app.inject({ method: 'GET', url: `${base()}/redline?from=1&to=2` });
    expect(anonymous.statusCode).toBe(404);
    const page = await t.app.inject({
      method: 'GET',
      url: `/releases/${june}/tad/redline?from=1&to=2`,
      headers: { authorization: `Bearer ${c.member.token}` },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<ins class="redline-insert">');
    expect(page.body).toContain('(c) Consequences of the strategy');
  });

  it('ruling 8: once the RID module links a reviewed version, the TAD shows the RID version it took effect in', async () => {
    const rid = await t.ctx.db
      .insertInto('rid_version')
      .values({
        release_id: june,
        number: 1,
        status: 'approved',
        sections: JSON.stringify({}),
        tad_version_id: v1.id,
        created_at: t.clock.now(),
        approved_on: '2026-12-17',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('tad_version')
      .set({ status: 'effective' })
      .where('id', '=', v1.id)
      .execute();
    const view = await t.app.inject({ method: 'GET', url: `${base()}/versions/1` });
    expect(view.json<TadVersionJson>()).toMatchObject({
      status: 'effective',
      ridVersion: { id: rid.id, number: 1, approvedOn: '2026-12-17' },
    });
    const page = await t.app.inject({ method: 'GET', url: `/releases/${june}/tad` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      `href="/releases/${june}/rid/versions/1">RID version 1</a>, approved 17 December 2026`,
    );
    expect(page.body).toContain('Effective as part of the RID');
  });
});
