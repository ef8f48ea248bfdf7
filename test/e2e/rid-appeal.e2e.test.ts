import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  givenAppealCast,
  givenAppealRelease,
  type AppealCast,
} from '../integration/appeal-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

const DEADLINE_WORDS = '23:59:59 on Tuesday 12 January 2027 (UK time)';

describe.runIf(chromiumAvailable())(
  'browser journey D10.17: a Party appeals a published RID approval in time, and another is refused just after the deadline',
  () => {
    let testApp: TestApp;
    let cast: AppealCast;
    let baseUrl: string;
    let journey: Journey;
    let releaseId: number;

    const appealsOf = (organisationId: number) =>
      testApp.ctx.db
        .selectFrom('rid_appeal')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .execute();

    beforeAll(async () => {
      testApp = await createTestApp('pglite');
      cast = await givenAppealCast(testApp);
      releaseId = await givenAppealRelease(testApp);
      // Published on Christmas Eve 2026: the window closes at 23:59:59 on Tue 12 Jan 2027.
      await givenRidVersion(testApp, releaseId, 1, { publishedAt: '2026-12-24T10:00:00Z' });
      journey = await startJourney(testApp);
      baseUrl = journey.baseUrl;
    });

    afterAll(() => journey.close());

    it('D10.17: the Party lodges its appeal from the form, sees it recorded, and every page passes axe', async () => {
      testApp.clock.set('2027-01-05T10:00:00Z');
      const context: BrowserContext = await journey.browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, baseUrl, cast.albion.email);
      await page.goto(`${baseUrl}/appeals`);
      await expectAccessible(page);
      await page.getByRole('link', { name: /Appeal this approval/ }).click();
      await page.waitForURL(`${baseUrl}/releases/${releaseId}/rid/versions/1/appeal`);
      await expect(page.locator('#appeal').textContent()).resolves.toContain(
        `closes at ${DEADLINE_WORDS}`,
      );
      await expectAccessible(page);

      await page
        .getByLabel('Your reasons for appealing')
        .fill('The User testing window leaves no time for our regression tests.');
      await page.getByRole('button', { name: 'Continue' }).click();
      // Issue 13: check your answers, then lodge.
      await page.waitForURL(`${baseUrl}/releases/${releaseId}/rid/versions/1/appeal/check`);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Lodge appeal' }).click();
      await page.waitForURL(/\/appeals\/\d+$/);
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
        'lodged with the Authority and copied to SECAS',
      );
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Albion Power Ltd',
      );
      await expect(page.locator('main').textContent()).resolves.toContain(
        'The User testing window leaves no time for our regression tests.',
      );
      await expectAccessible(page);
      await context.close();

      const rows = await appealsOf(cast.albionOrg);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.status).toBe('referred');
    });

    it('D10.17: a Party that sends its appeal just after the deadline is refused, sees the deadline, and nothing is stored', async () => {
      testApp.clock.set('2027-01-12T23:50:00Z');
      const context = await journey.browser.newContext();
      const form = await context.newPage();
      form.setDefaultTimeout(10_000);
      await signIn(form, baseUrl, cast.northwind.email);
      await form.goto(`${baseUrl}/releases/${releaseId}/rid/versions/1/appeal`);
      await form.getByLabel('Your reasons for appealing').fill('We appeal the go-live criteria.');

      // Half a minute after the deadline, the Party sends the form it filled in before it.
      testApp.clock.set('2027-01-13T00:00:30Z');
      await form.getByRole('button', { name: 'Continue' }).click();

      const summary = form.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain(
        `The appeal window closed at ${DEADLINE_WORDS}`,
      );
      await expectAccessible(form);
      await expect(form.getByLabel('Your reasons for appealing').count()).resolves.toBe(0);

      await form.goto(`${baseUrl}/releases/${releaseId}/rid/versions/1/appeal`);
      await expect(form.locator('#appeal').textContent()).resolves.toContain(
        `The appeal window closed at ${DEADLINE_WORDS}`,
      );
      await expectAccessible(form);
      await context.close();
      expect(await appealsOf(cast.northwindOrg)).toHaveLength(0);
    });
  },
);
