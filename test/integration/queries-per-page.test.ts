import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { createApiToken } from '../../src/modules/identity/token.actions.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { countingContext, QueryCounter } from '../support/query-counter.ts';
import { BrowserSession } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

const CHAIR = 'eleanor.hartley@example.org';
const SECAS = 'tom.okafor@example.org';
/** Issue 13: a Party (Albion Power Ltd), whose home page lists appeal windows and its appeals. */
const PARTY = 'james.whitfield@example.org';

type Reader = 'public' | 'chair' | 'secas' | 'party' | 'api';

/** The pages and API lists people live on (issue 12), each read as its real reader. */
const PAGES: readonly { name: string; reader: Reader; url: (ids: Ids) => string }[] = [
  { name: 'the release page (public)', reader: 'public', url: (ids) => `/releases/${ids.release}` },
  { name: 'the release page (Chair)', reader: 'chair', url: (ids) => `/releases/${ids.release}` },
  { name: 'the release page (SECAS)', reader: 'secas', url: (ids) => `/releases/${ids.release}` },
  { name: '/releases', reader: 'public', url: () => '/releases' },
  { name: '/modifications', reader: 'chair', url: () => '/modifications' },
  { name: '/modifications, searched', reader: 'chair', url: () => '/modifications?q=release' },
  {
    name: 'a modification page',
    reader: 'chair',
    url: (ids) => `/modifications/${ids.modification}`,
  },
  { name: 'the RID page', reader: 'public', url: (ids) => `/releases/${ids.release}/rid` },
  { name: 'the Chair’s home page', reader: 'chair', url: () => '/home' },
  { name: 'SECAS’s home page', reader: 'secas', url: () => '/home' },
  { name: 'a Party’s home page', reader: 'party', url: () => '/home' },
  { name: '/audit', reader: 'chair', url: () => '/audit' },
  { name: '/admin/outbox', reader: 'secas', url: () => '/admin/outbox' },
  { name: 'GET /api/v1/releases', reader: 'api', url: () => '/api/v1/releases' },
  {
    name: 'GET /api/v1/releases/:id',
    reader: 'api',
    url: (ids) => `/api/v1/releases/${ids.release}`,
  },
  { name: 'GET /api/v1/modifications', reader: 'api', url: () => '/api/v1/modifications' },
  { name: 'GET /api/v1/audit', reader: 'api', url: () => '/api/v1/audit' },
  { name: 'GET /api/v1/outbox', reader: 'api', url: () => '/api/v1/outbox' },
  { name: 'GET /api/v1/meetings', reader: 'api', url: () => '/api/v1/meetings' },
  { name: 'GET /api/v1/consultations', reader: 'api', url: () => '/api/v1/consultations' },
];

interface Ids {
  release: number;
  modification: number;
}

/** Ad-hoc releases added to the demo's history: Thursdays through 2027 and 2028. */
const MORE_RELEASES = Array.from({ length: 24 }, (_, i) => {
  const day = new Date(Date.UTC(2027, 0, 7 + i * 28));
  return {
    name: `Ad-hoc release ${i + 1}`,
    releaseType: 'ad_hoc',
    goLive: day.toISOString().slice(0, 10),
  };
});

