import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import { bearer, createTestApp, givenUser, type TestUser } from '../support/test-app.ts';
import { givenCatalogue, givenModification } from '../support/refinement-fixtures.ts';
import { SECMP0061_BEFORE, SECMP0061_SCOPE } from '../../src/modules/code-text/secmp0061-text.ts';

describe.runIf(chromiumAvailable())(
  'browser journey: SECAS authors a modification’s legal text',
  () => {
    let journey: Journey;
    let secas: TestUser;
    let modificationId: number;

    beforeAll(async () => {
      const t = await createTestApp('pglite');
      await givenCatalogue(t.ctx);
      secas = await givenUser(t.ctx, 'code_administrator');
      const imported = await t.app.inject({
        method: 'POST',
        url: '/api/v1/code/versions',
        headers: bearer(secas),
        payload: { name: 'SEC 5.21', text: SECMP0061_BEFORE, scope: SECMP0061_SCOPE },
      });
      expect(imported.statusCode).toBe(201);
      modificationId = (await givenModification(t.ctx, ['section-g'])).id;
      await t.app.inject({ method: 'GET', url: '/static/secrel.css' });
      journey = await startJourney(t);
    }, 120_000);

    afterAll(() => journey.close());

    it('issue 14, D6.8(e): base version, search, edit, redline, save, an error summary, upload and dependencies; every page passes axe', async () => {
      const page = await journey.newPage();
      // The machine these run on may be loaded: each step waits up to 30 s.
      page.setDefaultTimeout(30_000);
      await signIn(page, journey.baseUrl, secas.email);
      await page.goto(`${journey.baseUrl}/modifications/${modificationId}`);
      await page.getByRole('link', { name: 'Legal text' }).click();
      await page
        .getByRole('heading', { name: 'Choose the version it is drafted against' })
        .waitFor();
      await expectAccessible(page);

      await page.getByLabel('Version of the Code').selectOption('SEC 5.21');
      await page.getByRole('button', { name: 'Use this version' }).click();
      await page.getByText('is drafted against SEC 5.21').waitFor();
      await page.getByLabel('Label or words').fill('D10.9');
      await page.getByRole('main').getByRole('button', { name: 'Search' }).click();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'D10.9', exact: true }).click();
      await page.getByRole('heading', { name: 'Change the words' }).waitFor();
      await expectAccessible(page);

      const words = page.getByLabel('Words of D10.9');
      await words.fill('');
      await page.getByRole('button', { name: 'Check the change' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expectAccessible(page);

      await words.fill('The Panel shall promptly publish the SEC Release Management Policy.');
      await page.getByRole('button', { name: 'Check the change' }).click();
      await page.getByRole('heading', { name: 'Check the change' }).waitFor();
      expect(await page.locator('.code-redline ins').count()).toBeGreaterThan(0);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save this change' }).click();
      await page.getByText('1. Edit words of D10.9').waitFor();
      await page.getByText('Section D is not among the documents').waitFor();
      await expectAccessible(page);

      await page
        .getByRole('link', { name: 'Upload the legal text as a file of operations' })
        .click();
      await page.getByRole('button', { name: 'Upload the legal text' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expectAccessible(page);

      await page.goto(`${journey.baseUrl}/modifications/${modificationId}/legal-text/dependencies`);
      await page.getByLabel('References of the modifications').fill('SECMP9999');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      await expectAccessible(page);
    }, 400_000);
  },
);
