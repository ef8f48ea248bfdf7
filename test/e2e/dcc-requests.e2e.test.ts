import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import {
  createTestApp,
  givenOrganisation,
  givenUser,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { call } from '../integration/modification-fixtures.ts';
import { givenPolicyInForce } from '../integration/release-journey-fixtures.ts';

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
  'browser journey D10.10: SECAS asks the DCC, the DCC answers; every page passes axe',
  () => {
    let t: TestApp;
    let secas: TestUser;
    let dcc: TestUser;
    let baseUrl: string;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let releaseId: number;

    beforeAll(async () => {
      t = await createTestApp('pglite');
      t.clock.set('2026-11-27T10:00:00Z');
      const secasOrg = await givenOrganisation(t.ctx, 'SECAS (Gemserv)', 'code_administrator');
      const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc', null, false);
      secas = await givenUser(t.ctx, 'code_administrator', { organisationId: secasOrg });
      dcc = await givenUser(t.ctx, 'dcc', { organisationId: dccOrg });
      await givenPolicyInForce(t);
      const created = await call(t, secas, 'POST', '/api/v1/releases/standard', { year: 2027 });
      const releases = created.json<{ created: { id: number; name: string }[] }>().created;
      const june = releases.find((r) => r.name === 'June 2027 SEC Release');
      if (!june) throw new Error('no June 2027 release');
      releaseId = june.id;
      baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
      ({ browser, close: closeBrowser } = await launchBrowser());
    });

    afterAll(async () => {
      await closeBrowser();
      await t.close();
    });

    it('D10.10, D10.14: the request form, its error, the request page, the answer and the worklist pass axe', async () => {
      const secasPage = await (await browser.newContext()).newPage();
      secasPage.setDefaultTimeout(10_000);
      await signIn(secasPage, baseUrl, secas);
      await secasPage.goto(`${baseUrl}/releases/${releaseId}/dcc-requests`);
      expect(await violations(secasPage)).toEqual([]);

      await secasPage.getByLabel('What is the DCC asked for?').fill('Confirm the SIT window');
      await secasPage
        .getByLabel('Section of the Release Implementation Document (optional)')
        .selectOption('b');
      await secasPage.getByLabel('Due date').fill('2026-11-01');
      await secasPage.getByRole('button', { name: 'Send the request' }).click();
      await expect(secasPage.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'The due date must be today (27 November 2026) or later',
      );
      expect(await violations(secasPage)).toEqual([]);

      await secasPage.getByLabel('Due date').fill('2026-12-10');
      await secasPage.getByRole('button', { name: 'Send the request' }).click();
      await secasPage.getByRole('link', { name: 'Confirm the SIT window' }).click();
      await expect(secasPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Confirm the SIT window',
      );
      expect(await violations(secasPage)).toEqual([]);
      const requestUrl = secasPage.url();

      const dccPage = await (await browser.newContext()).newPage();
      dccPage.setDefaultTimeout(10_000);
      await signIn(dccPage, baseUrl, dcc);
      await dccPage.goto(`${baseUrl}/dcc-requests`);
      expect(await violations(dccPage)).toEqual([]);
      await dccPage.goto(requestUrl);
      await dccPage.getByRole('button', { name: 'Send the answer' }).click();
      await expect(dccPage.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'Enter the DCC’s answer',
      );
      expect(await violations(dccPage)).toEqual([]);
      await dccPage.getByLabel('The DCC’s answer').fill('SIT runs from 1 March to 30 April 2027.');
      await dccPage.getByRole('button', { name: 'Send the answer' }).click();
      await expect(dccPage.locator('body').textContent()).resolves.toContain(
        'SIT runs from 1 March to 30 April 2027.',
      );
      expect(await violations(dccPage)).toEqual([]);
      await dccPage.goto(`${baseUrl}/home`);
      expect(await violations(dccPage)).toEqual([]);
    }, 180_000);
  },
);
