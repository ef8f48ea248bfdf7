import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, startJourney } from '../support/journey.ts';
import {
  createTestApp,
  givenUser,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

describe.runIf(chromiumAvailable())('browser journey: sign in as the Panel Chair', () => {
  let testApp: TestApp;
  let chair: TestUser;
  let baseUrl: string;
  let journey: Journey;

  beforeAll(async () => {
    testApp = await createTestApp('pglite');
    testApp.clock.set(new Date().toISOString());
    chair = await givenUser(testApp.ctx, 'panel_chair', { email: 'chair@example.org' });
    journey = await startJourney(testApp);
    baseUrl = journey.baseUrl;
  });

  afterAll(() => journey.close());

  it('the public landing page has no WCAG 2.2 A/AA violations', async () => {
    const page = await (await journey.browser.newContext()).newPage();
    await page.goto(`${baseUrl}/`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'SEC Release Management',
    );
    await expectAccessible(page);
    await page.context().close();
  });

  it('the Panel Chair signs in, reaches the home page, and sign-in and home pages have no violations', async () => {
    const page = await (await journey.browser.newContext()).newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await expectAccessible(page);
    await page.getByLabel('E-mail address').fill(chair.email);
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/home`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'What needs your attention',
    );
    await expect(page.getByText('Panel Chair').first().isVisible()).resolves.toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  it('a wrong password keeps the Chair on the sign-in page with an error summary', async () => {
    const page = await (await journey.browser.newContext()).newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('E-mail address').fill(chair.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('password is not right');
    expect(page.url()).toBe(`${baseUrl}/sign-in`);
    await expectAccessible(page);
    await page.context().close();
  });
});
