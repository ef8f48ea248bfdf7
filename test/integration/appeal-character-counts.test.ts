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
import { call } from './modification-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';
import { MAX_REASONS_LENGTH } from '../../src/modules/appeal/appeal.ts';

describe.each(ENGINES)(
  'issue 13: character counts on the appeal’s long text, enforced on the server (D10.17) on %s',
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

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenAppealCast(t);
      releaseId = await givenAppealRelease(t);
      await givenRidVersion(t, releaseId, 1, { publishedAt: '2026-12-24T10:00:00Z' });
      form = `/releases/${releaseId}/rid/versions/1/appeal`;
      t.clock.set('2027-01-05T10:00:00Z');
    });
    afterAll(async () => {
      await t.close();
    });

    it('issue 13: the reasons are a GOV.UK character count with the limit the rule enforces, and say so without JavaScript', async () => {
      const party = await session(c.albion);
      const page = await party.get(form);
      expect(page.statusCode).toBe(200);
      const count =
        /<div class="govuk-form-group govuk-character-count"[^>]*>/.exec(page.body)?.[0] ?? '';
      expect(
        count,
        page.body.slice(
          page.body.indexOf('appeal-reasons') - 400,
          page.body.indexOf('appeal-reasons') + 400,
        ),
      ).toContain(`data-maxlength="${MAX_REASONS_LENGTH}"`);
      expect(page.body).toMatch(/You can enter up to 20,?000 characters/);
    });

    it('issue 13, D10.17: over-long reasons in the form are refused on the field in words, and no draft is kept', async () => {
      const party = await session(c.northwind);
      await party.get(form);
      const body = multipart(
        { _csrf: party.csrfToken, reasons: 'x'.repeat(MAX_REASONS_LENGTH + 1) },
        [],
      );
      const refused = await t.app.inject({
        method: 'POST',
        url: form,
        headers: { ...body.headers, cookie: party.cookieHeader() },
        payload: body.payload,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#appeal-reasons"');
      expect(refused.body).toContain(
        `The reasons must be at most ${MAX_REASONS_LENGTH} characters`,
      );
      expect(await t.ctx.db.selectFrom('appeal_draft').selectAll().execute()).toHaveLength(0);
    });

    it('issue 13, D10.17: over-long reasons through the API get a 400 with a code naming the field, and nothing is stored', async () => {
      const before = await countRows(t, 'rid_appeal');
      const events = await countRows(t, 'audit_event');
      const refused = await call(
        t,
        c.albion,
        'POST',
        `/api/v1/releases/${releaseId}/rid/versions/1/appeals`,
        { reasons: 'x'.repeat(MAX_REASONS_LENGTH + 1) },
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'validation_failed', field: 'reasons' });
      expect(await countRows(t, 'rid_appeal')).toBe(before);
      expect(await countRows(t, 'audit_event')).toBe(events);
    });
  },
);
