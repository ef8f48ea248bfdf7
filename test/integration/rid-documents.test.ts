import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { docxParagraphs } from '../support/docx-text.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import { RID_SECTION_NAMES } from '../../src/modules/rid/rid-sections.ts';

const SIX_SECTIONS = Object.values(RID_SECTION_NAMES);

// Issue 13: the RID (with its TAD) to take away as a page to print, Word and PDF.
describe.each(ENGINES)('RID documents to take away on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let release: number;
  const base = () => `/api/v1/releases/${release}/rid`;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    release = await givenRelease(
      t,
      policyId,
      'February 2027 SEC Release',
      'planned',
      '2027-02-25',
      'february',
    );
    await givenAllocation(
      t,
      release,
      await givenAllocatedModification(t, 'MP201', '2027-02-25'),
      'whole',
    );
    const meeting = await givenMeeting(t, '2026-11-27');
    const created = (await call(t, c.secas, 'POST', `${base()}/drafts`)).json<{
      version: number;
    }>();
    const edited = await call(t, c.secas, 'PUT', `${base()}/versions/1`, {
      version: created.version,
      sections: COMPLETE_SECTIONS,
    });
    const submitted = await call(t, c.secas, 'POST', `${base()}/versions/1/submit`, {
      version: edited.json<{ version: number }>().version,
    });
    expect(submitted.statusCode).toBe(200);
    expect(
      (
        await call(t, c.chair, 'POST', `${base()}/versions/1/approve`, {
          meetingId: meeting,
          ...FIXTURE_SOURCE,
        })
      ).statusCode,
    ).toBe(200);
    expect((await call(t, c.secas, 'POST', `${base()}/versions/1/publish`, {})).statusCode).toBe(
      200,
    );
    expect((await call(t, c.secas, 'POST', `${base()}/amendments`)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.13: the public downloads the approved RID as Word, with the six sections (a)–(f) as headings in order', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/releases/${release}/rid/versions/1` });
    expect(page.body).toContain(`href="/releases/${release}/rid/versions/1/document.docx"`);
    const word = await t.app.inject({
      method: 'GET',
      url: `/releases/${release}/rid/versions/1/document.docx`,
    });
    expect(word.statusCode).toBe(200);
    expect(word.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(word.headers['content-disposition']).toBe(
      'attachment; filename="rid-february-2027-sec-release-version-1.docx"',
    );
    const paragraphs = docxParagraphs(word.rawPayload);
    expect(paragraphs[0]).toBe('Release Implementation Document: February 2027 SEC Release');
    const positions = SIX_SECTIONS.map((name) => paragraphs.indexOf(name));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(paragraphs.some((text) => text.includes('MP201'))).toBe(true);
  });

  it('a draft stays unknown to the public in every format; SECAS may take it away', async () => {
    for (const file of ['document', 'document.docx', 'document.pdf']) {
      const refused = await t.app.inject({
        method: 'GET',
        url: `/releases/${release}/rid/versions/2/${file}`,
      });
      expect(refused.statusCode).toBe(404);
    }
    const secas = await call(
      t,
      c.secas,
      'GET',
      `/releases/${release}/rid/versions/2/document.docx`,
    );
    expect(secas.statusCode).toBe(200);
  });

  it('the page to print holds the same six sections, with the downloads', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: `/releases/${release}/rid/versions/1/document`,
    });
    expect(page.statusCode).toBe(200);
    for (const name of SIX_SECTIONS) expect(page.body).toContain(name);
    expect(page.body).toContain('Download as a PDF');
  });

  it('without Chromium a PDF is refused with a 503 that says why and what to use instead', async () => {
    const config = t.ctx.config as { chromiumPath: string };
    const installed = config.chromiumPath;
    config.chromiumPath = '/nonexistent/chromium';
    try {
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/releases/${release}/rid/versions/1/document.pdf`,
      });
      expect(pdf.statusCode).toBe(503);
      expect(pdf.body).toContain('no Chromium is installed at /nonexistent/chromium');
      expect(pdf.body).toContain('Download the Word document');
    } finally {
      config.chromiumPath = installed;
    }
  });

  it.runIf(chromiumAvailable())(
    'with Chromium the PDF is the printed page',
    async () => {
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/releases/${release}/rid/versions/1/document.pdf`,
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    },
    60_000,
  );
});
