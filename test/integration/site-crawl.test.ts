import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../src/demo/demo-people.ts';
import type { Role } from '../../src/modules/identity/identity.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { CrawlReader, crawlSite, type CrawlResult } from '../support/site-crawl.ts';
import { ENGINES } from '../support/test-db.ts';

/** Pages visited per reader at most: the demo's site, breadth-first from the reader's home. */
const PAGES_PER_READER = 400;

type Reader = Role | 'public';

const READERS: { reader: Reader; email: string | null }[] = [
  { reader: 'public', email: null },
  ...DEMO_SIGN_IN_PEOPLE.map((person) => ({ reader: person.role, email: person.email })),
];

/**
 * Confidential text planted in the demo, and the readers who must never see it (the demo's
 * Party person, of Albion Power, lodged the appeal; the DCC gave the confidential response).
 */
const MARKERS: { marker: string; clause: string; hiddenFrom: Reader[] }[] = [
  {
    marker: 'MARKER-CONFIDENTIAL-RESPONSE',
    clause: 'a confidential consultation response (the Panel, SECAS, the Authority and its giver)',
    hiddenFrom: ['public', 'party', 'external_auditor', 'sub_committee_member'],
  },
  {
    marker: 'MARKER-APPEAL-REASONS',
    clause: 'D10.17 appeal reasons (the Panel, SECAS, the Authority, the DCC and the appellant)',
    hiddenFrom: ['public', 'external_auditor', 'sub_committee_member'],
  },
  {
    marker: 'MARKER-DCC-REQUEST',
    clause:
      'D10.10 information requests (the Panel, SECAS, the DCC, the Authority, and under D10.11 the auditor of the release)',
    hiddenFrom: ['public', 'party', 'sub_committee_member'],
  },
  {
    marker: 'MARKER-COST-NOTE',
    clause: 'D10.8(d) release costs (the Panel, SECAS, the Authority and the DCC)',
    hiddenFrom: ['public', 'party', 'external_auditor', 'sub_committee_member'],
  },
  {
    marker: 'MARKER-READINESS-SUMMARY',
    clause:
      'D10.16 readiness report content (the Panel, SECAS, the DCC, the Authority, the auditor)',
    hiddenFrom: ['public', 'party', 'sub_committee_member'],
  },
];

/** Plants each marker in its confidential field of the demo's data. */
async function plantMarkers(demo: DemoDatabase): Promise<void> {
  const db = demo.ctx.db;
  const planted = await Promise.all([
    db
      .updateTable('consultation_response')
      .set({
        answers: JSON.stringify([{ questionId: 'q1', text: 'MARKER-CONFIDENTIAL-RESPONSE' }]),
      })
      .where('confidential', '=', true)
      .executeTakeFirst(),
    db.updateTable('rid_appeal').set({ reasons: 'MARKER-APPEAL-REASONS' }).executeTakeFirst(),
    db.updateTable('dcc_info_request').set({ detail: 'MARKER-DCC-REQUEST' }).executeTakeFirst(),
    db.updateTable('cost_line').set({ note: 'MARKER-COST-NOTE' }).executeTakeFirst(),
    db
      .updateTable('readiness_report')
      .set({ summary: sql<string>`'MARKER-READINESS-SUMMARY'` })
      .executeTakeFirst(),
  ]);
  for (const result of planted) expect(Number(result.numUpdatedRows)).toBeGreaterThan(0);
}

/**
 * Issue 13: every reader — the public and one person of each role — follows every link from
 * their home page over real HTTP. No link leads to a page its reader cannot open (sign-in, 403,
 * 404) or fails (5xx), no page shows raw codes or ISO dates in its prose, and confidential
 * material never reaches a reader it is not for.
 */
describe.each(ENGINES)('the site crawled as each reader on %s', (engine) => {
  let demo: DemoDatabase;
  let app: SecrelApp;
  let baseUrl: string;
  const crawls = new Map<Reader, Promise<CrawlResult & { seen: Map<string, string> }>>();

  beforeAll(async () => {
    demo = await givenDemo(engine);
    await plantMarkers(demo);
    app = await buildApp(demo.ctx);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await demo.close();
  });

  /** One crawl per reader, shared by the tests: which marker was seen on which page. */
  function crawlAs(reader: Reader, email: string | null) {
    let crawl = crawls.get(reader);
    if (!crawl) {
      crawl = (async () => {
        const client = new CrawlReader(baseUrl);
        if (email) await client.signIn(email, DEMO_PASSWORD);
        const seen = new Map<string, string>();
        const result = await crawlSite(
          client,
          email ? '/home' : '/',
          PAGES_PER_READER,
          (url, html) => {
            for (const { marker } of MARKERS)
              if (html.includes(marker) && !seen.has(marker)) seen.set(marker, url);
          },
        );
        return { ...result, seen };
      })();
      crawls.set(reader, crawl);
    }
    return crawl;
  }

  it.each(READERS)(
    'as $reader: every link leads to a page the reader can open',
    async ({ reader, email }) => {
      const { visited, problems } = await crawlAs(reader, email);
      expect(visited.length).toBeGreaterThan(email ? 20 : 10);
      expect(
        problems.filter((p) => p.kind === 'link').map((p) => `${p.url}: ${p.problem}`),
      ).toEqual([]);
    },
    600_000,
  );

  it.each(READERS)(
    'as $reader: confidential material never reaches a reader it is not for',
    async ({ reader, email }) => {
      const { seen } = await crawlAs(reader, email);
      const leaks = MARKERS.filter((m) => m.hiddenFrom.includes(reader) && seen.has(m.marker));
      expect(leaks.map((m) => `${m.clause} on ${seen.get(m.marker) ?? ''}`)).toEqual([]);
    },
    600_000,
  );

  it('the planted confidential material is on pages its readers do reach (the check above can fail)', async () => {
    const all = await Promise.all(READERS.map(({ reader, email }) => crawlAs(reader, email)));
    for (const { marker } of MARKERS)
      expect(
        all.some((crawl) => crawl.seen.has(marker)),
        marker,
      ).toBe(true);
  }, 600_000);

  it.each(READERS)(
    'as $reader: every page reads in words (no raw codes, ISO dates or "(s)")',
    async ({ reader, email }) => {
      const { problems } = await crawlAs(reader, email);
      expect(
        problems.filter((p) => p.kind === 'words').map((p) => `${p.url}: ${p.problem}`),
      ).toEqual([]);
    },
    600_000,
  );
});
