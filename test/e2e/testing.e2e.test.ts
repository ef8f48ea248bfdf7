import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import { createTestApp, TEST_PASSWORD, type TestApp, type TestUser } from '../support/test-app.ts';
import { call } from '../integration/modification-fixtures.ts';
import { givenTestingWorld, type TestingWorld } from '../integration/testing-fixtures.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function signIn(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/home`);
}

async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

describe.runIf(chromiumAvailable())(
  'browser journey D10.13(c), D10.16: the DCC testing pages pass axe (WCAG 2.2 AA)',
  () => {
    let t: TestApp;
    let w: TestingWorld;
    let baseUrl: string;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let sitId: number;

    beforeAll(async () => {
      t = await createTestApp('pglite');
      w = await givenTestingWorld(t);
      const created = await call(
        t,
        w.c.secas,
        'POST',
        `/api/v1/releases/${w.february}/test-phases/from-rid`,
      );
      sitId = created.json<{ id: number }[]>()[0]?.id ?? 0;
      await call(t, w.dcc, 'PUT', `/api/v1/releases/${w.february}/test-phases/${sitId}`, {
        status: 'in_progress',
        actualStart: '2026-10-05',
        testsPassed: 412,
        testsFailed: 9,
        defects: { critical: 0, high: 2, medium: 5, low: 11 },
      });
      await call(t, w.dcc, 'POST', `/api/v1/releases/${w.february}/readiness-reports`, {
        periodDue: '2026-10-15',
        measures: {
          'SIT test cases passed (%)': '90',
          'Open critical defects': '1',
          'Environments ready': 'Yes',
        },
        summary: 'SIT started',
      });
      baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
      ({ browser, close: closeBrowser } = await launchBrowser());
    });

    afterAll(async () => {
      await closeBrowser();
      await t.close();
    });

    it('D10.16: the testing page (public and DCC), the phase page and a refused results form pass axe', async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(10_000);
      await page.goto(`${baseUrl}/releases/${w.february}/testing`);
      expect(await violations(page)).toEqual([]);
      await signIn(page, baseUrl, w.dcc);
      await page.goto(`${baseUrl}/releases/${w.february}/testing`);
      await expect(page.getByText('Missing').first().isVisible()).resolves.toBe(true);
      expect(await violations(page)).toEqual([]);
      await page.goto(`${baseUrl}/releases/${w.february}/testing/phases/${sitId}`);
      expect(await violations(page)).toEqual([]);
      await page.getByLabel('Tests failed').fill('-1');
      await page.getByRole('button', { name: 'Record results' }).click();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'tests failed as a whole number',
      );
      expect(await violations(page)).toEqual([]);
      await page.context().close();
    }, 90_000);

    it('D10.13(c): the report form, refused for a missing measure, and a submitted report pass axe', async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, baseUrl, w.dcc);
      await page.goto(`${baseUrl}/releases/${w.february}/testing/reports/2026-10-29`);
      expect(await violations(page)).toEqual([]);
      await page.getByLabel('SIT test cases passed (%)').fill('93');
      await page.getByLabel('Summary of progress to readiness').fill('On track');
      await page.getByRole('button', { name: 'Submit readiness report' }).click();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'missing: Open critical defects; Environments ready',
      );
      expect(await violations(page)).toEqual([]);
      await page.goto(`${baseUrl}/releases/${w.february}/testing/reports/2026-10-15`);
      await expect(page.getByText('SIT started').isVisible()).resolves.toBe(true);
      expect(await violations(page)).toEqual([]);
      await page.context().close();
    }, 90_000);

    it('D10.8(e), D10.13(f): the go-live page with the RID’s criteria and evidence links passes axe', async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, baseUrl, w.c.chair);
      await page.goto(`${baseUrl}/releases/${w.february}/go-live`);
      await expect(
        page.getByText('GL1: DCC SIT complete with no open critical defects').isVisible(),
      ).resolves.toBe(true);
      expect(await violations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Record the go-live decision' }).click();
      await expect(page.locator('.govuk-error-summary').isVisible()).resolves.toBe(true);
      expect(await violations(page)).toEqual([]);
      await page.context().close();
    }, 90_000);
  },
);
