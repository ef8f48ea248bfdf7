import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrowserSession,
  bearer,
  createTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenAppealCast, givenAppealRelease, type AppealCast } from './appeal-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

const CHRISTMAS_EVE = '2026-12-24T10:00:00Z';
const DEADLINE_WORDS = '23:59:59 on Tuesday 12 January 2027 (UK time)';

/** Nunjucks escapes quotes and apostrophes; compare pages with plain text. */
const text = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe.each(ENGINES)(
  'issue 13: a Party’s home page shows what concerns it (D10.15, D10.17) on %s',
  (engine) => {
    let t: TestApp;
    let c: AppealCast;
    let releaseId: number;

    async function home(user: TestUser) {
      const browser = new BrowserSession(t.app);
      await browser.signIn(user.email);
      const page = await browser.get('/home');
      expect(page.statusCode).toBe(200);
      return { browser, body: page.body, words: text(page.body) };
    }

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenAppealCast(t);
      releaseId = await givenAppealRelease(t);
      await givenRidVersion(t, releaseId, 1, { publishedAt: CHRISTMAS_EVE });
    });
    afterAll(async () => {
      await t.close();
    });

    it('D10.15, D10.17: while a RID approval’s appeal window is open, a Party’s home page shows it with its deadline and the link to lodge; no longer “Nothing needs your attention”', async () => {
      t.clock.set('2027-01-05T10:00:00Z');
      const { body, words } = await home(c.albion);
      expect(words).not.toContain('Nothing needs your attention');
      expect(words).toContain(
        'Appeal window open: the Panel’s approval of RID version 1 of the February 2027 SEC Release',
      );
      expect(words).toContain(`until ${DEADLINE_WORDS}`);
      expect(body).toContain(`href="/releases/${releaseId}/rid/versions/1/appeal"`);
      // The Authority does not lodge appeals: no window item for it.
      expect((await home(c.authority)).words).not.toContain('Appeal window open');
    });

    it('issue 13: after lodging, the Party’s home page lists its own appeal with its status, and the window says it appealed', async () => {
      t.clock.set('2027-01-05T10:00:00Z');
      const lodged = await t.app.inject({
        method: 'POST',
        url: `/api/v1/releases/${releaseId}/rid/versions/1/appeals`,
        headers: bearer(c.albion),
        payload: { reasons: 'Section (e) gives Users no DCC support for their testing.' },
      });
      expect(lodged.statusCode).toBe(201);
      const id = lodged.json<{ id: number }>().id;
      const { body, words } = await home(c.albion);
      expect(words).toContain('Your organisation’s appeals and consultation responses');
      expect(words).toContain(
        'Your organisation’s appeal against RID version 1 of the February 2027 SEC Release',
      );
      expect(words).toContain('Awaiting the Authority');
      expect(body).toContain(`href="/appeals/${id}"`);
      expect(words).toContain('Your organisation has lodged an appeal against it.');
      // Another Party sees the window but not Albion's appeal as its own.
      const other = await home(c.northwind);
      expect(other.words).toContain('Appeal window open');
      expect(other.words).not.toContain('Your organisation’s appeal');
    });

    it('issue 13: a consultation asking the Party is a task until it responds, then its response is listed with the consultation', async () => {
      t.clock.set('2027-01-05T10:00:00Z');
      const opened = await t.app.inject({
        method: 'POST',
        url: '/api/v1/consultations',
        headers: bearer(c.secas),
        payload: {
          subjectType: 'other',
          subjectId: 'notice-periods',
          title: 'Notice periods of SEC Releases',
          description: 'Changes to the notice periods.',
          audiences: ['users'],
          questions: ['Do you agree with the notice periods?'],
          opensAt: '2027-01-05',
          closesAfterWorkingDays: 10,
        },
      });
      expect(opened.statusCode, opened.body).toBe(201);
      const consultationId = opened.json<{ id: number }>().id;
      expect((await home(c.albion)).words).toContain(
        'Respond to the consultation “Notice periods of SEC Releases”',
      );
      const responded = await t.app.inject({
        method: 'POST',
        url: `/api/v1/consultations/${consultationId}/responses`,
        headers: bearer(c.albion),
        payload: { answers: [{ questionId: 'q1', text: 'Yes.' }], confidential: false },
      });
      expect(responded.statusCode, responded.body).toBe(201);
      const after = await home(c.albion);
      expect(after.words).not.toContain('Respond to the consultation');
      expect(after.words).toContain(
        'Your organisation’s response to the consultation “Notice periods of SEC Releases”',
      );
      expect(after.words).toContain('Sent, still open');
      expect(after.body).toContain(`href="/consultations/${consultationId}#your-response"`);
    });

    it('D10.17: once the window has closed the Party’s home page no longer offers it; its appeal stays listed', async () => {
      t.clock.set('2027-02-01T10:00:00Z');
      const { words } = await home(c.albion);
      expect(words).not.toContain('Appeal window open');
      expect(words).toContain('Your organisation’s appeal against RID version 1');
      expect(words).toContain('Sent, closed');
    });
  },
);
