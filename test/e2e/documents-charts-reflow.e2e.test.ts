import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../src/demo/demo-people.ts';
import { HISTORIC_RELEASES } from '../../src/demo/demo-modification-history.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { signIn } from '../support/journey.ts';
import { problemsAtWidths } from '../support/page-checks.ts';

/** The demo's pages added for issue 13 that the key-page check (reflow.e2e.test.ts) leaves out. */
interface IssuePages {
  /** Open to the public: search results, the Policy and RID documents to print, the testing chart. */
  public: string[];
  /** For the Panel: the draft Policy's redline, the cost charts and the cost report. */
  panel: string[];
}

describe.runIf(chromiumAvailable())(
  'browser check, issue 13: search results, documents to print and the bar charts pass axe and reflow at 1280 and 320 px (WCAG 2.2 1.4.10)',
  () => {
    let demo: DemoDatabase;
    let app: SecrelApp;
    let baseUrl: string;
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    let pages: IssuePages;

    beforeAll(async () => {
      demo = await givenDemo('pglite');
      const db = demo.ctx.db;
      const releaseId = async (name: string) =>
        (
          await db
            .selectFrom('release')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirstOrThrow()
        ).id;
      const february = await releaseId('February 2027 SEC Release');
      const june = await releaseId('June 2027 SEC Release');
      const lastLive = HISTORIC_RELEASES.at(-1);
      if (!lastLive) throw new Error('the demo has no historic release');
      const historic = await releaseId(lastLive.name);
      const policies = await db
        .selectFrom('policy_version')
        .select('id')
        .orderBy('number')
        .execute();
      const [olderPolicy, newerPolicy] = policies.slice(-2);
      // The demo's Policy: version 1 in force, version 2 a draft (the Panel's to read).
      if (!olderPolicy || !newerPolicy) throw new Error('the demo has fewer than two Policies');
      // A release whose RID has two published versions: the redline between them.
      const ridVersions = await db
        .selectFrom('rid_version')
        .select(['release_id', 'number'])
        .where('status', 'in', ['approved', 'superseded'])
        .orderBy('release_id')
        .orderBy('number')
        .execute();
      const twice = ridVersions.find((v, i) => ridVersions[i + 1]?.release_id === v.release_id);
      if (!twice) throw new Error('no demo release has two published RID versions');
      const approved = ridVersions.at(-1);
      if (!approved) throw new Error('the demo has no published RID version');
      pages = {
        public: [
          '/search?q=February',
          '/policy/document',
          `/policy/versions/${olderPolicy.id}/document`,
          `/releases/${approved.release_id}/rid/versions/${approved.number}/document`,
          `/releases/${twice.release_id}/rid/redline/document?from=${twice.number}&to=${twice.number + 1}`,
          `/releases/${february}/testing`,
        ],
        panel: [
          `/policy/redline/document?from=${olderPolicy.id}&to=${newerPolicy.id}`,
          `/releases/${june}/costs`,
          `/releases/${historic}/costs`,
          `/releases/${historic}/cost-report`,
        ],
      };
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

    for (const reader of ['the public', 'the Panel Chair'] as const) {
      it(`WCAG 2.2 1.4.10 and A/AA, issue 13: as ${reader}, search results, the documents to print and the charts neither scroll sideways nor fail axe at 1280 or 320 px`, async () => {
        const context = await browser.browser.newContext({
          viewport: { width: 1280, height: 900 },
        });
        const page = await context.newPage();
        page.setDefaultTimeout(20_000);
        let paths = pages.public;
        if (reader === 'the Panel Chair') {
          const chair = DEMO_SIGN_IN_PEOPLE.find((p) => p.role === 'panel_chair');
          if (!chair) throw new Error('the demo has no Panel Chair');
          await signIn(page, baseUrl, chair.email, DEMO_PASSWORD);
          paths = [...pages.public, ...pages.panel];
        }
        const problems: string[] = [];
        for (const path of paths) {
          const response = await page.goto(`${baseUrl}${path}`);
          if (response?.status() !== 200) {
            problems.push(`${path}: answered ${response?.status()}`);
            continue;
          }
          problems.push(...(await problemsAtWidths(page, path)));
        }
        // The pages are what they claim: results found, a chart drawn.
        await page.goto(`${baseUrl}/search?q=February`);
        expect(await page.locator('.secrel-search-results li').count()).toBeGreaterThan(0);
        await page.goto(`${baseUrl}${pages.public.at(-1) ?? ''}`);
        expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
        await context.close();
        expect(problems).toEqual([]);
      }, 900_000);
    }
  },
);
