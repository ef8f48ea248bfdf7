import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_HANDLERS } from '../../src/cli/background.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { createMailer } from '../../src/outbox/mailer.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import { startSmtpCatcher } from '../support/smtp-catcher.ts';
import {
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import {
  givenAppealCast,
  givenAppealRelease,
  type AppealCast,
} from '../integration/appeal-fixtures.ts';
import { givenRidVersion } from '../support/release-fixtures.ts';

const DEADLINE_WORDS = '23:59:59 on Tuesday 12 January 2027 (UK time)';
const FIRST = 'The User testing window leaves no time for our regression tests.';
const SECOND = 'We ask the Authority to direct a later go-live.';

/**
 * Issue 13: every page of the journeys passes axe at 1280 px and at 320 px, and at 320 px the
 * page does not scroll sideways (WCAG 2.2 reflow, 1.4.10); at 1280 px the service navigation
 * holds one row.
 */
async function checkPage(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await expectAccessible(page);
  const rows = await page.evaluate<number>(
    "new Set(Array.from(document.querySelectorAll('.govuk-service-navigation__item')).map((item) => item.offsetTop)).size",
  );
  expect(rows, `the navigation of ${page.url()} wraps at 1280 px`).toBe(1);
  await page.setViewportSize({ width: 320, height: 640 });
  await expectAccessible(page);
  const widths = await page.evaluate<{ scroll: number; inner: number }>(
    '({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })',
  );
  expect(widths.scroll, `${page.url()} scrolls sideways at 320 px`).toBeLessThanOrEqual(
    widths.inner,
  );
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe.runIf(chromiumAvailable())(
  'browser journeys of issue 13: a Party appeals from its home page and follows a release, told by e-mail',
  () => {
    let testApp: TestApp;
    let cast: AppealCast;
    let journey: Journey;
    let baseUrl: string;
    let releaseId: number;
    /** A Party whose organisation is not a User. */
    let follower: TestUser;

    /** A page of the journey; a loaded machine may take longer than 10 s to serve a page. */
    async function newPage(): Promise<Page> {
      const page = await journey.newPage();
      page.setDefaultTimeout(60_000);
      return page;
    }

    /** Runs the worker once: the outbox's messages go to the catcher over SMTP. */
    async function deliver(smtpUrl: string): Promise<void> {
      const worker = startWorker(testApp.ctx, {
        handlers: JOB_HANDLERS,
        mailer: createMailer(smtpUrl, 'secrel@example.org'),
        pollMs: 3_600_000,
        workerId: 'party-journeys',
        log: (level, message, detail) => {
          if (level !== 'info') console.error(message, detail);
        },
      });
      try {
        await worker.runOnce();
      } finally {
        await worker.stop();
      }
    }

    beforeAll(async () => {
      testApp = await createTestApp('pglite');
      testApp.ctx.config.publicUrl = 'https://secrel.example.org';
      cast = await givenAppealCast(testApp);
      const generator = await givenOrganisation(
        testApp.ctx,
        'Orkney Generation Ltd',
        'party',
        'large_supplier',
        false,
      );
      follower = await givenUser(testApp.ctx, 'party', { organisationId: generator });
      releaseId = await givenAppealRelease(testApp);
      // Published on Christmas Eve 2026: the window closes at 23:59:59 on Tue 12 Jan 2027.
      await givenRidVersion(testApp, releaseId, 1, { publishedAt: '2026-12-24T10:00:00Z' });
      journey = await startJourney(testApp);
      baseUrl = journey.baseUrl;
    }, 300_000);

    afterAll(() => journey.close());

    it('D10.15, D10.17, issue 13: a Party sees the open appeal window on its home page, lodges its appeal through check your answers with a file, and receives the confirmation by SMTP', async () => {
      testApp.clock.set('2027-01-05T10:00:00Z');
      const smtp = await startSmtpCatcher();
      try {
        const page = await newPage();
        await signIn(page, baseUrl, cast.albion.email);
        const main = page.locator('main');
        await expect(main.textContent()).resolves.toContain(
          'Appeal window open: the Panel’s approval of RID version 1 of the February 2027 SEC Release',
        );
        await expect(main.textContent()).resolves.toContain(DEADLINE_WORDS);
        await checkPage(page);

        await page.getByRole('link', { name: /Appeal window open/ }).click();
        await page.waitForURL(`${baseUrl}/releases/${releaseId}/rid/versions/1/appeal`);
        await checkPage(page);
        await page.getByLabel('Your reasons for appealing').fill(`${FIRST}\n\n${SECOND}`);
        await page.getByLabel('Attach files (optional)').setInputFiles({
          name: 'regression-plan.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('Regression tests: six weeks.'),
        });
        await page.getByRole('button', { name: 'Continue' }).click();

        await page.waitForURL(`${baseUrl}/releases/${releaseId}/rid/versions/1/appeal/check`);
        await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
          'Check your appeal before lodging it',
        );
        await expect(page.locator('.govuk-summary-list p').allTextContents()).resolves.toEqual([
          FIRST,
          SECOND,
        ]);
        await expect(main.textContent()).resolves.toContain('regression-plan.txt');
        await checkPage(page);
        await page.getByRole('button', { name: 'Lodge appeal' }).click();

        await page.waitForURL(/\/appeals\/\d+$/);
        const appealPath = new URL(page.url()).pathname;
        await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
          'lodged with the Authority and copied to SECAS',
        );
        await expect(page.locator('#appeal-reasons-text p').allTextContents()).resolves.toEqual([
          FIRST,
          SECOND,
        ]);
        await expect(page.getByRole('link', { name: 'regression-plan.txt' }).count()).resolves.toBe(
          1,
        );
        await checkPage(page);

        await page.goto(`${baseUrl}/home`);
        await expect(main.textContent()).resolves.toContain(
          'Your organisation’s appeal against RID version 1 of the February 2027 SEC Release',
        );
        await checkPage(page);
        await page.context().close();

        await deliver(smtp.url);
        const confirmation = smtp.received.filter((mail) =>
          smtp.recipientsOf(mail).includes(cast.albion.email),
        );
        expect(confirmation.map((mail) => mail.subject)).toEqual([
          'Your appeal is lodged: RID version 1, February 2027 SEC Release',
        ]);
        expect(confirmation[0]?.text).toContain(`https://secrel.example.org${appealPath}`);
      } finally {
        await smtp.close();
      }
    });

    it('D10.8(c), issue 13: a Party follows a release from its page and receives the release’s notice by SMTP', async () => {
      testApp.clock.set('2027-01-06T10:00:00Z');
      const smtp = await startSmtpCatcher();
      try {
        const page = await newPage();
        await signIn(page, baseUrl, follower.email);
        await page.goto(`${baseUrl}/releases/${releaseId}`);
        await checkPage(page);
        await page.getByRole('button', { name: 'Follow this release' }).click();
        await page.waitForURL(new RegExp(`/releases/${releaseId}`));
        await expect(page.locator('main').textContent()).resolves.toContain(
          'You follow this release',
        );
        await checkPage(page);
        await page.context().close();

        const issued = await testApp.app.inject({
          method: 'POST',
          url: `/api/v1/releases/${releaseId}/notices`,
          headers: bearer(cast.secas),
          payload: {
            subject: 'Go-live confirmed',
            body: 'The February 2027 SEC Release goes live on 25 February 2027.',
          },
        });
        expect(issued.statusCode, issued.body).toBe(201);
        await deliver(smtp.url);
        const told = smtp.received.filter((mail) =>
          smtp.recipientsOf(mail).includes(follower.email),
        );
        expect(told.map((mail) => mail.subject)).toEqual([
          'February 2027 SEC Release: Go-live confirmed',
        ]);
        // A Party is sent the release's notices (D10.8(c)); following does not tell it twice.
        expect(told[0]?.text).toContain(`/releases/${releaseId}/notices`);
      } finally {
        await smtp.close();
      }
    });
  },
);