describe.each(ENGINES)(
  'issue 12: the queries a page makes do not grow with the history on %s',
  (engine) => {
    let demo: DemoDatabase;
    let app: SecrelApp;
    const counter = new QueryCounter();
    const readers = {} as Record<
      Reader,
      (url: string) => Promise<{ statusCode: number; body: string }>
    >;
    let ids: Ids;
    const before = new Map<string, number>();
    const after = new Map<string, number>();
    const shown = new Map<string, string>();

    async function countEach(into: Map<string, number>) {
      for (const page of PAGES) {
        const url = page.url(ids);
        await readers[page.reader](url); // a first read may fill per-process caches
        counter.reset();
        const response = await readers[page.reader](url);
        expect(response.statusCode, `${page.name} (${url})`).toBe(200);
        into.set(page.name, counter.count);
        shown.set(page.name, counter.queries.join('\n'));
      }
    }

    beforeAll(async () => {
      demo = await givenDemo(engine);
      app = await buildApp(countingContext(demo.ctx, counter));
      await app.ready();
      const sessions = {
        public: new BrowserSession(app),
        chair: new BrowserSession(app),
        secas: new BrowserSession(app),
        party: new BrowserSession(app),
      };
      await sessions.chair.signIn(CHAIR, DEMO_PASSWORD);
      await sessions.secas.signIn(SECAS, DEMO_PASSWORD);
      await sessions.party.signIn(PARTY, DEMO_PASSWORD);
      const secasId = (
        await demo.ctx.db
          .selectFrom('app_user')
          .select('id')
          .where('email', '=', SECAS)
          .executeTakeFirstOrThrow()
      ).id;
      const { token } = await createApiToken(demo.ctx, SYSTEM_ACTOR, secasId, 'queries per page');
      const authorization = `Bearer ${token}`;
      readers.public = (url) => sessions.public.get(url);
      readers.chair = (url) => sessions.chair.get(url);
      readers.secas = (url) => sessions.secas.get(url);
      readers.party = (url) => sessions.party.get(url);
      readers.api = (url) => app.inject({ url, headers: { authorization } });
      const release = await demo.ctx.db
        .selectFrom('release')
        .select('id')
        .where('name', '=', 'February 2027 SEC Release')
        .executeTakeFirstOrThrow();
      const modification = await demo.ctx.db
        .selectFrom('modification')
        .select('id')
        .where('reference', '=', 'MP143')
        .executeTakeFirstOrThrow();
      ids = { release: release.id, modification: modification.id };
      await countEach(before);

      // Ten years on: many more releases (open ones, in the two-year timeline) and modifications.
      const post = (url: string, payload: object) =>
        app.inject({ method: 'POST', url, payload, headers: { authorization } });
      for (const release of MORE_RELEASES) {
        const response = await post('/api/v1/releases', release);
        expect(response.statusCode, response.body).toBe(201);
      }
      const proposer = await demo.ctx.db
        .selectFrom('organisation')
        .select('id')
        .where('name', '=', 'Albion Power Ltd')
        .executeTakeFirstOrThrow();
      for (let i = 0; i < 30; i += 1) {
        const response = await post('/api/v1/modifications', {
          reference: `MP${900 + i}`,
          title: `Release change ${i + 1}`,
          path: i % 2 === 0 ? 'path3' : 'path2',
          proposerOrgId: proposer.id,
        });
        expect(response.statusCode, response.body).toBe(201);
      }
      await countEach(after);
    }, 300_000);

    afterAll(async () => {
      await app.close();
      await demo.close();
    });

    it.each(['the release page (public)', 'the release page (Chair)', 'the RID page'])(
      '%s reads the release, the calendar’s overrides and the Policy versions once (one read scope per request)',
      (name) => {
        const queries = shown.get(name)?.split('\n') ?? [];
        for (const table of ['release', 'calendar_override', 'policy_version'])
          expect(
            queries.filter((q) => q === `SelectQueryNode ${table}`).length,
            `${name}: ${table}`,
          ).toBeLessThanOrEqual(1);
      },
    );

    it('issue 13: the Party’s home page counted is the one with its open appeal window and its own appeal', async () => {
      const page = await readers.party('/home');
      const body = page.body;
      expect(body).toContain('Appeal window open');
      expect(body).toContain('Your organisation’s appeal against RID version');
    });

    it.each(PAGES.map((page) => page.name))(
      '%s: the same number of queries with 24 more releases and 30 more modifications',
      (name) => {
        expect(after.get(name), `${name} now runs:\n${shown.get(name)}`).toBe(before.get(name));
      },
    );
  },
);
