/**
 * Issue 14: the Code's Word redlines and Word import through the API on both engines — a
 * modification's legal text recorded from a Word redline (tracked changes → amendments checked
 * against the base), its redline, the release's consolidated redline and a version's redline as
 * Word with tracked changes by the modification, a version imported from Word; refusals for a
 * Party, for a file that is not Word, and for a redline drafted against other words.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consolidate } from '../../src/modules/code-text/code-consolidate.ts';
import { draftAmendments } from '../../src/modules/code-text/code-drafting.ts';
import {
  amendmentOf,
  loadVersion,
  versionByName,
} from '../../src/modules/code-text/code-text.store.ts';
import { cloneTree, type CodeVersion } from '../../src/modules/code-text/code-tree.ts';
import { wordRedline } from '../../src/modules/code-text/code-word-redline.ts';
import {
  SECMP0061_BEFORE,
  SECMP0061_DRAFTING,
  SECMP0061_SCOPE,
} from '../../src/modules/code-text/secmp0061-text.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import {
  givenAllocatedModification,
  givenSectionsAAndD,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';

const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function documentXml(body: Buffer): Promise<string> {
  return (await (await JSZip.loadAsync(body)).file('word/document.xml')?.async('string')) ?? '';
}

describe.each(ENGINES)('the Code in Word on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let base: CodeVersion;
  let redline: Buffer;
  let february: number;
  let mp201: number;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    february = await givenRelease(
      t,
      policyId,
      'February 2027 SEC Release',
      'planned',
      '2027-02-25',
      'february',
    );
    mp201 = await givenAllocatedModification(t, 'MP201', '2027-02-25');
    await givenSectionsAAndD(t, mp201);
    await givenAllocation(t, february, mp201, 'all');
    const imported = await call(t, c.secas, 'POST', '/api/v1/code/versions', {
      name: 'SEC 5.21',
      text: SECMP0061_BEFORE,
      scope: SECMP0061_SCOPE,
    });
    expect(imported.statusCode).toBe(201);
    const meta = await versionByName(t.ctx.db, 'SEC 5.21');
    base = await loadVersion(t.ctx.db, meta as NonNullable<typeof meta>);
    const target = consolidate(
      base,
      [],
      [
        {
          reference: 'drafted',
          baseVersion: 'SEC 5.21',
          dependsOn: [],
          ops: draftAmendments(base, SECMP0061_DRAFTING),
        },
      ],
      'drafted',
    ).version as CodeVersion;
    redline = await wordRedline(base, target, {
      title: 'MP201 legal text',
      defaultAuthor: 'Drafter',
      date: new Date('2026-11-20T00:00:00Z'),
    });
  });
  afterAll(async () => t.close());

  it('records a modification’s legal text from a Word redline, only for SECAS, and refuses a file that is not Word', async () => {
    const body = { baseVersion: 'SEC 5.21', docx: redline.toString('base64') };
    const byParty = await call(
      t,
      c.albion,
      'PUT',
      `/api/v1/modifications/${mp201}/legal-text/word`,
      body,
    );
    expect(byParty.statusCode).toBe(403);
    const notWord = await call(
      t,
      c.secas,
      'PUT',
      `/api/v1/modifications/${mp201}/legal-text/word`,
      {
        ...body,
        docx: Buffer.from('plain words').toString('base64'),
      },
    );
    expect(notWord.statusCode).toBe(400);
    expect(notWord.json<{ field: string }>().field).toBe('docx');
    const recorded = await call(
      t,
      c.secas,
      'PUT',
      `/api/v1/modifications/${mp201}/legal-text/word`,
      body,
    );
    expect(recorded.statusCode).toBe(200);
    const counts = recorded.json<{ operations: number; trackedChanges: number }>();
    expect(counts.operations).toBeGreaterThan(20);
    expect(counts.trackedChanges).toBeGreaterThan(50);
  });

  it('refuses a Word redline drafted against other words, naming the paragraph', async () => {
    const other = cloneTree(base.root);
    const d10 = other.children.find((p) => p.label === 'D10');
    const d109 = d10?.children.find((p) => p.label === '9');
    if (d109) d109.text = 'The Panel shall publish the policy.';
    const changed = await wordRedline(
      base,
      { ...base, root: other },
      { title: 'x', defaultAuthor: 'Drafter', date: new Date('2026-11-20T00:00:00Z') },
    );
    const imported = await call(t, c.secas, 'POST', '/api/v1/code/versions', {
      name: 'SEC 5.21 other',
      text: SECMP0061_BEFORE.replace(/^D10\.9 .*$/m, 'D10.9 Different words entirely.'),
      scope: SECMP0061_SCOPE,
    });
    expect(imported.statusCode).toBe(201);
    const refused = await call(
      t,
      c.secas,
      'PUT',
      `/api/v1/modifications/${mp201}/legal-text/word`,
      {
        baseVersion: 'SEC 5.21 other',
        docx: changed.toString('base64'),
      },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ message: string }>().message).toMatch(
      /^1 paragraphs could not be placed: paragraph \d+ \(“D10\.9 .*does not read as it does in SEC 5\.21 other/,
    );
  });

  it('D6.8(e): a Word redline recorded as the legal text of an allocated modification whose documents do not list the Sections it changes is refused, and nothing is stored; once listed it is recorded', async () => {
    const id = await givenAllocatedModification(t, 'MP202', '2027-02-25');
    const url = `/api/v1/modifications/${id}/legal-text/word`;
    const body = { baseVersion: 'SEC 5.21', docx: redline.toString('base64') };
    const refused = await call(t, c.secas, 'PUT', url, body);
    expect(refused.statusCode).toBe(409);
    const problem = refused.json<{ code: string; message: string }>();
    expect(problem.code).toBe('legal_text_documents_missing');
    expect(problem.message).toContain('The legal text cannot be changed');
    expect(await amendmentOf(t.ctx.db, id)).toBeUndefined();
    await givenSectionsAAndD(t, id);
    const recorded = await call(t, c.secas, 'PUT', url, body);
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect((await amendmentOf(t.ctx.db, id))?.ops.length).toBeGreaterThan(0);
  });

  it('answers the modification’s and the release’s redlines as Word with tracked changes by MP201', async () => {
    const mod = await t.app.inject({
      method: 'GET',
      url: `/api/v1/modifications/${mp201}/redline.docx`,
    });
    expect(mod.statusCode).toBe(200);
    expect(mod.headers['content-type']).toBe(WORD);
    expect(mod.headers['content-disposition']).toBe('attachment; filename="MP201-redline.docx"');
    const modXml = await documentXml(mod.rawPayload);
    expect(modXml).toMatch(/<w:ins [^>]*w:author="MP201"/);
    expect(modXml).toMatch(/<w:del [^>]*w:author="MP201"/);

    const none = await t.app.inject({
      method: 'GET',
      url: `/api/v1/releases/${february}/redline.docx`,
    });
    expect(none.statusCode).toBe(404);
    const consolidated = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/releases/${february}/code-consolidation`,
    );
    expect(consolidated.statusCode).toBe(200);
    const release = await t.app.inject({
      method: 'GET',
      url: `/api/v1/releases/${february}/redline.docx`,
    });
    expect(release.statusCode).toBe(200);
    const releaseXml = await documentXml(release.rawPayload);
    expect(releaseXml).toMatch(
      /<w:ins [^>]*w:author="MP201" w:date="2026-11-27T10:00:00Z"|<w:ins [^>]*w:date="2026-11-27T10:00:00Z" [^>]*w:author="MP201"|<w:ins w:id="\d+" w:author="MP201" w:date="2026-11-27T10:00:00Z"/,
    );
    expect(releaseXml).toContain('D10.</w:t>');
  });

  it('imports a version from Word with its changes accepted, and answers its redline against another version', async () => {
    const byParty = await call(t, c.albion, 'POST', '/api/v1/code/versions/word', {
      name: 'SEC from Word',
      docx: redline.toString('base64'),
    });
    expect(byParty.statusCode).toBe(403);
    const imported = await call(t, c.secas, 'POST', '/api/v1/code/versions/word', {
      name: 'SEC from Word',
      docx: redline.toString('base64'),
      scope: SECMP0061_SCOPE,
    });
    expect(imported.statusCode).toBe(201);
    const id = imported.json<{ id: number }>().id;
    const meta = await versionByName(t.ctx.db, 'SEC 5.21');
    const noParent = await t.app.inject({
      method: 'GET',
      url: `/api/v1/code/versions/${id}/redline.docx`,
    });
    expect(noParent.statusCode).toBe(404);
    const against = await t.app.inject({
      method: 'GET',
      url: `/api/v1/code/versions/${id}/redline.docx?from=${meta?.id ?? 0}`,
    });
    expect(against.statusCode).toBe(200);
    const xml = await documentXml(against.rawPayload);
    expect(xml).toMatch(/<w:ins [^>]*w:author="SEC from Word"/);
    expect(xml).toContain('<w:delText');
  });
});
