import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES, givenCutOver } from '../support/test-db.ts';
import { givenMeeting } from '../support/implementation-fixtures.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { TEXT, countRows, givenDcc } from './tad-fixtures.ts';

/**
 * Issue 9, ruling 13: the Panel's acts that SECAS alone could once record without a meeting (the
 * request for a TAD, D10.18; its review, D10.20; the decision on a Policy version, D10.9) name
 * the Panel meeting that took them and are dated its day. No meeting is validation_failed naming
 * meetingId (as every Panel decision's); a meeting not yet held is meeting_not_held; one held
 * more than 5 Working Days ago is panel_record_late; each refusal changes nothing.
 */

type Refusal = { code: string; field?: string; message: string };
type Version = { id: number; version: number; status: string };

/** The cut-over: every meeting below is live, so the record window applies. */
const CUT_OVER = '2026-01-01';

describe.each(ENGINES)('issue 9, ruling 13: Panel acts name their meeting on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let june: number;
  let policyVersion: Version;
  /** Fri 13 November 2026: its record window ended Fri 20 November. */
  let heldLongAgo: number;
  /** Tue 24 November 2026: within its record window on Fri 27 November. */
  let heldThisWeek: number;
  /** Fri 4 December 2026: its record window ended Fri 11 December. */
  let heldInDecember: number;
  /** Fri 18 December 2026: not yet held on Mon 14 December. */
  let notYetHeld: number;
  /** Mon 14 December 2026: held today, when the reviews and the Policy decision are recorded. */
  let heldToday: number;

  async function snapshot() {
    return {
      requests: await t.ctx.db.selectFrom('tad_request').selectAll().orderBy('id').execute(),
      versions: await t.ctx.db.selectFrom('tad_version').selectAll().orderBy('id').execute(),
      policy: await t.ctx.db.selectFrom('policy_version').selectAll().orderBy('id').execute(),
      events: await countRows(t, 'audit_event'),
      mails: await countRows(t, 'outbox_message'),
    };
  }

  async function signedIn(user: TestUser): Promise<BrowserSession> {
    const browser = new BrowserSession(t.app);
    await browser.signIn(user.email);
    return browser;
  }

  async function tadRowVersion(): Promise<number> {
    const row = await t.ctx.db
      .selectFrom('tad_version')
      .select('version')
      .where('release_id', '=', june)
      .executeTakeFirstOrThrow();
    return row.version;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    await givenCutOver(t.ctx.db, CUT_OVER);
    t.clock.set('2026-11-27T10:00:00Z');
    c = await givenCast(t);
    dcc = (await givenDcc(t)).fiona;
    const policy = await givenPolicy(t);
    june = await givenRelease(t, policy, 'June 2027 SEC Release', 'planned', '2027-06-24');
    heldLongAgo = await givenMeeting(t.ctx, '2026-11-13', '2026-11-06');
    heldThisWeek = await givenMeeting(t.ctx, '2026-11-24', '2026-11-17');
    heldInDecember = await givenMeeting(t.ctx, '2026-12-04', '2026-11-27');
    heldToday = await givenMeeting(t.ctx, '2026-12-14', '2026-12-07');
    notYetHeld = await givenMeeting(t.ctx, '2026-12-18', '2026-12-11');
  });
  afterAll(async () => {
    await t.close();
  });

  describe('D10.18: the Panel’s request for a TAD', () => {
    const request = (body: object) =>
      call(t, c.secas, 'POST', `/api/v1/releases/${june}/tad/request`, body);

    it('D10.18, ruling 13: the Panel’s TAD request names the meeting that took it: without one it is refused (validation_failed, meetingId); nothing changes', async () => {
      const before = await snapshot();
      const refused = await request({ requestedOn: '2026-11-27' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'validation_failed',
        field: 'meetingId',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('D10.18, ruling 13: the Panel’s TAD request is not recorded against a meeting not yet held (meeting_not_held); nothing changes', async () => {
      const before = await snapshot();
      const refused = await request({
        meetingId: await givenMeeting(t.ctx, '2026-12-11', '2026-12-04'),
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'meeting_not_held',
        field: 'meetingId',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('D10.18, ruling 13: the Panel’s TAD request is not recorded more than 5 Working Days after its meeting (panel_record_late); nothing changes', async () => {
      const before = await snapshot();
      const refused = await request({ meetingId: heldLongAgo });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'panel_record_late',
        field: 'meetingId',
      });
      expect(refused.json<Refusal>().message).toContain('20 November 2026');
      expect(await snapshot()).toEqual(before);
    });

    it('D10.18, ruling 13: the TAD request form refuses no meeting and a late one, each on the meeting field; nothing changes', async () => {
      const secas = await signedIn(c.secas);
      const form = await secas.get(`/releases/${june}/tad`);
      expect(form.body).toContain('Panel meeting that made the request');
      expect(form.body).not.toContain('name="requestedOn"');
      const before = await snapshot();
      const none = await secas.post(`/releases/${june}/tad/request`, {
        meetingId: '',
        dueDate: '',
        scopeNote: 'SIT and UIT',
      });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('href="#request-meetingId"');
      expect(none.body).toContain('Choose the Panel meeting that decided');
      const late = await secas.post(`/releases/${june}/tad/request`, {
        meetingId: String(heldLongAgo),
        dueDate: '',
        scopeNote: 'SIT and UIT',
      });
      expect(late.statusCode).toBe(409);
      expect(late.body).toContain('href="#request-meetingId"');
      expect(late.body).toContain('could be recorded until');
      expect(await snapshot()).toEqual(before);
    });

    it('D10.18, ruling 13: a date other than the meeting’s is refused; at a meeting held this week the request is recorded, dated the meeting’s day', async () => {
      const before = await snapshot();
      const otherDay = await request({ meetingId: heldThisWeek, requestedOn: '2026-11-26' });
      expect(otherDay.statusCode).toBe(400);
      expect(otherDay.json<Refusal>()).toMatchObject({
        code: 'validation_failed',
        field: 'requestedOn',
      });
      expect(await snapshot()).toEqual(before);
      const recorded = await request({ meetingId: heldThisWeek });
      expect(recorded.statusCode, recorded.body).toBe(201);
      expect(recorded.json()).toMatchObject({ meetingId: heldThisWeek, requestedOn: '2026-11-24' });
      const audit = await t.ctx.db
        .selectFrom('audit_event')
        .select('after')
        .where('action', '=', 'tad.requested')
        .executeTakeFirstOrThrow();
      expect(audit.after).toMatchObject({ meetingId: heldThisWeek, requestedOn: '2026-11-24' });
    });
  });

  describe('D10.20: the Panel’s review of a TAD version', () => {
    const review = async (body: object) =>
      call(t, c.chair, 'POST', `/api/v1/releases/${june}/tad/versions/1/review`, {
        notes: 'The Panel reviewed the TAD and the responses to the DCC’s consultation.',
        version: await tadRowVersion(),
        ...body,
      });

    beforeAll(async () => {
      const drafted = await call(t, dcc, 'POST', `/api/v1/releases/${june}/tad/versions`, TEXT);
      expect(drafted.statusCode).toBe(201);
      const submitted = await call(
        t,
        dcc,
        'POST',
        `/api/v1/releases/${june}/tad/versions/1/submit`,
        {
          version: drafted.json<{ version: number }>().version,
        },
      );
      expect(submitted.statusCode).toBe(200);
      // Opens Fri 27 November; 10 Working Days close Fri 11 December.
      const opened = await call(
        t,
        dcc,
        'POST',
        `/api/v1/releases/${june}/tad/versions/1/consultation`,
        {
          opensAt: '2026-11-27',
          closesAfterWorkingDays: 10,
        },
      );
      expect(opened.statusCode).toBe(201);
      t.clock.set('2026-12-14T10:00:00Z');
    });

    it('D10.20, ruling 13: the Panel’s TAD review names the meeting that took it: without one it is refused (validation_failed, meetingId); nothing changes', async () => {
      const before = await snapshot();
      const refused = await review({ reviewedOn: '2026-12-14' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'validation_failed',
        field: 'meetingId',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('D10.20, ruling 13: the Panel’s TAD review is not recorded against a meeting not yet held (meeting_not_held); nothing changes', async () => {
      const before = await snapshot();
      const refused = await review({ meetingId: notYetHeld });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'meeting_not_held',
        field: 'meetingId',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('D10.20, ruling 13: the Panel’s TAD review is not recorded more than 5 Working Days after its meeting (panel_record_late); nothing changes', async () => {
      const before = await snapshot();
      const refused = await review({ meetingId: heldInDecember });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'panel_record_late',
        field: 'meetingId',
      });
      expect(refused.json<Refusal>().message).toContain('11 December 2026');
      expect(await snapshot()).toEqual(before);
    });

    it('D10.20, ruling 13: the TAD review form refuses no meeting and one not yet held, each on the meeting field; nothing changes; at today’s meeting it is recorded', async () => {
      const chair = await signedIn(c.chair);
      const form = await chair.get(`/releases/${june}/tad/versions/1`);
      expect(form.body).toContain('Panel meeting that reviewed it');
      expect(form.body).toContain(`<option value="${heldToday}">`);
      expect(form.body).not.toContain(`<option value="${notYetHeld}">`);
      const before = await snapshot();
      const none = await chair.post(`/releases/${june}/tad/versions/1/review`, {
        meetingId: '',
        notes: 'Reviewed',
        version: String(await tadRowVersion()),
      });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('href="#review-meetingId"');
      const early = await chair.post(`/releases/${june}/tad/versions/1/review`, {
        meetingId: String(notYetHeld),
        notes: 'Reviewed',
        version: String(await tadRowVersion()),
      });
      expect(early.statusCode).toBe(409);
      expect(early.body).toContain('has not been held yet');
      expect(await snapshot()).toEqual(before);

      const reviewed = await chair.post(`/releases/${june}/tad/versions/1/review`, {
        meetingId: String(heldToday),
        notes: 'The Panel reviewed the TAD and the responses to the DCC’s consultation.',
        version: String(await tadRowVersion()),
      });
      expect(reviewed.statusCode).toBe(303);
      const row = await t.ctx.db
        .selectFrom('tad_version')
        .selectAll()
        .where('release_id', '=', june)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        status: 'reviewed',
        review_meeting_id: heldToday,
        reviewed_on: '2026-12-14',
      });
    });
  });

  describe('D10.9: the Panel’s decision on a Policy version', () => {
    const decide = (body: object) =>
      call(t, c.chair, 'POST', `/api/v1/policy/versions/${policyVersion.id}/decision`, {
        outcome: 'approve',
        effectiveFrom: '2027-01-04',
        notes: 'Approved having considered the responses of the DCC and Users.',
        version: policyVersion.version,
        ...body,
      });

    beforeAll(async () => {
      t.clock.set('2026-11-27T10:00:00Z');
      const created = await call(t, c.secas, 'POST', '/api/v1/policy/versions', {
        title: 'Second Policy',
      });
      expect(created.statusCode).toBe(201);
      const draft = created.json<Version>();
      const submitted = await call(
        t,
        c.secas,
        'POST',
        `/api/v1/policy/versions/${draft.id}/submit`,
        {
          version: draft.version,
        },
      );
      expect(submitted.statusCode).toBe(200);
      policyVersion = submitted.json<Version>();
      const opened = await call(
        t,
        c.secas,
        'POST',
        `/api/v1/policy/versions/${policyVersion.id}/consultation`,
        {
          opensAt: '2026-11-27',
          closesAfterWorkingDays: 10,
        },
      );
      expect(opened.statusCode).toBe(201);
      t.clock.set('2026-12-14T10:00:00Z');
    });

    it('D10.9, ruling 13: the Panel’s Policy decision names the meeting that took it: without one it is refused (validation_failed, meetingId); nothing changes', async () => {
      const before = await snapshot();
      const refused = await decide({ decidedOn: '2026-12-14' });
      expect(refused.statusCode).toBe(400);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'validation_failed',
        field: 'meetingId',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('D10.9, ruling 13: the Panel’s Policy decision is not recorded against a meeting not yet held (meeting_not_held); nothing changes', async () => {
      const before = await snapshot();
      const refused = await decide({ meetingId: notYetHeld });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'meeting_not_held',
        field: 'meetingId',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('D10.9, ruling 13: the Panel’s Policy decision is not recorded more than 5 Working Days after its meeting (panel_record_late); nothing changes', async () => {
      const before = await snapshot();
      const refused = await decide({ meetingId: heldInDecember });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<Refusal>()).toMatchObject({
        code: 'panel_record_late',
        field: 'meetingId',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('D10.9, ruling 13: the Policy decision form refuses no meeting and a late one, each on the meeting field; nothing changes; at today’s meeting it is recorded', async () => {
      const chair = await signedIn(c.chair);
      const form = await chair.get(`/policy/versions/${policyVersion.id}`);
      expect(form.body).toContain('Panel meeting that decided');
      expect(form.body).toContain(`<option value="${heldToday}">`);
      expect(form.body).not.toContain(`<option value="${notYetHeld}">`);
      const fields = {
        outcome: 'approve',
        'effectiveFrom-day': '4',
        'effectiveFrom-month': '1',
        'effectiveFrom-year': '2027',
        notes: 'Approved having considered the responses of the DCC and Users.',
        version: String(policyVersion.version),
      };
      const before = await snapshot();
      const none = await chair.post(`/policy/versions/${policyVersion.id}/decision`, {
        ...fields,
        meetingId: '',
      });
      expect(none.statusCode).toBe(400);
      expect(none.body).toContain('href="#meetingId"');
      expect(none.body).toContain('Choose the Panel meeting that decided');
      const late = await chair.post(`/policy/versions/${policyVersion.id}/decision`, {
        ...fields,
        meetingId: String(heldInDecember),
      });
      expect(late.statusCode).toBe(409);
      expect(late.body).toContain('href="#meetingId"');
      expect(late.body).toContain('could be recorded until');
      expect(await snapshot()).toEqual(before);

      const decided = await chair.post(`/policy/versions/${policyVersion.id}/decision`, {
        ...fields,
        meetingId: String(heldToday),
      });
      expect(decided.statusCode).toBe(303);
      const row = await t.ctx.db
        .selectFrom('policy_version')
        .selectAll()
        .where('id', '=', policyVersion.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        status: 'approved',
        decided_on: '2026-12-14',
        decision_meeting_id: heldToday,
        effective_from: '2027-01-04',
      });
      const api = await call(t, c.chair, 'GET', `/api/v1/policy/versions/${policyVersion.id}`);
      expect(api.json()).toMatchObject({ decidedOn: '2026-12-14', decisionMeetingId: heldToday });
      const page = await chair.get(`/policy/versions/${policyVersion.id}`);
      expect(page.body).toContain(`href="/meetings/${heldToday}"`);
    });
  });

  it('Issue 11: the OpenAPI document lists meeting_not_held and panel_record_late on the three routes', async () => {
    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, { post?: { responses: Record<string, { description?: string }> } }>;
    }>();
    for (const path of [
      '/api/v1/releases/{id}/tad/request',
      '/api/v1/releases/{id}/tad/versions/{n}/review',
      '/api/v1/policy/versions/{id}/decision',
    ]) {
      const conflicts = openapi.paths[path]?.post?.responses['409']?.description ?? '';
      expect(conflicts).toContain('meeting_not_held');
      expect(conflicts).toContain('panel_record_late');
    }
  });
});
