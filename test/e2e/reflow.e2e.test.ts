import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../src/demo/demo-people.ts';
import type { Role } from '../../src/modules/identity/identity.ts';
import { chromiumAvailable, launchBrowser } from '../support/browser.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { signIn } from '../support/journey.ts';
import { problemsAtWidths } from '../support/page-checks.ts';

type Reader =
  'public' | Extract<Role, 'panel_chair' | 'code_administrator' | 'party' | 'external_auditor'>;

/** The demo's pages each reader is checked on, with the ids they need. */
interface DemoPages {
  release: number;
  ridVersion: string;
  tadVersion: string;
  modification: number;
}

function pagesFor(reader: Reader, ids: DemoPages): string[] {
  const shared = [
    '/releases',
    `/releases/${ids.release}`,
    `/releases/${ids.release}/rid`,
    ids.ridVersion,
    '/modifications',
    `/modifications/${ids.modification}`,
    '/calendar',
    '/consultations',
    '/meetings',
    '/policy',
    '/rules',
  ];
  if (reader === 'public') return ['/', ...shared];
  const pages = ['/home', ...shared, ids.tadVersion];
  // The audit trail is the Panel's and SECAS's (the auditor reads a release's own records).
  if (reader === 'panel_chair' || reader === 'code_administrator') pages.push('/audit');
  // Opening a consultation: its radios once revealed fields by GOV.UK's script (aria-allowed-attr).
  if (reader === 'code_administrator') pages.push('/consultations/new');
  return pages;
}

describe.runIf(chromiumAvailable())(
  'browser check: the demo\u2019s key pages reflow at 320 px (WCAG 2.2 1.4.10, issue 13)',
  () => {
    let demo: DemoDatabase;
    let app: SecrelApp;
    let baseUrl: string;
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    let ids: DemoPages;

    beforeAll(async () => {
      demo = await givenDemo('pglite');
      const db = demo.ctx.db;
      const rid = await db
        .selectFrom('rid_version')
        .select(['release_id', 'number'])
        .where('status', '=', 'approved')
        .orderBy('release_id')
        .executeTakeFirstOrThrow();
      const tad = await db
        .selectFrom('tad_version')
        .select(['release_id', 'number'])
        .orderBy('release_id')
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow();
      // The modification with the longest history: the widest decisions and timeline tables.
      const modification = await db
        .selectFrom('modification')
        .innerJoin('decision', 'decision.modification_id', 'modification.id')
        .select('modification.id')
        .groupBy('modification.id')
        .orderBy((eb) => eb.fn.countAll(), 'desc')
        .orderBy('modification.id')
        .executeTakeFirstOrThrow();
      ids = {
        release: rid.release_id,
        ridVersion: `/releases/${rid.release_id}/rid/versions/${rid.number}`,
        tadVersion: `/releases/${tad.release_id}/tad/versions/${tad.number}`,
        modification: modification.id,
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

    const readers: { reader: Reader; name: string }[] = [
      { reader: 'public', name: 'the public' },
      { reader: 'panel_chair', name: 'the Panel Chair' },
      { reader: 'code_administrator', name: 'SECAS' },
      { reader: 'party', name: 'a Party' },
      { reader: 'external_auditor', name: 'the auditor' },
    ];

    for (const { reader, name } of readers) {
      it(`WCAG 2.2 1.4.10 and issue 13: as ${name}, no key page scrolls sideways at 1280 or 320 px, and none has a WCAG 2.2 A/AA violation`, async () => {
        const context = await browser.browser.newContext({
          viewport: { width: 1280, height: 900 },
        });
        const page = await context.newPage();
        page.setDefaultTimeout(20_000);
        if (reader !== 'public') {
          const person = DEMO_SIGN_IN_PEOPLE.find((p) => p.role === reader);
          if (!person) throw new Error(`the demo has no ${reader}`);
          await signIn(page, baseUrl, person.email, DEMO_PASSWORD);
        }
        const problems: string[] = [];
        for (const path of pagesFor(reader, ids)) {
          const response = await page.goto(`${baseUrl}${path}`);
          if (response?.status() !== 200) {
            problems.push(`${path}: answered ${response?.status()}`);
            continue;
          }
          problems.push(...(await problemsAtWidths(page, path)));
        }
        await context.close();
        expect(problems).toEqual([]);
      }, 600_000);
    }
  },
);
