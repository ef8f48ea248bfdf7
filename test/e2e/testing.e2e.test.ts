import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { call } from '../integration/modification-fixtures.ts';
import { givenTestingWorld, type TestingWorld } from '../integration/testing-fixtures.ts';

describe.runIf(chromiumAvailable())(
  'browser journey D10.13(c), D10.16: the DCC testing pages pass axe (WCAG 2.2 AA)',
  () => {
    let t: TestApp;
    let w: TestingWorld;
    let baseUrl: string;
    let journey: Journey;
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
      journey = await startJourney(t);
      baseUrl = journey.baseUrl;
    });

    afterAll(() => journey.close());

    it('D10.16: the testing page (public and DCC), the phase page and a refused results form pass axe', async () => {
      const page = await journey.newPage();
      await page.goto(`${baseUrl}/releases/${w.february}/testing`);
      await expectAccessible(page);
      await signIn(page, baseUrl, w.dcc.email);
      await page.goto(`${baseUrl}/releases/${w.february}/testing`);
      await expect(page.getByText('Missing').first().isVisible()).resolves.toBe(true);
      await expectAccessible(page);
      await page.goto(`${baseUrl}/releases/${w.february}/testing/phases/${sitId}`);
      await expectAccessible(page);
      await page.getByLabel('Tests failed').fill('-1');
      await page.getByRole('button', { name: 'Record results' }).click();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'tests failed as a whole number',
      );
      await expectAccessible(page);
      await page.context().close();
    }, 90_000);

    it('D10.13(c): the report form, refused for a missing measure, and a submitted report pass axe', async () => {
      const page = await journey.newPage();
      await signIn(page, baseUrl, w.dcc.email);
      await page.goto(`${baseUrl}/releases/${w.february}/testing/reports/2026-10-29`);
      await expectAccessible(page);
      await page.getByLabel('SIT test cases passed (%)').fill('93');
      await page.getByLabel('Summary of progress to readiness').fill('On track');
      await page.getByRole('button', { name: 'Submit readiness report' }).click();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'missing: Open critical defects; Environments ready',
      );
      await expectAccessible(page);
      await page.goto(`${baseUrl}/releases/${w.february}/testing/reports/2026-10-15`);
      await expect(page.getByText('SIT started').isVisible()).resolves.toBe(true);
      await expectAccessible(page);
      await page.context().close();
    }, 90_000);

    it('D10.8(e), D10.13(f): the go-live page with the RID’s criteria and evidence links passes axe', async () => {
      const page = await journey.newPage();
      await signIn(page, baseUrl, w.c.chair.email);
      await page.goto(`${baseUrl}/releases/${w.february}/go-live`);
      await expect(
        page.getByText('GL1: DCC SIT complete with no open critical defects').isVisible(),
      ).resolves.toBe(true);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Record the go-live decision' }).click();
      // The refused form comes back with its error summary: wait for that page, not the one before.
      await page.locator('.govuk-error-summary').waitFor({ state: 'visible' });
      await expectAccessible(page);
      await page.context().close();
    }, 90_000);
  },
);
