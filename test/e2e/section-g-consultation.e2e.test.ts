import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { expectAccessible, type Journey, signIn, startJourney } from '../support/journey.ts';
import { givenCatalogue, SECTION_G_REASON } from '../support/refinement-fixtures.ts';
import {
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';

describe.runIf(chromiumAvailable())(
  'browser journey D6.8(g): SECAS records a Section G modification and the Panel sees the Security Sub-Committee must be consulted',
  () => {
    let testApp: TestApp;
    let secas: TestUser;
    let panelMember: TestUser;
    let baseUrl: string;
    let journey: Journey;

    beforeAll(async () => {
      testApp = await createTestApp('pglite');
      testApp.clock.set(new Date().toISOString());
      await givenCatalogue(testApp.ctx);
      await givenOrganisation(testApp.ctx, 'Northwind Energy plc', 'party', 'large_supplier');
      secas = await givenUser(testApp.ctx, 'code_administrator');
      panelMember = await givenUser(testApp.ctx, 'panel_member');
      journey = await startJourney(testApp);
      baseUrl = journey.baseUrl;
    });

    afterAll(() => journey.close());

    it('D6.8(g): the refinement page names the Security Sub-Committee as mandatory, with the rule that fired', async () => {
      const secasPage = await journey.newPage();
      await signIn(secasPage, baseUrl, secas.email);
      await secasPage.goto(`${baseUrl}/modifications/new`);
      await secasPage.getByLabel('Reference').fill('MP300');
      // f349876: the form's document search box is labelled 'Find a document by its code or title'.
      await secasPage
        .getByLabel('Title', { exact: true })
        .fill('Clarify Section G security incident reporting');
      await secasPage
        .getByLabel('Summary')
        .fill('Parties must report security incidents within 24 hours.');
      await secasPage
        .getByLabel('Proposer', { exact: true })
        .selectOption({ label: 'Northwind Energy plc' });
      await secasPage.getByLabel('Path 3: Self-Governance').check();
      // f349876: the documents are grouped by kind, each group folded away until opened.
      await secasPage.locator('summary', { hasText: 'Sections of the Code' }).click();
      await secasPage.getByRole('checkbox', { name: /Section G/ }).check();
      await secasPage.getByRole('button', { name: 'Raise modification' }).click();
      await secasPage.waitForURL(/\/modifications\/\d+$/);
      const modificationUrl = secasPage.url();
      await expect(secasPage.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
        'Clarify Section G security incident reporting',
      );
      await expect(secasPage.getByText('MP300').first().isVisible()).resolves.toBe(true);

      await secasPage.getByLabel('Refinement Process').check();
      await secasPage
        .getByLabel('Reason')
        .first()
        .fill('Panel of 11 December 2026 sent it to a Working Group');
      await secasPage.getByRole('button', { name: 'Record the step' }).click();
      await expect(secasPage.getByText('Refinement Process').first().isVisible()).resolves.toBe(
        true,
      );
      await secasPage.context().close();

      const panelPage = await journey.newPage();
      await signIn(panelPage, baseUrl, panelMember.email);
      await panelPage.goto(`${modificationUrl}/refinement`);
      const card = panelPage.locator('#view-security_sub_committee');
      await expect(card.textContent()).resolves.toContain('Security Sub-Committee');
      await expect(card.textContent()).resolves.toContain('Mandatory');
      await expect(card.textContent()).resolves.toContain(SECTION_G_REASON);
      await expectAccessible(panelPage);
      await panelPage.context().close();

      const row = await testApp.ctx.db
        .selectFrom('modification')
        .select(['status', 'reference'])
        .where('reference', '=', 'MP300')
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('refinement');
    });
  },
);
