import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../src/demo/demo-people.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { signIn } from '../support/journey.ts';
import { problemsAtWidths } from '../support/page-checks.ts';

/**
 * The demo on Friday 8 January 2027: the February 2027 release's DCC testing (RID) window ended on
 * 7 January with no results recorded, so the release is late (D10.8(b)).
 */
const LATE_DAY = '2027-01-08T10:00:00Z';
const LATE_RELEASE = 'February 2027 SEC Release';

/** The text of the element, its spaces collapsed. */
async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe.runIf(chromiumAvailable())(
  'browser journey D10.8(b), issue 13: the Panel Chair finds the late releases from /releases',
  () => {
    let demo: DemoDatabase;
    let app: SecrelApp;
    let baseUrl: string;
    let browser: Awaited<ReturnType<typeof launchBrowser>>;

    beforeAll(async () => {
      demo = await givenDemo('pglite');
      demo.clock.set(LATE_DAY);
      app = await buildApp(demo.ctx);
      // The stylesheet compiles on its first request: not inside a page's load timeout.
      await app.inject({ method: 'GET', url: '/static/secrel.css' });
      baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
      browser = await launchBrowser();
    }, 600_000);

    afterAll(async () => {
      await browser.close();
      await app.close();
      await demo.close();
    });

    it('D10.8(b): the Chair signs in, opens Releases, sees which releases are late, opens one and reads what is late and who must act; every page passes axe and reflows at 1280 and 320 px', async () => {
      const chair = DEMO_SIGN_IN_PEOPLE.find((p) => p.role === 'panel_chair');
      if (!chair) throw new Error('the demo has no Panel Chair');
      const context = await browser.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const problems: string[] = [];

      await page.goto(`${baseUrl}/sign-in`);
      problems.push(...(await problemsAtWidths(page, '/sign-in')));
      await signIn(page, baseUrl, chair.email, DEMO_PASSWORD);
      problems.push(...(await problemsAtWidths(page, '/home')));

      // The Chair goes to Releases from the service navigation.
      await page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Releases' })
        .click();
      await page.waitForURL(`${baseUrl}/releases`);
      problems.push(...(await problemsAtWidths(page, '/releases')));

      // The release-health column names the late releases; the February 2027 release is one.
      const rows = page
        .getByRole('table', { name: 'All SEC Releases by go-live date' })
        .locator('tbody tr');
      const late: string[] = [];
      for (const row of await rows.all()) {
        const cells = (await row.locator('th, td').allTextContents()).map((c) =>
          c.replace(/\s+/g, ' ').trim(),
        );
        if (cells[4] === 'Late') late.push(cells[0] ?? '');
      }
      expect(late).toContain(LATE_RELEASE);
      const row = rows.filter({ hasText: LATE_RELEASE });
      await expect(row.getByText('DCC testing (RID) is late').isVisible()).resolves.toBe(true);

      // Its "late" link opens the release at its health summary.
      await row.getByRole('link', { name: 'DCC testing (RID) is late' }).click();
      await page.waitForURL(/\/releases\/\d+#release-health$/);
      const releasePath = new URL(page.url()).pathname;
      const summary = await textOf(page, '#release-health');
      expect(summary).toContain('Release health: Late');
      expect(summary).toContain('Status In test');
      const lateRow = await textOf(
        page,
        '#release-health .govuk-summary-list__row:has(dt:text-is("Late"))',
      );
      expect(lateRow).toContain('DCC testing (RID)');
      expect(lateRow).toContain('23 November 2026 to 7 January 2027');
      expect(lateRow).toContain(
        'The DCC must run DCC System Integration Testing and record its results',
      );
      problems.push(...(await problemsAtWidths(page, releasePath)));

      // The breadcrumbs lead back to the list.
      await page
        .getByRole('navigation', { name: 'Breadcrumb' })
        .getByRole('link', { name: 'Releases' })
        .click();
      await page.waitForURL(`${baseUrl}/releases`);

      await context.close();
      expect(problems).toEqual([]);
    }, 600_000);
  },
);
