import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import {
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { givenModification, givenPolicyInForce } from '../integration/release-journey-fixtures.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function signIn(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/home`);
}

describe.runIf(chromiumAvailable())(
  'browser journey D10.8(a): SECAS allocates an approved modification to the next release after the DCC baseline point and is told a Panel exception is needed',
  () => {
    let testApp: TestApp;
    let secas: TestUser;
    let baseUrl: string;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let releaseId: number;
    let modificationId: number;

    beforeAll(async () => {
      testApp = await createTestApp('pglite');
      // 27 November 2026: past the DCC scope baseline (4 November 2026) of the November 2027 release.
      testApp.clock.set('2026-11-27T10:00:00Z');
      const secasOrg = await givenOrganisation(
        testApp.ctx,
        'SECAS (Gemserv)',
        'code_administrator',
      );
      secas = await givenUser(testApp.ctx, 'code_administrator', { organisationId: secasOrg });
      await givenPolicyInForce(testApp);
      modificationId = await givenModification(testApp, 'MP123', 'approved');
      const created = await testApp.app.inject({
        method: 'POST',
        url: '/api/v1/releases/standard',
        headers: bearer(secas),
        payload: { year: 2027 },
      });
      const releases = created.json<{ created: { id: number; name: string }[] }>().created;
      const november = releases.find((r) => r.name === 'November 2027 SEC Release');
      if (!november) throw new Error('no November 2027 release');
      releaseId = november.id;
      baseUrl = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
      ({ browser, close: closeBrowser } = await launchBrowser());
    });

    afterAll(async () => {
      await closeBrowser();
      await testApp.close();
    });

    it('D10.8(a): the DCC-impacting part is refused with the baseline date, nothing is allocated, and the page passes axe', async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, baseUrl, secas);
      await page.goto(`${baseUrl}/releases/${releaseId}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'November 2027 SEC Release',
      );
      const before = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
      expect(before.violations.map((violation) => violation.id)).toEqual([]);

      await page
        .getByLabel('Approved modification')
        .selectOption({ label: 'MP123: MP123 test modification' });
      await page
        .getByRole('group', { name: 'Does the part change DCC Systems?' })
        .getByLabel('Yes')
        .check();
      await page.getByRole('button', { name: 'Allocate' }).click();

      const summary = page.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain('Panel');
      await expect(summary.textContent()).resolves.toContain('4 November 2026');
      await expect(summary.getByRole('link').first().getAttribute('href')).resolves.toBe(
        '#allocate-exceptionDecisionId',
      );
      const after = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
      expect(after.violations.map((violation) => violation.id)).toEqual([]);
      await page.context().close();

      const allocations = await testApp.ctx.db
        .selectFrom('allocation')
        .selectAll()
        .where('modification_id', '=', modificationId)
        .execute();
      expect(allocations).toHaveLength(0);
      const row = await testApp.ctx.db
        .selectFrom('modification')
        .select('status')
        .where('id', '=', modificationId)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('approved');
    });
  },
);
