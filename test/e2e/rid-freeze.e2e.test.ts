import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import {
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';

describe.runIf(chromiumAvailable())(
  'browser journey D10.15: SECAS tries to edit the RID of the February release after its freeze date and is refused',
  () => {
    let testApp: TestApp;
    let secas: TestUser;
    let baseUrl: string;
    let journey: Journey;
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
      releaseId = await givenRelease(
        testApp,
        policyId,
        'February 2027 SEC Release',
        'planned',
        '2027-02-25',
        'february',
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
      journey = await startJourney(testApp);
      baseUrl = journey.baseUrl;
    });

    afterAll(() => journey.close());

    it('D10.15, ruling 5: the page shows the freeze date in words, the edit is refused with it, nothing changes, and every page passes axe', async () => {
      const page = await journey.newPage();
      await signIn(page, baseUrl, secas.email);
      await page.goto(`${baseUrl}/releases/${releaseId}`);
      await page.getByRole('link', { name: 'Release Implementation Document' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Release Implementation Document',
      );
      await expect(page.locator('.govuk-summary-list').textContent()).resolves.toContain(
        'Friday 25 December 2026 (frozen)',
      );
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Version 1', exact: true }).click();
      await expect(page.locator('.govuk-warning-text').textContent()).resolves.toContain(
        'frozen from Friday 25 December 2026',
      );
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Edit the sections of version 1' }).click();
      await expectAccessible(page);
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
      await expectAccessible(page);
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
