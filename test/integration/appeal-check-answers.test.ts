import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  countRows,
  givenAppealCast,
  givenAppealRelease,
  type AppealCast,
} from './appeal-fixtures.ts';
import { multipart } from './consultation-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

const CHRISTMAS_EVE = '2026-12-24T10:00:00Z';
const DEADLINE_WORDS = '23:59:59 on Tuesday 12 January 2027 (UK time)';
const FIRST = 'Section (e) gives Users no DCC support for their testing.';
const SECOND = 'The timetable leaves two weeks for User testing.';
const REASONS = `${FIRST}\n\n${SECOND}`;
const PDF = '%PDF-1.4 the evidence of the appeal';

/** Nunjucks escapes quotes and apostrophes; compare pages with plain text. */
const text = (html: string) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"');

describe.each(ENGINES)(
  'issue 13: the appeal form: attachments, check your answers, reasons in paragraphs (D10.17) on %s',
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

    /** Posts the form as a browser does: multipart, with the session's cookie and CSRF token. */
    async function postForm(
      browser: BrowserSession,
      fields: Record<string, string>,
      files: { filename: string; content: string }[],
    ) {
      await browser.get(form);
      const body = multipart({ _csrf: browser.csrfToken, ...fields }, files);
      return t.app.inject({
        method: 'POST',
        url: form,
        headers: { ...body.headers, cookie: browser.cookieHeader() },
        payload: body.payload,
      });
    }

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenAppealCast(t);
      releaseId = await givenAppealRelease(t);
      await givenRidVersion(t, releaseId, 1, { publishedAt: CHRISTMAS_EVE });
      form = `/releases/${releaseId}/rid/versions/1/appeal`;
    });
    afterAll(async () => {
      await t.close();
    });

    it('issue 13: a file that is not what its name says is refused on the file field, and nothing is kept', async () => {
      t.clock.set('2027-01-05T10:00:00Z');
      const party = await session(c.northwind);
      const refused = await postForm(party, { reasons: REASONS }, [
        { filename: 'evidence.pdf', content: '<html><script>alert(1)</script></html>' },
      ]);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#appeal-file"');
      expect(text(refused.body)).toContain('“evidence.pdf” is not really a .pdf file');
      const drafts = await t.ctx.db.selectFrom('appeal_draft').selectAll().execute();
      expect(drafts).toHaveLength(0);
    });

    it('issue 13: Continue shows check your answers: the reasons in their paragraphs, the file, Change links back to the form; nothing is lodged yet', async () => {
      t.clock.set('2027-01-05T10:00:00Z');
      const party = await session(c.albion);
      const before = await countRows(t, 'rid_appeal');
      const sent = await postForm(party, { reasons: REASONS }, [
        { filename: 'evidence.pdf', content: PDF },
      ]);
      expect(sent.statusCode, sent.body).toBe(303);
      expect(sent.headers.location).toBe(`${form}/check`);
      const check = await party.get(`${form}/check`);
      expect(check.statusCode).toBe(200);
      const body = text(check.body);
      expect(body).toContain('Check your appeal before lodging it');
      expect(body).toContain(`<p class="govuk-body secrel-pre-line">${FIRST}</p>`);
      expect(body).toContain(`<p class="govuk-body secrel-pre-line">${SECOND}</p>`);
      expect(body).toContain('evidence.pdf');
      expect(body).toContain(`href="${form}#appeal-reasons"`);
      expect(body).toContain(`href="${form}#appeal-file"`);
      expect(body).toContain('Lodge appeal');
      expect(body).toContain(`closes at ${DEADLINE_WORDS}`);
      expect(await countRows(t, 'rid_appeal')).toBe(before);
      // Change: the form shows the reasons kept and the file attached so far.
      const again = text((await party.get(form)).body);
      expect(again).toContain(FIRST);
      expect(again).toContain('Files attached so far');
    });

    it('issue 13, D10.17: Lodge appeal lodges the reasons and the file; the appeal page shows the reasons as paragraphs and the file to those who may read them only', async () => {
      t.clock.set('2027-01-05T10:00:00Z');
      const party = await session(c.albion);
      await party.get(`${form}/check`);
      const lodged = await party.post(`${form}/lodge`, {});
      expect(lodged.statusCode).toBe(303);
      const location = String(lodged.headers.location);
      expect(location).toMatch(/^\/appeals\/\d+$/);
      const page = text((await party.get(location)).body);
      expect(page).toContain(`<p class="govuk-body secrel-pre-line">${FIRST}</p>`);
      expect(page).toContain(`<p class="govuk-body secrel-pre-line">${SECOND}</p>`);
      const link = /href="(\/appeals\/\d+\/files\/\d+)"/.exec(page)?.[1];
      expect(link).toBeDefined();
      const file = await party.get(link ?? '');
      expect(file.statusCode).toBe(200);
      expect(file.body).toBe(PDF);
      expect(file.headers['content-type']).toBe('application/pdf');
      expect(file.headers['cache-control']).toBe('private, no-store');
      // The Authority reads it; another Party and the public may not (D10.17, decided).
      expect((await (await session(c.authority)).get(link ?? '')).statusCode).toBe(200);
      expect((await (await session(c.northwind)).get(link ?? '')).statusCode).toBe(403);
      expect((await t.app.inject({ url: link ?? '' })).statusCode).not.toBe(200);
      const publicPage = await t.app.inject({ url: location });
      expect(publicPage.body).not.toContain('/files/');
      expect(publicPage.body).not.toContain(FIRST);
      // The draft is gone; the audit records the file with the appeal.
      expect(await t.ctx.db.selectFrom('appeal_draft').selectAll().execute()).toHaveLength(0);
      const event = await t.ctx.db
        .selectFrom('audit_event')
        .select('after')
        .where('action', '=', 'rid.appeal_lodged')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(JSON.stringify(event.after)).toContain('evidence.pdf');
    });

    it('D10.17: lodging from check your answers after the deadline is refused with the deadline, and nothing is lodged', async () => {
      t.clock.set('2027-01-12T23:50:00Z');
      const party = await session(c.northwind);
      const sent = await postForm(party, { reasons: REASONS }, []);
      expect(sent.statusCode).toBe(303);
      await party.get(`${form}/check`);
      t.clock.set('2027-01-13T00:00:01Z');
      const before = await countRows(t, 'rid_appeal');
      const refused = await party.post(`${form}/lodge`, {});
      expect(refused.statusCode).toBe(409);
      expect(text(refused.body)).toContain(`The appeal window closed at ${DEADLINE_WORDS}`);
      expect(refused.body).not.toContain('/appeal/lodge"');
      expect(await countRows(t, 'rid_appeal')).toBe(before);
    });

    it('issue 13: in the lists, reasons are shown below the table in their paragraphs, not in a table cell', async () => {
      const secas = await session(c.secas);
      const list = text((await secas.get('/appeals')).body);
      const table = list.slice(list.indexOf('<table'), list.indexOf('</table>'));
      expect(table).not.toContain(FIRST);
      expect(list).toContain(`<p class="govuk-body secrel-pre-line">${SECOND}</p>`);
    });
  },
);
