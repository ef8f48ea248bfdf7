import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';
import { BrowserSession } from '../support/test-app.ts';

const CHAIR = 'eleanor.hartley@example.org';
const PARTY = 'james.whitfield@example.org';
const SECAS = 'tom.okafor@example.org';

/** A page's breadcrumbs as `text → href` lines; none when it has no breadcrumbs. */
function breadcrumbs(body: string): string[] {
  const start = body.indexOf('class="govuk-breadcrumbs');
  if (start < 0) return [];
  const nav = body.slice(start).split('</nav>')[0] ?? '';
  return [...nav.matchAll(/<a class="govuk-breadcrumbs__link" href="([^"]*)">([^<]*)<\/a>/g)].map(
    (match) => `${(match[2] ?? '').trim()} → ${match[1] ?? ''}`,
  );
}

/** The header's search form: a GET form to /search with a labelled box. */
function headerSearch(body: string): string {
  return body.slice(body.indexOf('<header'), body.indexOf('</header>'));
}

describe.each(ENGINES)('issue 13: breadcrumbs and the header search on %s', (engine) => {
  let demo: DemoDatabase;
  let app: SecrelApp;
  let release: number;
  let rid: { release: number; number: number };
  let modification: { id: number; reference: string };
  let meeting: number;

  beforeAll(async () => {
    demo = await givenDemo(engine);
    app = await buildApp(demo.ctx);
    await app.ready();
    const db = demo.ctx.db;
    release = (
      await db
        .selectFrom('release')
        .select('id')
        .where('name', '=', 'February 2027 SEC Release')
        .executeTakeFirstOrThrow()
    ).id;
    const version = await db
      .selectFrom('rid_version')
      .select(['release_id', 'number'])
      .where('status', '=', 'approved')
      .orderBy('release_id')
      .executeTakeFirstOrThrow();
    rid = { release: version.release_id, number: version.number };
    modification = await db
      .selectFrom('modification')
      .select(['id', 'reference'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    meeting = (
      await db.selectFrom('panel_meeting').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
  }, 240_000);

  afterAll(async () => {
    await app.close();
    await demo.close();
  });

  it('issue 13: a release’s sub-pages lead back through the release, named, to the list and the public home page', async () => {
    const testing = await app.inject({ method: 'GET', url: `/releases/${release}/testing` });
    expect(testing.statusCode).toBe(200);
    expect(breadcrumbs(testing.body)).toEqual([
      'Home → /',
      'Releases → /releases',
      `February 2027 SEC Release → /releases/${release}`,
    ]);
    const version = await app.inject({
      method: 'GET',
      url: `/releases/${rid.release}/rid/versions/${rid.number}`,
    });
    expect(version.statusCode).toBe(200);
    const trail = breadcrumbs(version.body);
    expect(trail.slice(0, 2)).toEqual(['Home → /', 'Releases → /releases']);
    expect(trail[2]).toMatch(
      new RegExp(`^[A-Z][a-z]+ \\d{4} SEC Release → /releases/${rid.release}$`),
    );
    expect(trail[3]).toBe(`Release Implementation Document → /releases/${rid.release}/rid`);
    expect(trail).toHaveLength(4);
    // The version's page to print names its release too, not "The release".
    const document = await app.inject({
      method: 'GET',
      url: `/releases/${rid.release}/rid/versions/${rid.number}/document`,
    });
    expect(document.statusCode).toBe(200);
    expect(breadcrumbs(document.body)[2]).toBe(trail[2]);
    expect(document.body).not.toContain('>The release</a>');
  });

  it('issue 13: a modification’s pages, a meeting and a Code version have breadcrumbs; top-level pages have none', async () => {
    const page = await app.inject({ method: 'GET', url: `/modifications/${modification.id}` });
    expect(breadcrumbs(page.body)).toEqual(['Home → /', 'Modifications → /modifications']);
    const chair = new BrowserSession(app);
    await chair.signIn(CHAIR, DEMO_PASSWORD);
    const secas = new BrowserSession(app);
    await secas.signIn(SECAS, DEMO_PASSWORD);
    const documents = await secas.get(`/modifications/${modification.id}/documents`);
    expect(documents.statusCode).toBe(200);
    expect(breadcrumbs(documents.body)).toEqual([
      'Home → /home',
      'Modifications → /modifications',
      `${modification.reference} → /modifications/${modification.id}`,
    ]);
    const meetingPage = await chair.get(`/meetings/${meeting}`);
    expect(meetingPage.statusCode).toBe(200);
    expect(breadcrumbs(meetingPage.body)).toEqual(['Home → /home', 'Panel meetings → /meetings']);
    const code = (await chair.get('/code')).body;
    const version = /href="(\/code\/versions\/\d+)"/.exec(code)?.[1] ?? '';
    expect(version).not.toBe('');
    const versionPage = await chair.get(version);
    expect(versionPage.statusCode).toBe(200);
    expect(breadcrumbs(versionPage.body)).toEqual(['Home → /home', 'The Code → /code']);
    for (const top of ['/releases', '/modifications', '/home', '/meetings'])
      expect(breadcrumbs((await chair.get(top)).body), top).toEqual([]);
  });

  it('issue 13: every breadcrumb opens for its reader: a Party on a RID version, the Chair on a release’s costs', async () => {
    const party = new BrowserSession(app);
    await party.signIn(PARTY, DEMO_PASSWORD);
    const version = await party.get(`/releases/${rid.release}/rid/versions/${rid.number}`);
    expect(version.statusCode).toBe(200);
    for (const line of breadcrumbs(version.body)) {
      const href = line.split(' → ')[1] ?? '';
      expect((await party.get(href)).statusCode, href).toBe(200);
    }
    const chair = new BrowserSession(app);
    await chair.signIn(CHAIR, DEMO_PASSWORD);
    for (const line of breadcrumbs((await chair.get(`/releases/${release}/costs`)).body)) {
      const href = line.split(' → ')[1] ?? '';
      expect((await chair.get(href)).statusCode, href).toBe(200);
    }
  });

  it('issue 13: every page has the header search, a labelled GET form to /search that works without JavaScript', async () => {
    const chair = new BrowserSession(app);
    await chair.signIn(CHAIR, DEMO_PASSWORD);
    for (const body of [
      (await app.inject({ method: 'GET', url: '/' })).body,
      (await app.inject({ method: 'GET', url: `/releases/${release}` })).body,
      (await chair.get('/home')).body,
      (await chair.get('/audit')).body,
    ]) {
      const header = headerSearch(body);
      expect(header).toMatch(/<form[^>]+method="get" action="\/search"[^>]*role="search"/);
      expect(header).toContain('<label class="govuk-visually-hidden" for="header-search">');
      expect(header).toMatch(/<input[^>]+id="header-search" name="q" type="search"/);
    }
    // What the box sends is what the search page answers.
    const results = await app.inject({ method: 'GET', url: `/search?q=${modification.reference}` });
    expect(results.statusCode).toBe(200);
    expect(results.body).toContain(`href="/modifications/${modification.id}"`);
  });
});
