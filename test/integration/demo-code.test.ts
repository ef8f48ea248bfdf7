/**
 * Issue 14's acceptance on the demo, both engines: the live version of the Code is public on
 * /code; next February's release consolidates its modification's legal text into a new version
 * with a redline and one finding; the June release's Code page reports a conflict between two
 * modifications; and the demo modifications' documents cover their legal text (D6.8(e)).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/audit/audit.store.ts';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { DEMO_LIVE_CODE, DEMO_UNRESOLVED_REFERENCE } from '../../src/demo/demo-code.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { legalTextCoverageOf } from '../../src/modules/code-text/code-authoring.actions.ts';
import { releaseCode } from '../../src/modules/code-text/code-text.pages.ts';
import {
  amendmentOf,
  latestConsolidation,
  liveVersion,
} from '../../src/modules/code-text/code-text.store.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { proseProblems } from '../support/site-crawl.ts';
import { ENGINES } from '../support/test-db.ts';
import { BrowserSession } from '../support/test-app.ts';

const SECAS = 'tom.okafor@example.org';
const PARTY = 'james.whitfield@example.org';

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe.each(ENGINES)('issue 14: the Code in the demo on %s', (engine) => {
  let demo: DemoDatabase;
  let app: SecrelApp;
  let secas: BrowserSession;
  let february: number;
  let june: number;

  const releaseId = async (name: string) =>
    (
      await demo.ctx.db
        .selectFrom('release')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;

  beforeAll(async () => {
    demo = await givenDemo(engine);
    app = await buildApp(demo.ctx);
    await app.ready();
    february = await releaseId('February 2027 SEC Release');
    june = await releaseId('June 2027 SEC Release');
    secas = new BrowserSession(app);
    await secas.signIn(SECAS, DEMO_PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await app.close();
    await demo.close();
  });

  it('D10.1, issue 14: /code shows the public the live version, imported from the seed’s final text', async () => {
    const live = await liveVersion(demo.ctx.db);
    expect(live?.name).toBe(DEMO_LIVE_CODE);
    expect(live?.scope).toEqual(['A1.1', 'D6.8', 'D10']);
    const list = await app.inject({ method: 'GET', url: '/code' });
    expect(list.statusCode).toBe(200);
    const listed = textOf(list.body);
    expect(listed).toContain(`${DEMO_LIVE_CODE} Live`);
    expect(list.body).toContain(`href="/code/versions/${String(live?.id)}"`);
    expect(proseProblems(list.body)).toEqual([]);
    const version = await app.inject({ method: 'GET', url: `/code/versions/${String(live?.id)}` });
    expect(version.statusCode).toBe(200);
    const text = textOf(version.body);
    expect(text).toContain(
      'defines a mechanism by which notice is to be given to the Users prior to the implementation of a SEC Release;',
    );
    expect(text).toContain('SEC Release Testing Approach Document');
    expect(proseProblems(version.body)).toEqual([]);
  });

  it('D10.1, issue 14: the February 2027 release consolidates MP260 into the next version, with a redline and one finding', async () => {
    const view = await releaseCode(app, february);
    expect(view).toMatchObject({ state: 'preview', newName: 'SEC 5.23', refused: false });
    expect(view.order).toEqual(['MP260']);
    expect(view.conflicts).toEqual([]);
    expect(view.findingsNew).toHaveLength(1);
    expect(view.findingsNew[0]).toMatchObject({
      check: 'unresolvable-reference',
      where: 'D10.8(c)',
      message: `Section ${DEMO_UNRESOLVED_REFERENCE} does not exist in this version.`,
    });
    // The live version's own drafting points (D10.2's (m) and (n), …) are known, not new.
    expect(view.findingsKnown.length).toBeGreaterThan(0);
    // The redline: D10.8(c) amended and D10.21 inserted, nothing renumbered.
    expect(view.redline).toHaveLength(2);
    expect(view.labelMap).toEqual([]);

    const page = await secas.get(`/releases/${String(february)}/code`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(
      /<ins class="redline-insert"><span class="govuk-visually-hidden">inserted text: <\/span>[^<]*publication on the SEC Website/,
    );
    // MP260 only adds words and a clause: nothing is struck through.
    expect(page.body).not.toContain('<del class="redline-delete">');
    const text = textOf(page.body);
    expect(text).toContain('the go-live decision produces SEC 5.23');
    expect(text).toContain('D10.21');
    expect(text).toContain(
      'The Code Administrator shall publish each notice given under the mechanism referred to in Section D10.8(c)',
    );
    expect(text).toContain(`Section ${DEMO_UNRESOLVED_REFERENCE} does not exist in this version.`);
    expect(text).not.toContain('It cannot be consolidated');
    expect(proseProblems(page.body)).toEqual([]);

    const stored = await latestConsolidation(demo.ctx.db, february);
    expect(stored?.resultVersionId).toBeNull();
    expect(stored?.findings.filter((f) => f.check === 'unresolvable-reference')).toHaveLength(1);
  });

  it('D10.1: the February draft consolidation is for SECAS and the Panel, not the public or a Party', async () => {
    const anonymous = await app.inject({
      method: 'GET',
      url: `/releases/${String(february)}/code`,
    });
    expect(anonymous.statusCode).not.toBe(200);
    expect(anonymous.body).not.toContain(DEMO_UNRESOLVED_REFERENCE);
    const party = new BrowserSession(app);
    await party.signIn(PARTY, DEMO_PASSWORD);
    const refused = await party.get(`/releases/${String(february)}/code`);
    expect(refused.statusCode).toBe(403);
  });

  it('legal-text.md §7.2: the June 2027 release’s Code page reports MP252 and MP261 conflicting on D10.15', async () => {
    const view = await releaseCode(app, june);
    expect(view).toMatchObject({ state: 'preview', refused: true });
    expect(view.conflicts).toHaveLength(1);
    expect(view.conflicts[0]).toMatchObject({
      where: 'D10.15',
      modifications: ['MP252', 'MP261'],
    });
    const page = await secas.get(`/releases/${String(june)}/code`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('It cannot be consolidated');
    expect(text).toContain('Conflict in D10.15 between MP252 and MP261');
    expect(proseProblems(page.body)).toEqual([]);
    const stored = await latestConsolidation(demo.ctx.db, june);
    expect(stored?.result.conflicts.map((c) => c.modifications)).toEqual([['MP252', 'MP261']]);
  });

  it('D6.8(e): the demo modifications with legal text list the Sections it changes, so nothing is refused', async () => {
    for (const reference of ['MP260', 'MP252', 'MP261']) {
      const modification = await demo.ctx.db
        .selectFrom('modification')
        .select('id')
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      const amendment = await amendmentOf(demo.ctx.db, modification.id);
      expect(amendment?.ops.length, reference).toBeGreaterThan(0);
      expect(await legalTextCoverageOf(demo.ctx.db, modification.id), reference).toEqual([]);
    }
    const authored = await demo.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'in', ['code.version_imported', 'code.amendments_set'])
      .execute();
    expect(authored.filter((e) => e.action === 'code.version_imported')).toHaveLength(1);
    expect(authored.filter((e) => e.action === 'code.amendments_set').length).toBeGreaterThan(3);
    expect((await verifyAuditChain(demo.ctx.db)).ok).toBe(true);
  });
});
