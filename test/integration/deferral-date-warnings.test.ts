import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenApprovedRid,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { givenMeeting } from './rid-fixtures.ts';

/*
 * Issue 13, D10.5 and ruling 16: a deferral's new go-live date is checked like a new release's
 * (goLiveWarnings): off the weekday the Policy gives the release type, or in the past. The pages
 * ask to confirm before committing; the API commits and returns the warnings.
 */

/** Nunjucks escapes apostrophes and quotes; compare pages with plain text. */
const text = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');

const FRIDAY =
  'The go-live date, 2 April 2027, is a Friday. Under the Policy, Ad-hoc releases go live on a Thursday; SEC Releases have gone live on Thursdays since 2021.';

async function goLiveOf(t: TestApp, id: number) {
  const row = await t.ctx.db
    .selectFrom('release')
    .select(['go_live', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row;
}

async function goLiveDecisions(t: TestApp): Promise<number> {
  return (await t.ctx.db.selectFrom('go_live_decision').select('id').execute()).length;
}

describe.each(ENGINES)(
  'issue 13, D10.5 and ruling 16: warnings on a deferral’s new go-live date on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;
    let policyId: number;
    let meeting: number;
    let n = 0;

    /** An ad-hoc release (going live on a Thursday) with one part and an approved RID. */
    async function givenDeferrable(goLive = '2027-03-04'): Promise<number> {
      n += 1;
      const release = await givenRelease(t, policyId, `Deferrable ${n}`, 'rid_approved', goLive);
      // The part's implementation date is late enough that no D10.5 request is needed.
      const modification = await givenAllocatedModification(t, `MP${400 + n}`, '2027-12-30');
      await givenAllocation(t, release, modification, 'whole');
      await givenApprovedRid(t, release);
      return release;
    }

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenCast(t);
      policyId = await givenPolicy(t);
      meeting = await givenMeeting(t, '2026-11-20');
    });
    afterAll(async () => {
      await t.close();
    });

    it('ruling 16: the Panel’s deferral to a Friday is shown with a warning and a confirm box on the release page; nothing changes until confirmed', async () => {
      const release = await givenDeferrable();
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.chair.email);
      await browser.get(`/releases/${release}`);
      const before = await goLiveOf(t, release);
      const events = await count(t, 'audit_event');
      const form = {
        to: 'deferred',
        version: String(before.version),
        meetingId: String(meeting),
        deferredTo: '2027-04-02',
        reasons: 'DCC build late',
      };
      const first = await browser.post(`/releases/${release}/status`, form);
      expect(first.statusCode).toBe(200);
      const page = text(first.body);
      expect(page).toContain('id="status-warnings"');
      expect(page).toContain(FRIDAY);
      expect(page).toContain('name="confirmDate"');
      expect(page).toContain('DCC build late');
      expect(await goLiveOf(t, release)).toEqual(before);
      expect(await count(t, 'audit_event')).toBe(events);

      const confirmed = await browser.post(`/releases/${release}/status`, {
        ...form,
        confirmDate: 'yes',
      });
      expect(confirmed.statusCode, confirmed.body).toBe(303);
      expect((await goLiveOf(t, release)).go_live).toBe('2027-04-02');
    });

    it('ruling 16: a deferral to a Thursday is recorded at once; a refused date is refused before any warning', async () => {
      const release = await givenDeferrable();
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.chair.email);
      await browser.get(`/releases/${release}`);
      const before = await goLiveOf(t, release);
      const form = {
        to: 'deferred',
        version: String(before.version),
        meetingId: String(meeting),
        reasons: 'DCC build late',
      };
      const earlier = await browser.post(`/releases/${release}/status`, {
        ...form,
        deferredTo: '2027-02-26',
      });
      expect(earlier.statusCode).toBe(400);
      expect(text(earlier.body)).toContain(
        'The new go-live date must be later than the current one',
      );
      expect(earlier.body).not.toContain('name="confirmDate"');
      expect(await goLiveOf(t, release)).toEqual(before);

      const thursday = await browser.post(`/releases/${release}/status`, {
        ...form,
        deferredTo: '2027-04-08',
      });
      expect(thursday.statusCode, thursday.body).toBe(303);
      expect((await goLiveOf(t, release)).go_live).toBe('2027-04-08');
    });

    it('ruling 16: the status API records the deferral and returns the warnings on its date (past and off the weekday); a Thursday and a cancellation have none', async () => {
      const friday = await givenDeferrable();
      const off = await call(t, c.secas, 'POST', `/api/v1/releases/${friday}/status`, {
        to: 'deferred',
        version: (await goLiveOf(t, friday)).version,
        meetingId: meeting,
        reasons: 'DCC build late',
        deferredTo: '2027-04-02',
      });
      expect(off.statusCode, off.body).toBe(200);
      expect(off.json()).toMatchObject({
        goLive: '2027-04-02',
        warnings: [
          { code: 'go_live_off_weekday', field: 'deferredTo', message: FRIDAY.slice(0, -1) },
        ],
      });

      // A release already late (its go-live passed without going live) deferred to a date that
      // is also past: recorded, with the warning.
      const late = await givenDeferrable('2026-10-01');
      const past = await call(t, c.secas, 'POST', `/api/v1/releases/${late}/status`, {
        to: 'deferred',
        version: (await goLiveOf(t, late)).version,
        meetingId: meeting,
        reasons: 'Recording a deferral the Panel agreed',
        deferredTo: '2026-10-08',
      });
      expect(past.statusCode, past.body).toBe(200);
      expect(past.json<{ warnings: { code: string }[] }>().warnings.map((w) => w.code)).toEqual([
        'go_live_in_past',
      ]);

      const thursday = await givenDeferrable();
      const none = await call(t, c.secas, 'POST', `/api/v1/releases/${thursday}/status`, {
        to: 'deferred',
        version: (await goLiveOf(t, thursday)).version,
        meetingId: meeting,
        reasons: 'DCC build late',
        deferredTo: '2027-04-08',
      });
      expect(none.json()).toMatchObject({ goLive: '2027-04-08', warnings: [] });
      const empty = await givenRelease(
        t,
        policyId,
        'Empty ad-hoc release',
        'planned',
        '2027-05-06',
      );
      const cancelled = await call(t, c.secas, 'POST', `/api/v1/releases/${empty}/status`, {
        to: 'cancelled',
        version: (await goLiveOf(t, empty)).version,
        meetingId: meeting,
        reasons: 'The ALV was withdrawn',
      });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', warnings: [] });
    });

    it('ruling 10: a go-live decision to defer to a Friday asks to confirm on the go-live page; the API returns the warning', async () => {
      const release = await givenDeferrable();
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.chair.email);
      await browser.get(`/releases/${release}/go-live`);
      const before = await goLiveOf(t, release);
      const decisions = await goLiveDecisions(t);
      const form = {
        version: String(before.version),
        meetingId: String(meeting),
        criterion1Id: 'GL1',
        criterion1Met: 'no',
        criterion1Evidence: 'SIT still running',
        criterion2Id: 'GL2',
        criterion2Met: 'no',
        criterion2Evidence: 'Not yet confirmed',
        outcome: 'defer',
        deferredTo: '2027-04-02',
        reasons: 'SIT incomplete',
      };
      const first = await browser.post(`/releases/${release}/go-live`, form);
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain('id="golive-warnings"');
      expect(text(first.body)).toContain(FRIDAY);
      expect(first.body).toContain('name="confirmDate"');
      expect(await goLiveOf(t, release)).toEqual(before);
      expect(await goLiveDecisions(t)).toBe(decisions);

      const confirmed = await browser.post(`/releases/${release}/go-live`, {
        ...form,
        confirmDate: 'yes',
      });
      expect(confirmed.statusCode, confirmed.body).toBe(303);
      expect((await goLiveOf(t, release)).go_live).toBe('2027-04-02');
      const after = await browser.get(`/releases/${release}/go-live`);
      expect(after.body).toContain('The Panel deferred the release to 2 April 2027.');

      const api = await givenDeferrable();
      const recorded = await call(t, c.secas, 'POST', `/api/v1/releases/${api}/go-live-decision`, {
        ...FIXTURE_SOURCE,
        meetingId: meeting,
        outcome: 'defer',
        criteria: [
          { id: 'GL1', met: false, evidence: 'SIT still running' },
          { id: 'GL2', met: false, evidence: 'Not yet confirmed' },
        ],
        deferredTo: '2027-04-02',
        reasons: 'SIT incomplete',
        version: (await goLiveOf(t, api)).version,
      });
      expect(recorded.statusCode, recorded.body).toBe(201);
      expect(recorded.json()).toMatchObject({
        outcome: 'defer',
        deferredTo: '2027-04-02',
        warnings: [{ code: 'go_live_off_weekday', field: 'deferredTo' }],
      });
    });

    it('issue 13: OpenAPI documents the warnings of both deferral routes', async () => {
      const spec = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      const paths = spec.json<{
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      }>().paths;
      const status = JSON.stringify(paths['/api/v1/releases/{id}/status']?.post?.responses['200']);
      const goLive = JSON.stringify(
        paths['/api/v1/releases/{id}/go-live-decision']?.post?.responses['201'],
      );
      for (const answer of [status, goLive]) {
        expect(answer).toContain('warnings');
        expect(answer).toContain('go_live_off_weekday');
      }
    });

    it('issue 13: the Panel’s reasons on the release and go-live pages have character counts at the limits the rules enforce', async () => {
      const release = await givenDeferrable();
      const browser = new BrowserSession(t.app);
      await browser.signIn(c.chair.email);
      const counted = (html: string, id: string, max: number) =>
        new RegExp(
          `govuk-character-count"\\s+data-module="govuk-character-count"\\s+data-maxlength="${max}">[\\s\\S]{0,400}id="${id}"`,
        ).test(html);
      const page = (await browser.get(`/releases/${release}`)).body;
      expect(counted(page, 'status-reasons', 10000)).toBe(true);
      expect(counted(page, 'exception-reasons', 10000)).toBe(true);
      expect(page).toMatch(/data-maxlength="10000">[\s\S]{0,400}id="descope-\d+-reasons"/);
      const goLive = (await browser.get(`/releases/${release}/go-live`)).body;
      expect(counted(goLive, 'golive-reasons', 5000)).toBe(true);
      expect(counted(goLive, 'golive-conditions', 5000)).toBe(true);
      expect(counted(goLive, 'exception-reasons', 10000)).toBe(true);
    });
  },
);
