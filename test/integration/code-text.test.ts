/**
 * Issue 14, D10.1: the Code as data through the API on both engines — a version imported, a
 * modification's legal text recorded as amendments, a release consolidated with its label map
 * and findings (legal-text.md §9 checks 4, 5, 11), a conflict refused, and the go-live's next
 * version produced live in the go-live transaction with its audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app-context.ts';
import { draftAmendments } from '../../src/modules/code-text/code-drafting.ts';
import { produceNextVersion } from '../../src/modules/code-text/code-text.actions.ts';
import { loadVersion, versionByName } from '../../src/modules/code-text/code-text.store.ts';
import type { CodeVersion } from '../../src/modules/code-text/code-tree.ts';
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

interface ConsolidationJson {
  refused: boolean;
  labelMap: Array<{ old: string; new: string }>;
  conflicts: Array<{ modifications: string[] }>;
  findings: Array<{ check: string; where: string; suggestion?: string }>;
}

describe.each(ENGINES)('the Code as data on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let base: CodeVersion;
  let february: number;
  let june: number;
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
    june = await givenRelease(
      t,
      policyId,
      'June 2027 SEC Release',
      'planned',
      '2027-06-24',
      'june',
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
  });
  afterAll(async () => t.close());

  it('publishes versions and refuses an import by anyone but SECAS, or with lines it cannot classify', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/code/versions' });
    expect(list.json<Array<{ name: string; live: boolean }>>()).toEqual([
      expect.objectContaining({ name: 'SEC 5.21', live: true }),
    ]);
    const byParty = await call(t, c.albion, 'POST', '/api/v1/code/versions', {
      name: 'X',
      text: 'D10 IMPLEMENTATION',
    });
    expect(byParty.statusCode).toBe(403);
    const unclassified = await call(t, c.secas, 'POST', '/api/v1/code/versions', {
      name: 'SEC 9',
      text: 'Preamble words.\nD10 IMPLEMENTATION',
    });
    expect(unclassified.statusCode).toBe(400);
    expect(unclassified.json<{ message: string }>().message).toContain('line 1');
  });

  it('records legal text, refusing drafting that no longer reads as the base does', async () => {
    const ops = draftAmendments(base, SECMP0061_DRAFTING);
    const stale = structuredClone(ops);
    const first = stale.find((op) => 'expect' in op);
    if (first && 'expect' in first) first.expect = '00000000';
    const refused = await call(t, c.secas, 'PUT', `/api/v1/modifications/${mp201}/legal-text`, {
      baseVersion: 'SEC 5.21',
      ops: stale,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ message: string }>().message).toContain('no longer reads as drafted');
    const saved = await call(t, c.secas, 'PUT', `/api/v1/modifications/${mp201}/legal-text`, {
      baseVersion: 'SEC 5.21',
      ops,
    });
    expect(saved.statusCode).toBe(204);
  });

  it('consolidates the February release: the map D10.10→D10.12 … and the D10.8(d) drift', async () => {
    const response = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/releases/${february}/code-consolidation`,
    );
    expect(response.statusCode).toBe(200);
    const body = response.json<ConsolidationJson>();
    expect(body.refused).toBe(false);
    expect(body.labelMap.map((l) => `${l.old}→${l.new}`)).toEqual(
      expect.arrayContaining(['D10.10→D10.12', 'D10.11→D10.13', 'D10.12→D10.15', 'D10.13→D10.17']),
    );
    expect(body.findings).toContainEqual(
      expect.objectContaining({
        check: 'drifted-reference',
        where: 'D10.15',
        suggestion: 'Section D10.8(c)',
      }),
    );
    const stored = await call(t, c.secas, 'GET', `/api/v1/releases/${february}/code-consolidation`);
    expect(stored.json<ConsolidationJson>().findings).toEqual(body.findings);
    // Before go-live the consolidation is a draft: not for the public or a Party, by any route.
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/releases/${february}/code-consolidation`,
    });
    expect(anonymous.statusCode).toBe(401);
    const party = await call(t, c.albion, 'GET', `/api/v1/releases/${february}/code-consolidation`);
    expect(party.statusCode).toBe(403);
  });

  it('reports two modifications changing one provision in the June release as a conflict', async () => {
    const d109 = [...(base.root.children.find((p) => p.label === 'D10')?.children ?? [])].find(
      (p) => p.label === '9',
    );
    const text = d109?.text ?? '';
    for (const [reference, edited] of [
      ['MP210', text.replace('available to the DCC', 'available to the DCC and the Authority')],
      ['MP211', text.replace('available to the DCC and Users', 'available to Users')],
    ] as const) {
      const id = await givenAllocatedModification(t, reference, '2027-06-24');
      await givenSectionsAAndD(t, id);
      await givenAllocation(t, june, id, 'all');
      const ops = draftAmendments(base, [{ amend: 'D10.9', text: edited }]);
      expect(
        (
          await call(t, c.secas, 'PUT', `/api/v1/modifications/${id}/legal-text`, {
            baseVersion: 'SEC 5.21',
            ops,
          })
        ).statusCode,
      ).toBe(204);
    }
    const body = (
      await call(t, c.secas, 'POST', `/api/v1/releases/${june}/code-consolidation`)
    ).json<ConsolidationJson>();
    expect(body.refused).toBe(true);
    expect(body.conflicts.map((x) => x.modifications)).toEqual([['MP210', 'MP211']]);
  });

  it('D10.1: the go-live produces the next version, live, with its audit event; a provision keeps its id across versions', async () => {
    const meta = await inTransaction(t.ctx, { id: c.chair.id, label: 'chair' }, (unit) =>
      produceNextVersion(unit, february),
    );
    expect(meta).toMatchObject({
      name: 'SEC 5.22',
      live: true,
      releaseId: february,
      lineage: ['MP201'],
    });
    const versions = (await t.app.inject({ method: 'GET', url: '/api/v1/code/versions' })).json<
      Array<{ name: string; live: boolean }>
    >();
    expect(versions.map((v) => [v.name, v.live])).toEqual([
      ['SEC 5.22', true],
      ['SEC 5.21', false],
    ]);
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'subject_id'])
      .where('action', '=', 'code.version_produced')
      .execute();
    expect(events).toEqual([{ action: 'code.version_produced', subject_id: String(meta?.id) }]);
    const oldD1010 = base.root.children
      .find((p) => p.label === 'D10')
      ?.children.find((p) => p.label === '10');
    const history = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/code/provisions/${oldD1010?.id ?? ''}/history`,
      })
    ).json<Array<{ versionName: string; label: string }>>();
    expect(history.map((h) => `${h.versionName} ${h.label}`)).toEqual([
      'SEC 5.21 D10.10',
      'SEC 5.22 D10.12',
    ]);
  });
});
