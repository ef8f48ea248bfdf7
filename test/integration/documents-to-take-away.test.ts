import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { docxParagraphs, docxTableRows, docxTrackedChanges } from '../support/docx-text.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import { DEFAULT_MECHANISMS, DEFAULT_PROSE } from '../../src/modules/policy/policy-defaults.ts';

const WORD = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// Issue 13: the Policy, the cost report for the Authority and the redlines to take away as a
// page to print, Word and PDF — the same words in each.
describe.each(ENGINES)('Documents to take away on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let v1: number;
  let v2: number;
  let release: number;
  let live: number;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    v1 = await givenPolicy(t);
    // Version 2 reviews the Policy twice a year, in force since June.
    const prose = DEFAULT_PROSE.map((s) =>
      s.id === 'review' ? { ...s, text: s.text.replace('once', 'twice') } : s,
    );
    const second = await t.ctx.db
      .insertInto('policy_version')
      .values({
        number: 2,
        title: 'Twice-yearly review',
        status: 'approved',
        mechanisms: JSON.stringify(DEFAULT_MECHANISMS),
        prose: JSON.stringify(prose),
        based_on_id: v1,
        created_by: null,
        created_at: new Date('2026-04-01T10:00:00Z'),
        submitted_at: new Date('2026-04-02T10:00:00Z'),
        decided_on: '2026-06-01',
        decision_notes: null,
        effective_from: '2026-06-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    v2 = second.id;

    release = await givenRelease(t, v1, 'February 2027 SEC Release', 'planned', '2027-02-25');
    await givenAllocation(
      t,
      release,
      await givenAllocatedModification(t, 'MP201', '2027-02-25'),
      'whole',
    );
    const meeting = await givenMeeting(t, '2026-11-27');
    const rid = `/api/v1/releases/${release}/rid`;
    const created = (await call(t, c.secas, 'POST', `${rid}/drafts`)).json<{ version: number }>();
    const edited = await call(t, c.secas, 'PUT', `${rid}/versions/1`, {
      version: created.version,
      sections: COMPLETE_SECTIONS,
    });
    await call(t, c.secas, 'POST', `${rid}/versions/1/submit`, {
      version: edited.json<{ version: number }>().version,
    });
    await call(t, c.chair, 'POST', `${rid}/versions/1/approve`, {
      meetingId: meeting,
      ...FIXTURE_SOURCE,
    });
    await call(t, c.secas, 'POST', `${rid}/versions/1/publish`, {});
    const amendment = await call(t, c.secas, 'POST', `${rid}/amendments`);
    expect(amendment.statusCode).toBe(201);
    const amended = await call(t, c.secas, 'PUT', `${rid}/versions/2`, {
      version: amendment.json<{ version: number }>().version,
      sections: {
        ...COMPLETE_SECTIONS,
        dccTesting: COMPLETE_SECTIONS.dccTesting.replace('full regression', 'targeted regression'),
      },
    });
    expect(amended.statusCode).toBe(200);

    live = await givenRelease(t, v1, 'November 2026 SEC Release', 'live', '2026-11-05');
    for (const [component, kind, amount] of [
      ['DCC design and build', 'forecast', '1,200,000'],
      ['DCC design and build', 'actual', '1,350,000.50'],
      ['SECAS', 'forecast', '30,000'],
    ])
      expect(
        (
          await call(t, c.secas, 'POST', `/api/v1/releases/${live}/costs`, {
            component,
            kind,
            amount,
          })
        ).statusCode,
      ).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('issue 13, A-POL: the public takes the Policy in force away as Word: its version, mechanisms and text as headings and paragraphs', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/policy' });
    expect(page.body).toContain('href="/policy/document.docx"');
    const word = await t.app.inject({ method: 'GET', url: '/policy/document.docx' });
    expect(word.statusCode).toBe(200);
    expect(word.headers['content-type']).toBe(WORD);
    expect(word.headers['content-disposition']).toBe(
      'attachment; filename="release-management-policy-version-2.docx"',
    );
    const paragraphs = docxParagraphs(word.rawPayload);
    expect(paragraphs[0]).toBe('SEC Release Management Policy');
    expect(paragraphs).toContain('Version 2: Twice-yearly review (in force).');
    expect(paragraphs).toContain('Mechanisms (Section D10.8)');
    expect(paragraphs).toContain('(e) Go-live decision procedure');
    expect(paragraphs).toContain('Review of this Policy');
    expect(
      paragraphs.some((p) => p.startsWith('The Panel reviews this Policy at least twice')),
    ).toBe(true);
  });

  it('issue 13, A-POL: any version the reader may see, as Word and as a page to print; a draft stays unknown to the public', async () => {
    const version = await t.app.inject({ method: 'GET', url: `/policy/versions/${v1}` });
    expect(version.body).toContain(`href="/policy/versions/${v1}/document.docx"`);
    const word = await t.app.inject({ method: 'GET', url: `/policy/versions/${v1}/document.docx` });
    expect(word.statusCode).toBe(200);
    const paragraphs = docxParagraphs(word.rawPayload);
    expect(paragraphs).toContain('Version 1: SEC Release Management Policy (superseded).');
    expect(paragraphs.some((p) => p.includes('at least once a year'))).toBe(true);
    const printed = await t.app.inject({ method: 'GET', url: `/policy/versions/${v1}/document` });
    expect(printed.statusCode).toBe(200);
    expect(printed.body).toContain('at least once a year');
    expect(printed.body).toContain(`href="/policy/versions/${v1}/document.pdf"`);
    const draft = await t.ctx.db
      .insertInto('policy_version')
      .values({
        number: 3,
        title: 'Draft',
        status: 'draft',
        mechanisms: JSON.stringify(DEFAULT_MECHANISMS),
        prose: JSON.stringify(DEFAULT_PROSE),
        based_on_id: v2,
        created_by: null,
        created_at: new Date('2026-11-01T10:00:00Z'),
        submitted_at: null,
        decided_on: null,
        decision_notes: null,
        effective_from: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const file of ['document', 'document.docx', 'document.pdf'])
      expect(
        (await t.app.inject({ method: 'GET', url: `/policy/versions/${draft.id}/${file}` }))
          .statusCode,
      ).toBe(404);
    expect(
      (await call(t, c.secas, 'GET', `/policy/versions/${draft.id}/document.docx`)).statusCode,
    ).toBe(200);
    await t.ctx.db.deleteFrom('policy_version').where('id', '=', draft.id).execute();
  });

  it('issue 13, A-POL: the Policy redline as Word holds the change as tracked changes (w:del "once", w:ins "twice")', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/policy/redline?from=${v1}&to=${v2}` });
    expect(page.body).toContain(`href="/policy/redline/document.docx?from=${v1}&amp;to=${v2}"`);
    const word = await t.app.inject({
      method: 'GET',
      url: `/policy/redline/document.docx?from=${v1}&to=${v2}`,
    });
    expect(word.statusCode).toBe(200);
    expect(docxTrackedChanges(word.rawPayload)).toEqual([
      { kind: 'delete', text: 'once', author: 'SECAS' },
      { kind: 'insert', text: 'twice', author: 'SECAS' },
    ]);
    const paragraphs = docxParagraphs(word.rawPayload);
    expect(paragraphs).toContain('Review of this Policy (Changed)');
    expect(paragraphs).toContain('Purpose');
    // The changed sections only: the unchanged Purpose is left out.
    const only = await t.app.inject({
      method: 'GET',
      url: `/policy/redline/document.docx?from=${v1}&to=${v2}&changes=only`,
    });
    const onlyParagraphs = docxParagraphs(only.rawPayload);
    expect(onlyParagraphs).toContain('Review of this Policy (Changed)');
    expect(onlyParagraphs).not.toContain('Purpose');
    const printed = await t.app.inject({
      method: 'GET',
      url: `/policy/redline/document?from=${v1}&to=${v2}`,
    });
    expect(printed.body).toContain(
      '<del class="redline-delete"><span class="govuk-visually-hidden">deleted text: </span>once</del> <ins class="redline-insert"><span class="govuk-visually-hidden">inserted text: </span>twice</ins>',
    );
    expect(printed.body).toContain(`href="/policy/redline/document.pdf?from=${v1}&amp;to=${v2}"`);
  });

  it('issue 13, A-RID: the RID redline as Word holds the amendment as tracked changes; the draft amendment stays unknown to the public', async () => {
    const url = `/releases/${release}/rid/redline/document.docx?from=1&to=2`;
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    const page = await call(t, c.secas, 'GET', `/releases/${release}/rid/redline?from=1&to=2`);
    expect(page.body).toContain(
      `href="/releases/${release}/rid/redline/document.docx?from=1&amp;to=2"`,
    );
    const word = await call(t, c.secas, 'GET', url);
    expect(word.statusCode).toBe(200);
    expect(word.headers['content-disposition']).toBe(
      'attachment; filename="rid-february-2027-sec-release-changes-1-to-2.docx"',
    );
    const changes = docxTrackedChanges(word.rawPayload);
    expect(changes.map((change) => [change.kind, change.text])).toEqual([
      ['delete', 'full'],
      ['insert', 'targeted'],
    ]);
  });

  it('issue 13, D10.8(d): the cost report for the Authority as Word: the table of forecast, actual and variance per component', async () => {
    const costs = await call(t, c.secas, 'GET', `/releases/${live}/costs`);
    expect(costs.body).toContain(`href="/releases/${live}/cost-report.docx"`);
    const word = await call(t, c.secas, 'GET', `/releases/${live}/cost-report.docx`);
    expect(word.statusCode).toBe(200);
    expect(word.headers['content-disposition']).toBe(
      'attachment; filename="cost-report-november-2026-sec-release.docx"',
    );
    expect(docxParagraphs(word.rawPayload)[0]).toBe(
      'Report to the Authority on the costs of November 2026 SEC Release',
    );
    const rows = docxTableRows(word.rawPayload);
    expect(rows[0]).toEqual(['Component', 'Forecast', 'Actual', 'Variance', 'Variance %']);
    expect(rows).toContainEqual([
      'DCC design and build',
      '£1,200,000.00',
      '£1,350,000.50',
      '£150,000.50',
      '12.5%',
    ]);
    expect(rows.at(-1)?.[0]).toBe('Total');
    const printed = await call(t, c.secas, 'GET', `/releases/${live}/cost-report`);
    expect(printed.body).toContain('£1,350,000.50');
    expect(printed.body).toContain(`href="/api/v1/releases/${live}/cost-report.csv"`);
    // Costs are not the public's: no format leaks them.
    for (const file of ['', '.docx', '.pdf'])
      expect(
        (await t.app.inject({ method: 'GET', url: `/releases/${live}/cost-report${file}` }))
          .statusCode,
      ).not.toBe(200);
  });

  it('issue 13: without Chromium a Policy PDF is refused with a 503 that says why and what to use instead', async () => {
    const config = t.ctx.config as { chromiumPath: string };
    const installed = config.chromiumPath;
    config.chromiumPath = '/nonexistent/chromium';
    try {
      const pdf = await t.app.inject({ method: 'GET', url: '/policy/document.pdf' });
      expect(pdf.statusCode).toBe(503);
      expect(pdf.body).toContain('no Chromium is installed at /nonexistent/chromium');
      expect(pdf.body).toContain('Download the Word document');
    } finally {
      config.chromiumPath = installed;
    }
  });

  it.runIf(chromiumAvailable())(
    'issue 13: with Chromium the Policy, its redline and the cost report are printed pages as PDF',
    async () => {
      for (const [user, url] of [
        [null, '/policy/document.pdf'],
        [null, `/policy/redline/document.pdf?from=${v1}&to=${v2}`],
        [c.secas, `/releases/${live}/cost-report.pdf`],
      ] as const) {
        const pdf = user
          ? await call(t, user, 'GET', url)
          : await t.app.inject({ method: 'GET', url });
        expect(pdf.statusCode).toBe(200);
        expect(pdf.headers['content-type']).toBe('application/pdf');
        expect(pdf.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    },
    120_000,
  );
});
