import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import {
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { call } from '../integration/modification-fixtures.ts';
import { givenPolicy } from '../support/release-fixtures.ts';
import type { Page } from 'playwright-core';

/** Issue 13 (f349876): a date is asked as day, month and year under its legend. */
async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

describe.runIf(chromiumAvailable())(
  'browser journey D10.10: SECAS asks the DCC, the DCC answers; every page passes axe',
  () => {
    let t: TestApp;
    let secas: TestUser;
    let dcc: TestUser;
    let baseUrl: string;
    let journey: Journey;
    let releaseId: number;

    beforeAll(async () => {
      t = await createTestApp('pglite');
      t.clock.set('2026-11-27T10:00:00Z');
      const secasOrg = await givenOrganisation(t.ctx, 'SECAS (Gemserv)', 'code_administrator');
      const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc', null, false);
      secas = await givenUser(t.ctx, 'code_administrator', { organisationId: secasOrg });
      dcc = await givenUser(t.ctx, 'dcc', { organisationId: dccOrg });
      await givenPolicy(t);
      const created = await call(t, secas, 'POST', '/api/v1/releases/standard', { year: 2027 });
      const releases = created.json<{ created: { id: number; name: string }[] }>().created;
      const june = releases.find((r) => r.name === 'June 2027 SEC Release');
      if (!june) throw new Error('no June 2027 release');
      releaseId = june.id;
      journey = await startJourney(t);
      baseUrl = journey.baseUrl;
    });

    afterAll(() => journey.close());

    it('D10.10, D10.14: the request form, its error, the request page, the answer and the worklist pass axe', async () => {
      const secasPage = await journey.newPage();
      await signIn(secasPage, baseUrl, secas.email);
      await secasPage.goto(`${baseUrl}/releases/${releaseId}/dcc-requests`);
      await expectAccessible(secasPage);

      await secasPage.getByLabel('What is the DCC asked for?').fill('Confirm the SIT window');
      await secasPage
        .getByLabel('Section of the Release Implementation Document (optional)')
        .selectOption('b');
      await fillDate(secasPage, 'Due date', '1', '11', '2026');
      await secasPage.getByRole('button', { name: 'Send the request' }).click();
      await expect(secasPage.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'The due date must be today (27 November 2026) or later',
      );
      await expectAccessible(secasPage);

      await fillDate(secasPage, 'Due date', '10', '12', '2026');
      await secasPage.getByRole('button', { name: 'Send the request' }).click();
      await secasPage.getByRole('link', { name: 'Confirm the SIT window' }).click();
      await expect(secasPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Confirm the SIT window',
      );
      await expectAccessible(secasPage);
      const requestUrl = secasPage.url();

      const dccPage = await journey.newPage();
      await signIn(dccPage, baseUrl, dcc.email);
      await dccPage.goto(`${baseUrl}/dcc-requests`);
      await expectAccessible(dccPage);
      await dccPage.goto(requestUrl);
      await dccPage.getByRole('button', { name: 'Send the answer' }).click();
      await expect(dccPage.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'Enter the DCC’s answer',
      );
      await expectAccessible(dccPage);
      await dccPage.getByLabel('The DCC’s answer').fill('SIT runs from 1 March to 30 April 2027.');
      await dccPage.getByRole('button', { name: 'Send the answer' }).click();
      await expect(dccPage.locator('body').textContent()).resolves.toContain(
        'SIT runs from 1 March to 30 April 2027.',
      );
      await expectAccessible(dccPage);
      await dccPage.goto(`${baseUrl}/home`);
      await expectAccessible(dccPage);
    }, 180_000);
  },
);
