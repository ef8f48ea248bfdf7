import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, startJourney } from '../support/journey.ts';
import { createTestApp } from '../support/test-app.ts';

describe.runIf(chromiumAvailable())(
  'browser journey: the public reads how secrel reads the Code',
  () => {
    let journey: Journey;

    beforeAll(async () => {
      journey = await startJourney(await createTestApp('pglite'));
    });

    afterAll(() => journey.close());

    it('Ruling 19: from the footer, anyone reaches /rules, each ruling has its anchor, and the page has no WCAG 2.2 A/AA violations', async () => {
      const page = await journey.newPage();
      await page.goto(`${journey.baseUrl}/`);
      await page
        .getByRole('contentinfo')
        .getByRole('link', { name: 'How secrel reads the Code' })
        .click();
      await page.waitForURL(`${journey.baseUrl}/rules`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'How secrel reads the Code',
      );
      await page.getByRole('link', { name: 'Ruling 5: The RID freeze' }).click();
      await page.waitForURL(`${journey.baseUrl}/rules#ruling-5`);
      await expect(page.locator('#ruling-5').textContent()).resolves.toBe(
        'Ruling 5: The RID freeze',
      );
      await expect(page.locator('[id^="ruling-"]').count()).resolves.toBe(19);
      await expectAccessible(page);
      await page.context().close();
    });
  },
);
