import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser } from './browser.ts';
import { TEST_PASSWORD, type TestApp } from './test-app.ts';

/** The axe tags every page is checked against: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** A browser journey over a test app listening on a free local port. */
export interface Journey {
  baseUrl: string;
  browser: Browser;
  /** A page in a fresh browser context (its own cookies), waiting at most 10 s for anything. */
  newPage(): Promise<Page>;
  /** Closes the browser, then the test app. */
  close(): Promise<void>;
}

/** Starts `testApp` listening on 127.0.0.1 and launches Chromium for it. */
export async function startJourney(testApp: TestApp): Promise<Journey> {
  const baseUrl = await testApp.app.listen({ host: '127.0.0.1', port: 0 });
  const { browser, close: closeBrowser } = await launchBrowser();
  return {
    baseUrl,
    browser,
    newPage: async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    close: async () => {
      await closeBrowser();
      await testApp.close();
    },
  };
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(
  page: Page,
  baseUrl: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/home`);
}

/** The page's axe violations of WCAG 2.2 A/AA, each as `rule: help (the elements)`. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze();
  return result.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}

/** Asserts the page, as it is now, has no axe violations of WCAG 2.2 A/AA. */
export async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}
