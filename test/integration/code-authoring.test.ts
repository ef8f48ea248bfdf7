/**
 * Issue 14 on both engines: SECAS authors a modification's legal text in the UI — a base
 * version, a provision found and edited, the derived operation shown as a redline and saved
 * through setModificationAmendments (the API's audit event), removed again, a JSON file of
 * operations (refused with a GOV.UK error summary and nothing changed, or accepted), and the
 * modifications it depends on; and the D6.8(e) cross-check: legal text changing Section D on a
 * modification that lists only Section G is a finding on both pages and refuses completing
 * refinement until Section D is listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amendmentOf,
  loadVersion,
  versionByName,
} from '../../src/modules/code-text/code-text.store.ts';
import {
  indexVersion,
  labelIndex,
  type CodeVersion,
} from '../../src/modules/code-text/code-tree.ts';
import { SECMP0061_BEFORE, SECMP0061_SCOPE } from '../../src/modules/code-text/secmp0061-text.ts';
import { deriveOperations } from '../../src/modules/code-text/code-derive.ts';
import { BrowserSession } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  givenModification,
  setUpRefinement,
  type FixtureModification,
  type RefinementFixture,
} from '../support/refinement-fixtures.ts';
import { multipart, signedInCookies } from './consultation-fixtures.ts';

describe.each(ENGINES)('issue 14: authoring legal text in the UI on %s', (engine) => {
  let f: RefinementFixture;
  let base: CodeVersion;
  let mod: FixtureModification;
  let secas: BrowserSession;
  const url = () => `/modifications/${mod.id}/legal-text`;
  const idOf = (label: string) => labelIndex(indexVersion(base.root)).get(label) ?? '';
  const stored = async () => (await amendmentOf(f.t.ctx.db, mod.id))?.ops ?? [];

  beforeAll(async () => {
    f = await setUpRefinement(engine);
    const imported = await f.call(f.secas, 'POST', '/api/v1/code/versions', {
      name: 'SEC 5.21',
      text: SECMP0061_BEFORE,
      scope: SECMP0061_SCOPE,
    });
    expect(imported.statusCode).toBe(201);
    const meta = await versionByName(f.t.ctx.db, 'SEC 5.21');
    base = await loadVersion(f.t.ctx.db, meta as NonNullable<typeof meta>);
    mod = await givenModification(f.t.ctx, ['section-g']);
    secas = new BrowserSession(f.t.app);
    await secas.signIn(f.secas.email);
  });
  afterAll(async () => f.t.close());

  it('issue 14: only SECAS opens the legal-text pages, and only SECAS sees the link to them', async () => {
    const party = new BrowserSession(f.t.app);
    await party.signIn(f.party.email);
    expect((await party.get(url())).statusCode).toBe(403);
    expect((await party.get(`/modifications/${mod.id}`)).body).not.toContain(url());
    expect((await secas.get(`/modifications/${mod.id}`)).body).toContain(`href="${url()}"`);
  });

  it('issue 14: SECAS chooses the base version, finds D10.9, edits it, sees the redline, and saves it', async () => {
    const first = await secas.get(url());
    expect(first.body).toContain('Choose the version it is drafted against');
    const chosen = await secas.post(`${url()}/base`, { baseVersion: 'SEC 5.21' });
    expect(chosen.statusCode).toBe(303);
    const found = await secas.get(`${url()}?q=D10.9`);
    expect(found.body).toContain(`href="${url()}/provisions/${idOf('D10.9')}"`);
    const page = await secas.get(`${url()}/provisions/${idOf('D10.9')}`);
    const text = base.root.children
      .find((p) => p.label === 'D10')
      ?.children.find((p) => p.label === '9')?.text as string;
    const edited = text.replace(/^(\S+\s+\S+)/, '$1 promptly');
    expect(page.body).toContain('Change the words');
    const form = { action: 'edit', text: edited };
    const preview = await secas.post(`${url()}/provisions/${idOf('D10.9')}`, form);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('Check the change');
    expect(preview.body).toMatch(
      /<ins data-mod="MP\d+">promptly <\/ins>|<ins data-mod="MP\d+">\s?promptly\s?<\/ins>/,
    );
    expect(await stored()).toEqual([]);
    const saved = await secas.post(`${url()}/provisions/${idOf('D10.9')}`, {
      ...form,
      step: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const ops = await stored();
    expect(ops).toEqual([expect.objectContaining({ op: 'editText', target: idOf('D10.9') })]);
    const events = await f.eventsOf(mod.id);
    expect(events.filter((e) => e.action === 'code.amendments_set').at(-1)?.after).toMatchObject({
      baseVersion: 'SEC 5.21',
      operations: 1,
      source: 'edit',
    });
    const list = await secas.get(url());
    expect(list.body).toContain('1. Edit words of D10.9');
    expect(list.body).toContain('Remove change 1');
  });

  it('issue 14: an edit that changes nothing is refused with an error summary, and nothing is saved', async () => {
    const before = await stored();
    const refused = await secas.post(`${url()}/provisions/${idOf('D10.3')}`, {
      action: 'delete',
      step: 'x',
    });
    expect(refused.statusCode).toBe(200);
    expect(refused.body).toContain('Check the change');
    const empty = await secas.post(`${url()}/provisions/${idOf('D10.3')}`, {
      action: 'edit',
      text: '',
      step: 'save',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('govuk-error-summary');
    expect(empty.body).toContain('href="#edit-text"');
    expect(await stored()).toEqual(before);
  });

  it('D6.8(e): legal text changing Section D on a modification listing only Section G is a finding and refuses completing refinement', async () => {
    const legal = await secas.get(url());
    expect(legal.body).toContain('Section D is not among the documents the modification changes');
    const refinementPage = await secas.get(`/modifications/${mod.id}/refinement`);
    expect(refinementPage.body).toContain('Section D is not among the documents');
    await f.concludeAll(mod.id);
    expect((await f.setTesting(f.secas, mod.id, false)).statusCode).toBe(200);
    await f.requestView(mod.id, 'security_sub_committee');
    const refused = await f.complete(f.secas, mod.id);
    expect(refused.statusCode).toBe(409);
    const problem = refused.json<{ code: string; message: string }>();
    expect(problem.code).toBe('legal_text_documents_missing');
    expect(problem.message).toContain('D10.9');
    expect((await f.statusOf(mod.id)).status).toBe('refinement');
    await f.t.ctx.db
      .insertInto('modification_document')
      .values({ modification_id: mod.id, document_id: 'section-d' })
      .execute();
    expect((await secas.get(url())).body).not.toContain('is not among the documents');
    const done = await f.complete(f.secas, mod.id);
    expect(done.statusCode).toBe(200);
  });

  it('issue 14: a JSON file of operations is refused with an error summary and nothing changed, or replaces the legal text', async () => {
    const { cookie, csrf } = await signedInCookies(f.t.app, f.secas.email);
    const upload = async (content: string) => {
      const form = await f.t.app.inject({
        method: 'GET',
        url: `${url()}/upload`,
        headers: { cookie },
      });
      const body = multipart({ _csrf: csrf(form.body) }, [
        { filename: 'legal-text.json', content, type: 'application/json' },
      ]);
      return f.t.app.inject({
        method: 'POST',
        url: `${url()}/upload`,
        headers: { ...body.headers, cookie },
        payload: body.payload,
      });
    };
    const before = await stored();
    const notJson = await upload('{ not json');
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('govuk-error-summary');
    expect(notJson.body).toContain('The file is not JSON');
    const wrongShape = await upload(JSON.stringify({ ops: [] }));
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.body).toContain('baseVersion');
    const ops = deriveOperations(
      base,
      { action: 'delete', provision: idOf('D10.3') },
      () => 'unused',
    );
    const stale = JSON.parse(JSON.stringify(ops)) as Array<{ expect: string }>;
    (stale[0] as { expect: string }).expect = '00000000';
    const staleUpload = await upload(JSON.stringify({ baseVersion: 'SEC 5.21', ops: stale }));
    expect(staleUpload.statusCode).toBe(400);
    expect(staleUpload.body).toContain('no longer reads as drafted');
    expect(await stored()).toEqual(before);
    const accepted = await upload(JSON.stringify({ baseVersion: 'SEC 5.21', ops }));
    expect(accepted.statusCode).toBe(303);
    expect(await stored()).toEqual(ops);
  });

  it('issue 14: an operation is removed from the list', async () => {
    const before = await stored();
    expect(before).toHaveLength(1);
    const removed = await secas.post(`${url()}/operations/1/remove`, {});
    expect(removed.statusCode).toBe(303);
    expect(await stored()).toEqual([]);
  });

  it('issue 14: the modification names the modifications it depends on; an unknown one, itself or a cycle is refused', async () => {
    const other = await givenModification(f.t.ctx, []);
    const unknown = await secas.post(`${url()}/dependencies`, { dependsOn: 'SECMP9999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('There is no modification SECMP9999');
    const itself = await secas.post(`${url()}/dependencies`, { dependsOn: mod.reference });
    expect(itself.statusCode).toBe(400);
    const saved = await secas.post(`${url()}/dependencies`, {
      dependsOn: other.reference.toLowerCase(),
    });
    expect(saved.statusCode).toBe(303);
    expect((await amendmentOf(f.t.ctx.db, mod.id))?.dependsOn).toEqual([other.reference]);
    const back = new BrowserSession(f.t.app);
    await back.signIn(f.secas.email);
    const cycle = await back.post(`/modifications/${other.id}/legal-text/dependencies`, {
      dependsOn: mod.reference,
    });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.body).toContain('go round in a circle');
    const events = await f.eventsOf(mod.id);
    expect(events.filter((e) => e.action === 'modification.dependencies_changed')).toHaveLength(1);
  });
});
