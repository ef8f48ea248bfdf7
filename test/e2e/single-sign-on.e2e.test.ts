import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, startJourney } from '../support/journey.ts';
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { createTestApp, givenUser, type TestApp, type TestUser } from '../support/test-app.ts';

describe.runIf(chromiumAvailable())(
  'browser journey: issue 11, sign in with single sign-on',
  () => {
    let testApp: TestApp;
    let chair: TestUser;
    let journey: Journey;
    let provider: TestOidcProvider;
    let baseUrl: string;

    beforeAll(async () => {
      testApp = await createTestApp('pglite');
      testApp.clock.set(new Date().toISOString());
      chair = await givenUser(testApp.ctx, 'panel_chair', { email: 'chair@example.org' });
      journey = await startJourney(testApp);
      baseUrl = journey.baseUrl;
      // The provider needs secrel's redirect URI, known once secrel listens; then secrel learns
      // the provider's issuer (the sign-in pages read the configuration on each request).
      provider = await startOidcProvider(`${baseUrl}/sign-in/oidc/callback`, {
        chair: { email: chair.email, email_verified: true, name: 'Panel Chair' },
        stranger: { email: 'stranger@example.org', email_verified: true },
      });
      testApp.ctx.config.publicUrl = baseUrl;
      testApp.ctx.config.oidc = provider.config;
      // The first page compiles the templates and styles: let it take its time once, here.
      const warm = await journey.newPage();
      await warm.goto(`${baseUrl}/sign-in`, { timeout: 60_000 });
      await warm.context().close();
    }, 120_000);

    afterAll(async () => {
      await journey.close();
      await provider.close();
    });

    /** From secrel's sign-in page, through the provider's own sign-in page, back to secrel. */
    async function signInAtProvider(page: Page, login: string): Promise<void> {
      await page.goto(`${baseUrl}/sign-in`);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Sign in with Test Provider', exact: true }).click();
      await page.waitForURL(`${provider.issuer}/interaction/**`);
      await page.getByLabel('Login').fill(login);
      await page.getByRole('button', { name: 'Continue' }).click();
    }

    it('the Panel Chair signs in through the provider and reaches the home page with their role', async () => {
      const page = await journey.newPage();
      await signInAtProvider(page, 'chair');
      await page.waitForURL(`${baseUrl}/home`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'What needs your attention',
      );
      await expect(page.getByText('Panel Chair').first().isVisible()).resolves.toBe(true);
      await expectAccessible(page);
      await page.context().close();
    });

    it('someone the provider knows but SECAS never gave an account is refused with a clear page', async () => {
      const page = await journey.newPage();
      await signInAtProvider(page, 'stranger');
      await page.waitForURL(`${baseUrl}/sign-in/oidc/callback**`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'You have not been signed in',
      );
      await expect(page.getByTestId('sso-refusal').textContent()).resolves.toContain(
        'There is no account with your e-mail address',
      );
      await expectAccessible(page);
      await page.getByRole('link', { name: 'Go back to sign in' }).click();
      await page.waitForURL(`${baseUrl}/sign-in`);
      await page.context().close();
    });
  },
);
