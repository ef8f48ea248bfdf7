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
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
} from '../integration/release-fixtures.ts';
import { givenTypedRelease } from '../integration/rid-fixtures.ts';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function signIn(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/home`);
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return result.violations.map((violation) => violation.id);
}

describe.runIf(chromiumAvailable())(
  'browser journey D10.15: SECAS tries to edit the RID of the February release after its freeze date and is refused',
  () => {
    let testApp: TestApp;
    let secas: TestUser;
    let baseUrl: string;
    let browser: Browser;
    let closeBrowser: () => Promise<void>;
    let releaseId: number;
    let draftVersion: number;

    beforeAll(async () => {
      testApp = await createTestApp('pglite');
      testApp.clock.set('2026-11-27T10:00:00Z');
      const secasOrg = await givenOrganisation(
        testApp.ctx,
        'SECAS (Gemserv)',
        'code_administrator',
      );
      secas = await givenUser(testApp.ctx, 'code_administrator', { organisationId: secasOrg });
      const policyId = await givenPolicy(testApp);
      // Go-live Thursday 25 February 2027; two months' notice: frozen from Friday 25 December 2026.
      releaseId = await givenTypedRelease(
        testApp,
        policyId,
        'February 2027 SEC Release',
        'february',
        '2027-02-25',
      );
      await givenAllocation(
        testApp,
        releaseId,
        await givenAllocatedModification(testApp, 'MP201', '2027-02-25'),
        'whole',
      );
      const draft = await testApp.app.inject({
        method: 'POST',
        url: `/api/v1/releases/${releaseId}/rid/drafts`,
        headers: bearer(secas),
      });
      if (draft.statusCode !== 201) throw new Error(`no draft: ${draft.body}`);
      draftVersion = draft.json<{ version: number }>().version;
      testApp.clock.set('2026-12-29T10:00:00Z');
      baseUrl = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
      ({ browser, close: closeBrowser } = await launchBrowser());
    });

    afterAll(async () => {
      await closeBrowser();
      await testApp.close();
    });

    it('D10.15, ruling 5: the page shows the freeze date in words, the edit is refused with it, nothing changes, and every page passes axe', async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(10_000);
      await signIn(page, baseUrl, secas);
      await page.goto(`${baseUrl}/releases/${releaseId}`);
      await page.getByRole('link', { name: 'Release Implementation Document' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Release Implementation Document',
      );
      await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain(
        'Friday 25 December 2026 (frozen)',
      );
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'Version 1', exact: true }).click();
      await expect(page.locator('.govuk-warning-text').textContent()).resolves.toContain(
        'frozen from Friday 25 December 2026',
      );
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole('link', { name: 'Edit the sections of version 1' }).click();
      expect(await axeViolations(page)).toEqual([]);
      await page
        .getByLabel('The DCC testing to be carried out')
        .fill('DCC SIT and regression testing');
      await page.getByRole('button', { name: 'Save version 1' }).click();

      const summary = page.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain(
        'is frozen from Friday 25 December 2026',
      );
      await expect(summary.textContent()).resolves.toContain('Panel records an override');
      await expect(page.getByLabel('The DCC testing to be carried out').inputValue()).resolves.toBe(
        'DCC SIT and regression testing',
      );
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();

      const row = await testApp.ctx.db
        .selectFrom('rid_version')
        .select(['version', 'sections'])
        .where('release_id', '=', releaseId)
        .executeTakeFirstOrThrow();
      expect(row.version).toBe(draftVersion);
      expect(JSON.stringify(row.sections)).not.toContain('DCC SIT');
    }, 120_000);
  },
);
