import fs from 'node:fs';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.ts';
import { docxParagraphs } from '../support/docx-text.ts';
import { expectAccessible, type Journey, startJourney } from '../support/journey.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { TestClock } from '../support/test-db.ts';
import { call, givenCast } from '../integration/modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting } from '../integration/rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import { RID_SECTION_NAMES } from '../../src/modules/rid/rid-sections.ts';

/** An approved, published RID version 1 of a February 2027 release; its id. */
async function givenPublishedRid(t: TestApp): Promise<number> {
  const c = await givenCast(t);
  const policyId = await givenPolicy(t);
  const release = await givenRelease(
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
  const base = `/api/v1/releases/${release}/rid`;
  const created = (await call(t, c.secas, 'POST', `${base}/drafts`)).json<{ version: number }>();
  const edited = await call(t, c.secas, 'PUT', `${base}/versions/1`, {
    version: created.version,
    sections: COMPLETE_SECTIONS,
  });
  await call(t, c.secas, 'POST', `${base}/versions/1/submit`, {
    version: edited.json<{ version: number }>().version,
  });
  await call(t, c.chair, 'POST', `${base}/versions/1/approve`, {
    meetingId: meeting,
    ...FIXTURE_SOURCE,
  });
  await call(t, c.secas, 'POST', `${base}/versions/1/publish`, {});
  return release;
}

describe.runIf(chromiumAvailable())(
  'browser journey: the public takes the RID away as Word',
  () => {
    let journey: Journey;
    let release: number;

    beforeAll(async () => {
      const t = await createTestApp('pglite', new TestClock('2026-11-27T10:00:00Z'));
      release = await givenPublishedRid(t);
      // The stylesheet compiles on its first request: not inside the page's load timeout.
      await t.app.inject({ method: 'GET', url: '/static/secrel.css' });
      journey = await startJourney(t);
    }, 120_000);

    afterAll(() => journey.close());

    it('D10.13, issue 13: from the approved version, the Word download holds the six sections (a)–(f); the pages have no WCAG 2.2 A/AA violations', async () => {
      const page = await journey.newPage();
      await page.goto(`${journey.baseUrl}/releases/${release}/rid/versions/1`);
      await expectAccessible(page);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'version 1 as a Word document' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('rid-february-2027-sec-release-version-1.docx');
      const file = await download.path();
      const paragraphs = docxParagraphs(fs.readFileSync(file));
      for (const name of Object.values(RID_SECTION_NAMES)) expect(paragraphs).toContain(name);
      await page.getByRole('link', { name: 'a page to print' }).click();
      await page.waitForURL(`${journey.baseUrl}/releases/${release}/rid/versions/1/document`);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Release Implementation Document: February 2027 SEC Release',
      );
      await expectAccessible(page);
      await page.context().close();
    }, 120_000);
  },
);
