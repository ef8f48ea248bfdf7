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
import { givenModification, givenPolicy } from '../support/release-fixtures.ts';

describe.runIf(chromiumAvailable())(
  'browser journey D10.8(a): SECAS allocates an approved modification to the next release after the DCC baseline point and is told a Panel exception is needed',
  () => {
    let testApp: TestApp;
    let secas: TestUser;
    let baseUrl: string;
    let journey: Journey;
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
      await givenPolicy(testApp);
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
      journey = await startJourney(testApp);
      baseUrl = journey.baseUrl;
    });

    afterAll(() => journey.close());

    it('D10.8(a): the DCC-impacting part is refused with the baseline date, nothing is allocated, and the page passes axe', async () => {
      const page = await journey.newPage();
      await signIn(page, baseUrl, secas.email);
      await page.goto(`${baseUrl}/releases/${releaseId}`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'November 2027 SEC Release',
      );
      await expectAccessible(page);

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
      await expectAccessible(page);
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
