import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { meetingOn } from '../support/panel-meeting.ts';
import {
  BrowserSession,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenApprovedRid,
  givenNotice,
  givenPolicy,
  givenRelease,
  releaseActions,
} from '../support/release-fixtures.ts';

/*
 * Ruling 16: a release's status follows facts (RID approved, DCC SIT started, the go-live
 * decision); only the Panel's cancellation or deferral is recorded by hand, against its meeting,
 * with reasons. Rulings 10 and 15, D10.8(c)(e), D10.13(a), D10.15: a go-live decision implements
 * exactly the approved RID's content, within the Policy's go-live decision window, after the
 * notice the Policy requires (or the Panel's recorded exception).
 */

const met = (id: string) => ({ id, met: true, evidence: `Evidence for ${id}` });

async function releaseRow(t: TestApp, id: number) {
  return t.ctx.db.selectFrom('release').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function panelDecisions(t: TestApp, id: number) {
  return t.ctx.db
    .selectFrom('release_panel_decision')
    .selectAll()
    .where('release_id', '=', id)
    .orderBy('id')
    .execute();
}

async function goLiveDecisionCount(t: TestApp): Promise<number> {
  return (await t.ctx.db.selectFrom('go_live_decision').select('id').execute()).length;
}

async function modificationStatus(t: TestApp, id: number) {
  const row = await t.ctx.db
    .selectFrom('modification')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

describe.each(ENGINES)(
  'Release status follows facts; go-live follows the approved RID on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;
    let dcc: TestUser;
    let policyId: number;
    let meeting: number;
    let n = 0;

    /** An ad-hoc release going live on `goLive`, holding one allocated modification. */
    async function releaseWithPart(status: string, goLive: string) {
      n += 1;
      const release = await givenRelease(t, policyId, `Ad-hoc release ${n}`, status, goLive);
      const modification = await givenAllocatedModification(t, `MP${300 + n}`, goLive);
      const allocation = await givenAllocation(t, release, modification, 'whole');
      return { release, modification, allocation };
    }

    /** A release in test going live 3 December 2026, its approved RID listing its one part. */
    async function readyRelease(notice = true) {
      const r = await releaseWithPart('in_test', '2026-12-03');
      await givenApprovedRid(t, r.release);
      // Ad-hoc notice period: 20 Working Days, from 4 November 2026.
      if (notice) await givenNotice(t, r.release, '2026-10-20T10:00:00Z');
      return r;
    }

    const goLive = async (user: TestUser, id: number, body: object = {}) =>
      call(t, user, 'POST', `/api/v1/releases/${id}/go-live-decision`, {
        ...FIXTURE_SOURCE,
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        outcome: 'go_live',
        criteria: [met('GL1'), met('GL2')],
        reasons: 'Testing complete',
        ...body,
      });

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenCast(t);
      const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc');
      dcc = await givenUser(t.ctx, 'dcc', { organisationId: dccOrg });
      policyId = await givenPolicy(t);
      meeting = await givenMeeting(t, '2026-11-20');
    });
    afterAll(async () => {
      await t.close();
    });

    it('Ruling 16: a status set by hand (RID approved, in test, live) is refused with status_follows_facts through the API, and scoped, go-live decision and closed are no statuses; nothing changes', async () => {
      const { release } = await releaseWithPart('planned', '2027-03-04');
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      for (const to of ['scoped', 'go_live_decision', 'closed']) {
        const refused = await call(t, c.secas, 'POST', `/api/v1/releases/${release}/status`, {
          to,
          version: before.version,
          meetingId: meeting,
          reasons: 'Moving it on',
        });
        expect(refused.statusCode).toBe(400);
        expect(refused.json()).toMatchObject({ code: 'validation_failed' });
      }
      for (const to of ['rid_approved', 'in_test', 'live']) {
        const refused = await call(t, c.secas, 'POST', `/api/v1/releases/${release}/status`, {
          to,
          version: before.version,
          meetingId: meeting,
          reasons: 'Moving it on',
        });
        expect(refused.statusCode).toBe(409);
        expect(refused.json()).toMatchObject({ code: 'status_follows_facts', field: 'to' });
      }
      const live = await call(t, c.secas, 'POST', `/api/v1/releases/${release}/status`, {
        to: 'live',
        version: before.version,
      });
      expect(live.json<{ message: string }>().message).toContain(
        'record the go-live decision instead',
      );
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
      expect(await panelDecisions(t, release)).toEqual([]);
    });

    it('Ruling 16: the release page form refuses a hand-set status, shows the error and keeps what was typed; nothing changes', async () => {
      const { release } = await releaseWithPart('planned', '2027-03-04');
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.secas.email);
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const page = await browser.get(`/releases/${release}`);
      expect(page.body).toContain('Record the Panel’s deferral or cancellation');
      expect(page.body).not.toContain('value="in_test"');
      const refused = await browser.post(`/releases/${release}/status`, {
        to: 'in_test',
        version: String(before.version),
        meetingId: String(meeting),
        reasons: 'SIT has begun, we think',
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('the start of DCC System Integration Testing');
      expect(refused.body).toContain('SIT has begun, we think');
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
    });

    it('Ruling 16: planned → RID approved → In test → Live by the facts alone: the RID approval, the start of DCC SIT and the go-live decision', async () => {
      t.clock.set('2026-10-01T10:00:00Z');
      const { release, modification } = await releaseWithPart('planned', '2026-12-03');
      await givenNotice(t, release, '2026-10-01T11:00:00Z');
      const approvalMeeting = await givenMeeting(t, '2026-10-01');
      const base = `/api/v1/releases/${release}/rid`;
      const draft = await call(t, c.secas, 'POST', `${base}/drafts`);
      expect(draft.statusCode).toBe(201);
      const sections = {
        ...COMPLETE_SECTIONS,
        timescales: {
          dccTestingStart: '2026-10-05',
          dccTestingEnd: '2026-11-13',
          userTestingStart: '2026-11-16',
          userTestingEnd: '2026-11-25',
          milestones: [],
          notes: '',
        },
        reporting: { ...COMPLETE_SECTIONS.reporting, firstReportDue: '2026-10-15' },
      };
      const saved = await call(t, c.secas, 'PUT', `${base}/versions/1`, {
        version: draft.json<{ version: number }>().version,
        sections,
      });
      expect(saved.statusCode).toBe(200);
      const submitted = await call(t, c.secas, 'POST', `${base}/versions/1/submit`, {
        version: saved.json<{ version: number }>().version,
      });
      expect(submitted.statusCode).toBe(200);
      expect((await releaseRow(t, release)).status).toBe('planned');
      const approved = await call(t, c.chair, 'POST', `${base}/versions/1/approve`, {
        ...FIXTURE_SOURCE,
        meetingId: approvalMeeting,
      });
      expect(approved.statusCode).toBe(200);
      expect((await releaseRow(t, release)).status).toBe('rid_approved');

      t.clock.set('2026-10-05T10:00:00Z');
      const phases = await call(
        t,
        c.secas,
        'POST',
        `/api/v1/releases/${release}/test-phases/from-rid`,
      );
      expect(phases.statusCode).toBe(201);
      const sit = phases
        .json<{ id: number; kind: string; version: number }[]>()
        .find((p) => p.kind === 'dcc_sit');
      if (!sit) throw new Error('no SIT phase');
      expect((await releaseRow(t, release)).status).toBe('rid_approved');
      const started = await call(
        t,
        dcc,
        'PUT',
        `/api/v1/releases/${release}/test-phases/${sit.id}`,
        { status: 'in_progress', actualStart: '2026-10-05', version: sit.version },
      );
      expect(started.statusCode).toBe(200);
      expect((await releaseRow(t, release)).status).toBe('in_test');
      const moved = await t.ctx.db
        .selectFrom('audit_event')
        .select(['after', 'reason'])
        .where('subject_type', '=', 'release')
        .where('subject_id', '=', String(release))
        .where('action', '=', 'release.status_changed')
        .orderBy('seq')
        .execute();
      expect(moved.map((e) => e.reason)).toEqual([
        expect.stringContaining('approved version 1'),
        expect.stringContaining('DCC System Integration Testing'),
      ]);

      t.clock.set('2026-11-27T10:00:00Z');
      const decided = await goLive(c.chair, release);
      expect(decided.statusCode).toBe(201);
      expect((await releaseRow(t, release)).status).toBe('live');
      expect(await modificationStatus(t, modification)).toBe('implemented');
    });

    it('Ruling 16: the Panel’s cancellation needs its meeting and reasons, and a release holding no part; recorded, audited and shown on the release page', async () => {
      const { release, modification, allocation } = await releaseWithPart('planned', '2027-03-04');
      let before = await releaseRow(t, release);
      let events = await count(t, 'audit_event');
      const cancel = (body: object) =>
        call(t, c.chair, 'POST', `/api/v1/releases/${release}/status`, {
          to: 'cancelled',
          version: before.version,
          ...body,
        });
      const noMeeting = await cancel({ reasons: 'No longer needed' });
      expect(noMeeting.statusCode).toBe(400);
      expect(noMeeting.json()).toMatchObject({ code: 'validation_failed', field: 'meetingId' });
      const noReasons = await cancel({ meetingId: meeting, reasons: ' ' });
      expect(noReasons.json()).toMatchObject({ code: 'validation_failed', field: 'reasons' });
      const holding = await cancel({ meetingId: meeting, reasons: 'No longer needed' });
      expect(holding.statusCode).toBe(409);
      expect(holding.json()).toMatchObject({ code: 'invalid_transition', field: 'to' });
      const party = await call(t, c.albion, 'POST', `/api/v1/releases/${release}/status`, {
        to: 'cancelled',
        version: before.version,
        meetingId: meeting,
        reasons: 'x',
      });
      expect(party.statusCode).toBe(403);
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
      expect(await panelDecisions(t, release)).toEqual([]);

      await t.ctx.db
        .updateTable('allocation')
        .set({ descoped_at: t.clock.now() })
        .where('id', '=', allocation)
        .execute();
      expect(modification).toBeGreaterThan(0);
      before = await releaseRow(t, release);
      events = await count(t, 'audit_event');
      const cancelled = await cancel({ meetingId: meeting, reasons: 'The ALV was withdrawn' });
      expect(cancelled.statusCode).toBe(200);
      expect(cancelled.json()).toMatchObject({ status: 'cancelled' });
      expect(await panelDecisions(t, release)).toMatchObject([
        {
          kind: 'cancellation',
          meeting_id: meeting,
          decided_on: '2026-11-20',
          reasons: 'The ALV was withdrawn',
          status_before: 'planned',
          status_after: 'cancelled',
        },
      ]);
      expect(await count(t, 'audit_event')).toBe(events + 1);
      expect((await releaseActions(t, release)).at(-1)).toBe('release.status_changed');
      const detail = await call(t, c.albion, 'GET', `/api/v1/releases/${release}`);
      expect(detail.json()).toMatchObject({
        panelDecisions: [{ kind: 'cancellation', reasons: 'The ALV was withdrawn' }],
      });
      const page = await new BrowserSession(t.app).get(`/releases/${release}`);
      expect(page.body).toContain('cancellation of the release');
      expect(page.body).toContain('The ALV was withdrawn');
    });

    it('Rulings 16 and 10: the Panel’s deferral moves the go-live date and keeps the status the facts give; an earlier date, or one past an implementation date without a D10.5 request, is refused and nothing changes', async () => {
      const { release } = await releaseWithPart('rid_approved', '2027-03-04');
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const defer = (deferredTo: string) =>
        call(t, c.secas, 'POST', `/api/v1/releases/${release}/status`, {
          to: 'deferred',
          version: before.version,
          meetingId: meeting,
          reasons: 'DCC build late',
          deferredTo,
        });
      const earlier = await defer('2027-02-04');
      expect(earlier.statusCode).toBe(400);
      expect(earlier.json()).toMatchObject({ code: 'validation_failed', field: 'deferredTo' });
      const past = await defer('2027-04-01');
      expect(past.statusCode).toBe(409);
      expect(past.json()).toMatchObject({ code: 'timetable_request_required' });
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);

      const browser = new BrowserSession(t.app);
      await browser.signIn(c.chair.email);
      const signedIn = await count(t, 'audit_event');
      const page = await browser.post(`/releases/${release}/status`, {
        to: 'deferred',
        version: String(before.version),
        meetingId: String(meeting),
        deferredTo: '2027-03-03',
        reasons: 'DCC build late, said the DCC',
      });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain('The new go-live date must be later than the current one');
      expect(page.body).toContain('DCC build late, said the DCC');
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(signedIn);
    });

    it('Rulings 16 and 10: a deferral within the implementation date is recorded with its meeting and reasons and shown on the release page', async () => {
      const { release, modification } = await releaseWithPart('rid_approved', '2027-03-04');
      await t.ctx.db
        .updateTable('implementation_timetable')
        .set({ implementation_date: '2027-06-24' })
        .where('modification_id', '=', modification)
        .execute();
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const deferred = await call(t, c.secas, 'POST', `/api/v1/releases/${release}/status`, {
        to: 'deferred',
        version: before.version,
        meetingId: meeting,
        reasons: 'DCC build late',
        deferredTo: '2027-04-01',
      });
      expect(deferred.statusCode).toBe(200);
      expect(deferred.json()).toMatchObject({ status: 'rid_approved', goLive: '2027-04-01' });
      expect(await panelDecisions(t, release)).toMatchObject([
        {
          kind: 'deferral',
          decided_on: '2026-11-20',
          go_live_before: '2027-03-04',
          go_live_after: '2027-04-01',
          status_before: 'rid_approved',
          status_after: 'rid_approved',
        },
      ]);
      expect(await count(t, 'audit_event')).toBe(events + 1);
      expect((await releaseActions(t, release)).at(-1)).toBe('release.deferred');
      const page = await new BrowserSession(t.app).get(`/releases/${release}`);
      expect(page.body).toContain('deferral of the release');
      expect(page.body).toContain('DCC build late');
    });

    it('Ruling 16: the Chair records the Panel’s deferral through the release page form', async () => {
      const { release } = await releaseWithPart('planned', '2027-03-04');
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.chair.email);
      const page = await browser.get(`/releases/${release}`);
      expect(page.body).toContain(`<option value="${meeting}">Panel meeting of 20 November 2026`);
      const before = await releaseRow(t, release);
      const done = await browser.post(`/releases/${release}/status`, {
        to: 'deferred',
        version: String(before.version),
        meetingId: String(meeting),
        deferredTo: '2027-03-03',
        reasons: 'Moved a day earlier',
      });
      expect(done.statusCode).toBe(400);
      const deferred = await browser.post(`/releases/${release}/status`, {
        to: 'deferred',
        version: String(before.version),
        meetingId: String(meeting),
        deferredTo: '2027-03-04',
        reasons: 'x',
      });
      expect(deferred.statusCode).toBe(400);
      await t.ctx.db
        .updateTable('implementation_timetable')
        .set({ implementation_date: '2027-06-24' })
        .where(
          'modification_id',
          'in',
          t.ctx.db
            .selectFrom('allocation')
            .select('modification_id')
            .where('release_id', '=', release),
        )
        .execute();
      const moved = await browser.post(`/releases/${release}/status`, {
        to: 'deferred',
        version: String(before.version),
        meetingId: String(meeting),
        deferredTo: '2027-04-01',
        reasons: 'The DCC needs four more weeks of SIT',
      });
      expect(moved.statusCode).toBe(303);
      const after = await releaseRow(t, release);
      expect([after.status, after.go_live]).toEqual(['planned', '2027-04-01']);
      const shown = await browser.get(`/releases/${release}`);
      expect(shown.body).toContain('The DCC needs four more weeks of SIT');
      expect(shown.body).toContain('go-live moved from 4 March 2027 to 1 April 2027');
    });

    it('D10.8(e), ruling 15: without an approved RID the go-live decision is refused (rid_not_approved); nothing changes', async () => {
      const { release } = await releaseWithPart('in_test', '2026-12-03');
      await givenNotice(t, release, '2026-10-20T10:00:00Z');
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const refused = await goLive(c.chair, release);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'rid_not_approved' });
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
    });

    it('Ruling 15, D10.8(e): a release whose last part was de-scoped is refused (release_empty); nothing goes live', async () => {
      const { release, modification, allocation } = await readyRelease();
      await t.ctx.db
        .updateTable('allocation')
        .set({ descoped_at: t.clock.now() })
        .where('id', '=', allocation)
        .execute();
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const decisions = await goLiveDecisionCount(t);
      const refused = await goLive(c.chair, release);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'release_empty', field: 'outcome' });
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
      expect(await goLiveDecisionCount(t)).toBe(decisions);
      expect(await modificationStatus(t, modification)).toBe('allocated');
    });

    it('Ruling 15, D10.13(a): a release holding a part the approved RID does not list is refused (rid_content_mismatch); nothing goes live', async () => {
      const { release } = await readyRelease();
      const extra = await givenAllocatedModification(t, 'MP399', '2026-12-03');
      const part = await givenAllocation(t, release, extra, 'whole');
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const decisions = await goLiveDecisionCount(t);
      const refused = await goLive(c.chair, release);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'rid_content_mismatch' });
      expect(refused.json<{ message: string }>().message).toContain(
        'holds MP399, not in the approved RID',
      );
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
      expect(await goLiveDecisionCount(t)).toBe(decisions);
      const row = await t.ctx.db
        .selectFrom('allocation')
        .select('implemented_at')
        .where('id', '=', part)
        .executeTakeFirstOrThrow();
      expect(row.implemented_at).toBeNull();
    });

    it('Ruling 15: a pending addition (waiting for a RID amendment) is not part of the approved content: the release goes live without it', async () => {
      const { release, modification } = await readyRelease();
      const pending = await givenAllocatedModification(t, 'MP398', '2026-12-03');
      const part = await givenAllocation(t, release, pending, 'whole');
      await t.ctx.db
        .updateTable('allocation')
        .set({ pending_change: 'addition' })
        .where('id', '=', part)
        .execute();
      const decided = await goLive(c.chair, release);
      expect(decided.statusCode).toBe(201);
      expect((await releaseRow(t, release)).status).toBe('live');
      expect(await modificationStatus(t, modification)).toBe('implemented');
      const row = await t.ctx.db
        .selectFrom('allocation')
        .select(['implemented_at', 'pending_change'])
        .where('id', '=', part)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ implemented_at: null, pending_change: 'addition' });
    });

    it('D10.8(e), ruling 10: a go-live decision for a release 14 months ahead, before the Policy’s window opens, is refused (go_live_window_not_open); nothing changes', async () => {
      const { release } = await releaseWithPart('in_test', '2028-01-27');
      await givenApprovedRid(t, release);
      await givenNotice(t, release, '2026-10-20T10:00:00Z');
      const before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const decisions = await goLiveDecisionCount(t);
      const refused = await goLive(c.chair, release);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'go_live_window_not_open', field: 'decidedOn' });
      expect(refused.json<{ message: string }>().message).toContain('from 20 January 2028');
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);
      expect(await goLiveDecisionCount(t)).toBe(decisions);
    });

    it('D10.8(c), D10.15: with no notice, or only a late one, go-live is refused (release_notice_required); the Panel’s recorded exception lets it go live', async () => {
      const { release, modification } = await readyRelease(false);
      let before = await releaseRow(t, release);
      const events = await count(t, 'audit_event');
      const none = await goLive(c.chair, release);
      expect(none.statusCode).toBe(409);
      expect(none.json()).toMatchObject({ code: 'release_notice_required' });
      expect(none.json<{ message: string }>().message).toContain('no notice of the release');
      await givenNotice(t, release, '2026-11-20T10:00:00Z');
      const late = await goLive(c.chair, release);
      expect(late.json()).toMatchObject({ code: 'release_notice_required' });
      expect(late.json<{ message: string }>().message).toContain('came after');
      expect(await releaseRow(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);

      const party = await call(
        t,
        c.albion,
        'POST',
        `/api/v1/releases/${release}/notice-exception`,
        {
          meetingId: meeting,
          reasons: 'x',
        },
      );
      expect(party.statusCode).toBe(403);
      const excepted = await call(
        t,
        c.chair,
        'POST',
        `/api/v1/releases/${release}/notice-exception`,
        { meetingId: meeting, reasons: 'A security fix: Users were told at the Panel' },
      );
      expect(excepted.statusCode).toBe(201);
      expect(excepted.json()).toMatchObject({ kind: 'notice_exception', decidedOn: '2026-11-20' });
      expect(await count(t, 'audit_event')).toBe(events + 1);
      before = await releaseRow(t, release);
      const decided = await goLive(c.chair, release, { version: before.version });
      expect(decided.statusCode).toBe(201);
      expect(await count(t, 'audit_event')).toBeGreaterThan(events + 1);
      expect((await releaseRow(t, release)).status).toBe('live');
      expect(await modificationStatus(t, modification)).toBe('implemented');
    });
  },
);
