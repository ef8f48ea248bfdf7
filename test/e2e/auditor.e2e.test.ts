import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import {
  givenAuditorCast,
  givenReleaseRecords,
  releaseEvents,
  type AuditorCast,
} from '../integration/auditor-fixtures.ts';
import { call } from '../integration/modification-fixtures.ts';
import type { Page } from 'playwright-core';

/** Issue 13 (f349876): a date is asked as day, month and year under its legend. */
async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

describe.runIf(chromiumAvailable())(
  'browser journey D10.11: the Panel’s auditor page and the auditor’s workspace pass axe',
  () => {
    let t: TestApp;
    let c: AuditorCast;
    let baseUrl: string;
    let journey: Journey;

    beforeAll(async () => {
      t = await createTestApp('pglite');
      c = await givenAuditorCast(t);
      await givenReleaseRecords(t, c.audited, 'June');
      const made = await call(
        t,
        c.secas,
        'POST',
        `/api/v1/releases/${c.audited}/auditor/appointments`,
        {
          appointedBy: 'panel',
          organisationId: c.firm,
          termsOfReference: 'Monitor the DCC’s testing.\nReport to the Panel before go-live.',
        },
      );
      const appointment = made.json<{ id: number; version: number }>();
      await call(
        t,
        c.chair,
        'POST',
        `/api/v1/releases/${c.audited}/auditor/appointments/${appointment.id}/approval`,
        { approvedOn: '2026-11-26', version: appointment.version },
      );
      journey = await startJourney(t);
      baseUrl = journey.baseUrl;
    });

    afterAll(() => journey.close());

    it('D10.11: the auditor reads the records, sees a refused request on its field, and asks the DCC; each view is logged', async () => {
      const page = await journey.newPage();
      await signIn(page, baseUrl, c.auditor.email);
      await page.goto(`${baseUrl}/auditor`);
      await expectAccessible(page);
      await page.getByRole('link', { name: 'June 2027 SEC Release' }).click();
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'the auditor’s view',
      );
      await expectAccessible(page);
      await page.getByLabel('Test witnessing').check();
      await page.getByLabel('What you need').fill('Witness the regression run');
      await page.getByRole('button', { name: 'Send the request to the DCC' }).click();
      const summary = page.locator('.govuk-error-summary');
      await expect(summary.getByRole('link').first().getAttribute('href')).resolves.toBe(
        '#access-wantedOn',
      );
      await expectAccessible(page);
      await fillDate(page, 'Date wanted', '12', '1', '2027');
      await page.getByRole('button', { name: 'Send the request to the DCC' }).click();
      await expect(page.locator('.govuk-notification-banner').textContent()).resolves.toContain(
        'has been sent to the DCC',
      );
      await page.context().close();
      // The workspace was opened three times: the link, the refused form, the redirect after sending.
      expect(await releaseEvents(t, c.audited, 'auditor.accessed')).toHaveLength(3);
    });

    it('D10.11: the DCC answers on the release’s auditor page and SECAS sees the access log; both pages pass axe', async () => {
      const dcc = await journey.newPage();
      await signIn(dcc, baseUrl, c.dcc.email);
      await dcc.goto(`${baseUrl}/releases/${c.audited}/auditor`);
      await expectAccessible(dcc);
      await dcc.getByRole('radio', { name: 'Grant' }).check();
      await dcc.getByLabel('How access is given, or why it is refused').fill('Lab 2, Runcorn');
      await dcc.getByRole('button', { name: 'Answer the request' }).click();
      const summary = dcc.locator('.govuk-error-summary');
      await expect(summary.textContent()).resolves.toContain(
        'Enter the date arranged for the visit',
      );
      await expectAccessible(dcc);
      await fillDate(dcc, 'Date arranged (for a visit that is granted)', '12', '1', '2027');
      await dcc.getByRole('button', { name: 'Answer the request' }).click();
      await expect(dcc.locator('.govuk-notification-banner').textContent()).resolves.toContain(
        'has been granted',
      );
      await dcc.context().close();

      const secas = await journey.newPage();
      await signIn(secas, baseUrl, c.secas.email);
      await secas.goto(`${baseUrl}/releases/${c.audited}/auditor`);
      await expect(secas.locator('#access-log').textContent()).resolves.toContain(
        'What the auditor read',
      );
      await expectAccessible(secas);
      await secas.context().close();
    });
  },
);
