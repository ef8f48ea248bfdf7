import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { DEMO_SIGN_IN_PEOPLE } from '../../src/demo/demo-people.ts';
import { MAX_ANSWER_LENGTH } from '../../src/modules/consultation/consultation.ts';
import type { Role } from '../../src/modules/identity/identity.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { CrawlReader } from '../support/site-crawl.ts';
import { ENGINES } from '../support/test-db.ts';

/** Each `<table` of a page, with whether the tag just before it opens a focusable region. */
function tablesOutsideRegions(html: string): number {
  let outside = 0;
  for (const match of html.matchAll(/<table\b/g)) {
    const before = html.slice(0, match.index).trimEnd();
    const opened = before.slice(before.lastIndexOf('<'));
    if (!/^<div\b[^>]*\brole="region"[^>]*\btabindex="0"[^>]*>$/.test(opened)) outside += 1;
  }
  return outside;
}

describe.each(ENGINES)('issue 13: GOV.UK form details and words on the demo on %s', (engine) => {
  let demo: DemoDatabase;
  let app: SecrelApp;
  let baseUrl: string;

  async function readerAs(role: Role | 'public'): Promise<CrawlReader> {
    const reader = new CrawlReader(baseUrl);
    if (role === 'public') return reader;
    const person = DEMO_SIGN_IN_PEOPLE.find((p) => p.role === role);
    if (!person) throw new Error(`the demo has no ${role}`);
    await reader.signIn(person.email, DEMO_PASSWORD);
    return reader;
  }

  async function pageOf(reader: CrawlReader, path: string): Promise<string> {
    const response = await reader.get(path);
    const html = await response.text();
    expect(response.status, path).toBe(200);
    return html;
  }

  beforeAll(async () => {
    demo = await givenDemo(engine);
    app = await buildApp(demo.ctx);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await demo.close();
  });

  it('issue 13: the <h1> of a RID version and of a TAD version says whose version it is', async () => {
    const db = demo.ctx.db;
    const rid = await db
      .selectFrom('rid_version as v')
      .innerJoin('release as r', 'r.id', 'v.release_id')
      .select(['r.id', 'r.name', 'v.number'])
      .where('v.status', '=', 'approved')
      .orderBy('r.id')
      .executeTakeFirstOrThrow();
    const ridPage = await pageOf(
      await readerAs('public'),
      `/releases/${rid.id}/rid/versions/${rid.number}`,
    );
    expect(ridPage).toContain(
      `<h1 class="govuk-heading-l">RID for the ${rid.name} — version ${rid.number}</h1>`,
    );
    const tad = await db
      .selectFrom('tad_version as v')
      .innerJoin('release as r', 'r.id', 'v.release_id')
      .select(['r.id', 'r.name', 'v.number', 'v.based_on_id'])
      .orderBy('r.id')
      .orderBy('v.number')
      .executeTakeFirstOrThrow();
    const tadPage = await pageOf(
      await readerAs('code_administrator'),
      `/releases/${tad.id}/tad/versions/${tad.number}`,
    );
    expect(tadPage).toContain(
      `<h1 class="govuk-heading-l">TAD for the ${tad.name} — version ${tad.number}${tad.based_on_id ? ', an amendment' : ''}</h1>`,
    );
  });

  it('issue 13: opening a consultation asks for dates as day, month and year, and reveals nothing by script (axe: aria-allowed-attr)', async () => {
    const html = await pageOf(await readerAs('code_administrator'), '/consultations/new');
    expect(html).not.toContain('YYYY-MM-DD');
    for (const name of ['opensAt', 'closesAt'])
      for (const part of ['day', 'month', 'year']) expect(html).toContain(`name="${name}-${part}"`);
    // GOV.UK Frontend's conditional reveal puts aria-expanded on a radio once its script runs.
    expect(html).not.toContain('data-aria-controls');
    expect(html).not.toContain('govuk-radios__conditional');
    expect(html).toContain('Closing date, if it closes on a date');
    expect(html).toContain('Number of Working Days, if it closes after a number of them');
  });

  it('issue 13: a consultation response counts its characters against the limit the use case enforces', async () => {
    const db = demo.ctx.db;
    const party = await readerAs('party');
    const now = demo.ctx.now();
    const consultations = await db
      .selectFrom('consultation')
      .select('id')
      .where('opens_at', '<=', now)
      .where('closes_at', '>', now)
      .orderBy('id')
      .execute();
    const answerable: string[] = [];
    for (const { id } of consultations) {
      const html = await pageOf(party, `/consultations/${id}`);
      if (html.includes('name="answer-')) answerable.push(html);
    }
    expect(answerable.length).toBeGreaterThan(0);
    for (const html of answerable) {
      expect(html).toContain('govuk-character-count');
      expect(html).toContain(`data-maxlength="${MAX_ANSWER_LENGTH}"`);
    }
  });

  it('WCAG 2.2 1.4.10: every table of the audit trail, the releases and a modification scrolls in its own labelled, focusable region', async () => {
    const secas = await readerAs('code_administrator');
    const modification = await demo.ctx.db
      .selectFrom('modification')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    for (const path of [
      '/audit',
      '/releases',
      '/modifications',
      `/modifications/${modification.id}`,
    ]) {
      const html = await pageOf(secas, path);
      expect(html, path).toContain('<table');
      expect(tablesOutsideRegions(html), path).toBe(0);
      expect(html, path).not.toContain('aria-label="" ');
    }
  });
});
