import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenAppealCast, givenAppealRelease, type AppealCast } from './appeal-fixtures.ts';
import { multipart } from './consultation-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

const CHRISTMAS_EVE = '2026-12-24T10:00:00Z';
const REASONS = 'Section (e) gives Users no DCC support for their testing.';
const PDF = '%PDF-1.4 the evidence of the appeal';

describe.each(ENGINES)(
  'issue 13: a draft appeal is audited: saved, updated, files added and removed, discarded (D10.17) on %s',
  (engine) => {
    let t: TestApp;
    let c: AppealCast;
    let releaseId: number;
    let form: string;

    async function session(user: TestUser): Promise<BrowserSession> {
      const browser = new BrowserSession(t.app);
      await browser.signIn(user.email);
      return browser;
    }

    async function postForm(
      browser: BrowserSession,
      reasons: string,
      files: { filename: string; content: string }[],
    ) {
      await browser.get(form);
      const body = multipart({ _csrf: browser.csrfToken, reasons }, files);
      return t.app.inject({
        method: 'POST',
        url: form,
        headers: { ...body.headers, cookie: browser.cookieHeader() },
        payload: body.payload,
      });
    }

    /** The draft-appeal events recorded after `seq`, in order. */
    async function draftEventsAfter(seq: number) {
      return t.ctx.db
        .selectFrom('audit_event')
        .select(['seq', 'action', 'subject_id', 'actor_id', 'before', 'after'])
        .where('subject_type', '=', 'appeal_draft')
        .where('seq', '>', seq)
        .orderBy('seq')
        .execute();
    }

    async function lastSeq(): Promise<number> {
      const row = await t.ctx.db
        .selectFrom('audit_event')
        .select((eb) => eb.fn.max('seq').as('seq'))
        .executeTakeFirst();
      return row?.seq ?? 0;
    }

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenAppealCast(t);
      releaseId = await givenAppealRelease(t);
      await givenRidVersion(t, releaseId, 1, { publishedAt: CHRISTMAS_EVE });
      form = `/releases/${releaseId}/rid/versions/1/appeal`;
      t.clock.set('2027-01-05T10:00:00Z');
    });
    afterAll(async () => {
      await t.close();
    });

    it('issue 13: saving a draft records rid.appeal_draft_saved, then each file rid.appeal_draft_file_added; saving again records rid.appeal_draft_updated', async () => {
      const start = await lastSeq();
      const party = await session(c.albion);
      const first = await postForm(party, REASONS, [{ filename: 'evidence.pdf', content: PDF }]);
      expect(first.statusCode, first.body).toBe(303);
      const saved = await draftEventsAfter(start);
      expect(saved.map((e) => e.action)).toEqual([
        'rid.appeal_draft_saved',
        'rid.appeal_draft_file_added',
      ]);
      expect(saved[0]?.actor_id).toBe(c.albion.id);
      expect(saved[0]?.before).toBeNull();
      expect(saved[0]?.after).toMatchObject({ releaseId, reasonsCharacters: REASONS.length });
      expect(saved[1]?.after).toMatchObject({ filename: 'evidence.pdf', sizeBytes: PDF.length });

      const middle = await lastSeq();
      const again = await postForm(party, `${REASONS} And more.`, []);
      expect(again.statusCode, again.body).toBe(303);
      const updated = await draftEventsAfter(middle);
      expect(updated.map((e) => e.action)).toEqual(['rid.appeal_draft_updated']);
      expect(updated[0]?.before).toMatchObject({ reasonsCharacters: REASONS.length });
      expect(updated[0]?.after).toMatchObject({ reasonsCharacters: REASONS.length + 10 });
    });

    it('issue 13: removing a file from the draft records rid.appeal_draft_file_removed; a refused removal records nothing', async () => {
      const party = await session(c.albion);
      const page = await party.get(form);
      const action = /action="([^"]*\/appeal\/files\/\d+\/remove)"/.exec(page.body)?.[1];
      expect(action).toBeDefined();
      const start = await lastSeq();
      const removed = await party.post(action ?? '', {});
      expect(removed.statusCode, removed.body).toBe(303);
      const events = await draftEventsAfter(start);
      expect(events.map((e) => e.action)).toEqual(['rid.appeal_draft_file_removed']);
      expect(events[0]?.before).toMatchObject({ filename: 'evidence.pdf' });

      const none = await lastSeq();
      const again = await party.post(action ?? '', {});
      expect(again.statusCode).toBe(404);
      expect(await lastSeq()).toBe(none);
    });

    it('issue 13: discarding the draft deletes it and its files and records rid.appeal_draft_discarded; nothing is lodged', async () => {
      const party = await session(c.albion);
      await postForm(party, REASONS, [{ filename: 'evidence.pdf', content: PDF }]);
      const check = await party.get(`${form}/check`);
      expect(check.body).toContain(`action="${form}/discard"`);
      const start = await lastSeq();
      const discarded = await party.post(`${form}/discard`, {});
      expect(discarded.statusCode, discarded.body).toBe(303);
      const events = await draftEventsAfter(start);
      expect(events.map((e) => e.action)).toEqual(['rid.appeal_draft_discarded']);
      expect(events[0]?.before).toMatchObject({ files: ['evidence.pdf'] });
      expect(await t.ctx.db.selectFrom('appeal_draft').selectAll().execute()).toHaveLength(0);
      expect(await t.ctx.db.selectFrom('appeal_attachment').selectAll().execute()).toHaveLength(0);
      expect(await t.ctx.db.selectFrom('rid_appeal').selectAll().execute()).toHaveLength(0);
      // With no draft left, the check page goes back to the form and discarding again is refused.
      const after = await lastSeq();
      expect((await party.post(`${form}/discard`, {})).statusCode).toBe(404);
      expect(await lastSeq()).toBe(after);
    });

    it('issue 13: /audit names the draft events and their subject in words, no raw codes', async () => {
      const secas = await session(c.secas);
      const page = await secas.get('/audit?subjectType=appeal_draft');
      expect(page.statusCode).toBe(200);
      for (const words of [
        'Appeal: draft saved',
        'Appeal: draft updated',
        'Appeal: file added to draft',
        'Appeal: file removed from draft',
        'Appeal: draft discarded',
        'Draft appeal',
      ])
        expect(page.body).toContain(words);
      expect(page.body).not.toMatch(/>[^<]*rid\.appeal_draft[^<]*</);
      expect(page.body).not.toMatch(/>[^<]*appeal_draft[^<]*</);
    });
  },
);
