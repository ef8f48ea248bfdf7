/**
 * Issue 14 in the browser: every page of the Code as data — the versions, a version by section
 * with a search, a provision's history, a version's redline, a release's consolidated redline
 * (live, and a conflict), the published SECMP0061 draft and SECAS's legal-text authoring page —
 * passes axe (WCAG 2.2 A/AA) at 1280 and 320 px and does not scroll sideways at either (WCAG 2.2
 * 1.4.10). The data are made as test/integration/code-text-pages.test.ts makes them: SEC 5.21
 * imported, the February release's SECMP0061 text consolidated at go-live (D10.1) into SEC 5.22,
 * and the June release's two modifications changing one provision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app-context.ts';
import { draftAmendments } from '../../src/modules/code-text/code-drafting.ts';
import { produceNextVersion } from '../../src/modules/code-text/code-text.actions.ts';
import { loadVersion, versionByName } from '../../src/modules/code-text/code-text.store.ts';
import { indexVersion } from '../../src/modules/code-text/code-tree.ts';
import {
  SECMP0061_BEFORE,
  SECMP0061_DRAFTING,
  SECMP0061_SCOPE,
} from '../../src/modules/code-text/secmp0061-text.ts';
import { call, givenCast, type Cast } from '../integration/modification-fixtures.ts';
import { chromiumAvailable } from '../support/browser.ts';
import { signIn, startJourney, type Journey } from '../support/journey.ts';
import { problemsAtWidths } from '../support/page-checks.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
  givenSectionsAAndD,
} from '../support/release-fixtures.ts';
import { createTestApp } from '../support/test-app.ts';
import { TestClock } from '../support/test-db.ts';

function present<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe.runIf(chromiumAvailable())(
  'browser check: the Code’s pages pass axe and reflow at 1280 and 320 px (issue 14, WCAG 2.2 1.4.10)',
  () => {
    let journey: Journey;
    let c: Cast;
    const paths: Array<{ label: string; path: string; heading: string }> = [];

    beforeAll(async () => {
      const t = await createTestApp('pglite', new TestClock('2026-11-27T10:00:00Z'));
      c = await givenCast(t);
      const policyId = await givenPolicy(t);
      const february = await givenRelease(
        t,
        policyId,
        'February 2027 SEC Release',
        'planned',
        '2027-02-25',
        'february',
      );
      const june = await givenRelease(
        t,
        policyId,
        'June 2027 SEC Release',
        'planned',
        '2027-06-24',
        'june',
      );
      const imported = await call(t, c.secas, 'POST', '/api/v1/code/versions', {
        name: 'SEC 5.21',
        text: SECMP0061_BEFORE,
        scope: SECMP0061_SCOPE,
      });
      expect(imported.statusCode).toBe(201);
      const baseMeta = present(await versionByName(t.ctx.db, 'SEC 5.21'));
      const base = await loadVersion(t.ctx.db, baseMeta);
      const mp201 = await givenAllocatedModification(t, 'MP201', '2027-02-25');
      // D6.8(e): its documents list the Sections its legal text changes.
      await givenSectionsAAndD(t, mp201);
      await givenAllocation(t, february, mp201, 'all');
      const drafted = await call(t, c.secas, 'PUT', `/api/v1/modifications/${mp201}/legal-text`, {
        baseVersion: 'SEC 5.21',
        ops: draftAmendments(base, SECMP0061_DRAFTING),
      });
      expect(drafted.statusCode).toBe(204);
      const d109 = present(
        base.root.children.find((p) => p.label === 'D10')?.children.find((p) => p.label === '9'),
      );
      for (const [reference, edited] of [
        [
          'MP210',
          d109.text.replace('available to the DCC', 'available to the DCC and the Authority'),
        ],
        ['MP211', d109.text.replace('available to the DCC and Users', 'available to Users')],
      ] as const) {
        const id = await givenAllocatedModification(t, reference, '2027-06-24');
        await givenSectionsAAndD(t, id);
        await givenAllocation(t, june, id, 'all');
        const put = await call(t, c.secas, 'PUT', `/api/v1/modifications/${id}/legal-text`, {
          baseVersion: 'SEC 5.21',
          ops: draftAmendments(base, [{ amend: 'D10.9', text: edited }]),
        });
        expect(put.statusCode).toBe(204);
      }
      await inTransaction(t.ctx, { id: c.chair.id, label: 'chair' }, (unit) =>
        produceNextVersion(unit, february),
      );
      const produced = present(await versionByName(t.ctx.db, 'SEC 5.22'));
      const d1010 = present(
        [...indexVersion(base.root).values()].find((l) => l.fullLabel === 'D10.10'),
      );
      paths.push(
        { label: 'the versions', path: '/code', heading: 'The text of the Code' },
        {
          label: 'a version searched',
          path: `/code/versions/${produced.id}?q=${encodeURIComponent('Release Implementation Document')}`,
          heading: 'SEC 5.22',
        },
        {
          label: 'a provision’s history',
          path: `/code/provisions/${d1010.provision.id}`,
          heading: 'D10.12',
        },
        {
          label: 'a version’s redline',
          path: `/code/versions/${produced.id}/redline`,
          heading: 'SEC 5.22',
        },
        {
          label: 'a live release’s consolidated redline',
          path: `/releases/${february}/code`,
          heading: 'February 2027 SEC Release',
        },
        {
          label: 'a release with a conflict',
          path: `/releases/${june}/code`,
          heading: 'June 2027 SEC Release',
        },
        { label: 'the SECMP0061 draft', path: '/code/drafts/secmp0061', heading: 'SECMP0061' },
        {
          label: 'the legal-text authoring page',
          path: `/modifications/${mp201}/legal-text`,
          heading: 'Legal text',
        },
      );
      await t.app.inject({ method: 'GET', url: '/static/secrel.css' });
      journey = await startJourney(t);
    }, 180_000);

    afterAll(() => journey.close());

    it('issue 14: as SECAS, each Code page has no WCAG 2.2 A/AA violation and no sideways scroll at 1280 or 320 px', async () => {
      const page = await journey.newPage();
      page.setDefaultTimeout(30_000);
      await signIn(page, journey.baseUrl, c.secas.email);
      const problems: string[] = [];
      for (const { label, path, heading } of paths) {
        const response = await page.goto(`${journey.baseUrl}${path}`);
        expect(response?.status(), `${label} (${path})`).toBe(200);
        await page.getByRole('heading', { level: 1 }).filter({ hasText: heading }).waitFor();
        problems.push(...(await problemsAtWidths(page, `${label} (${path})`)));
      }
      expect(problems).toEqual([]);
    }, 400_000);
  },
);
