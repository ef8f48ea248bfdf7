/**
 * Issue 14, D6.8(e) on both engines: a modification whose legal text changes a Section must list
 * that Section among the documents it changes, on every route by which it moves past that point.
 * Refinement completing — by the refinement page and API, and by the Panel's lifecycle step on
 * the modification page and API — and a part allocated to a release — by the release page and
 * API — and, past refinement, a change of its documents by the API or the documents page are
 * each refused with `legal_text_documents_missing` naming the Section and the provisions, and
 * nothing changes (no status, version, allocation or audit event); once the
 * Section is listed the same request goes through. A release recorded as history from before the
 * cut-over is not gated (ruling 13).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveOperations } from '../../src/modules/code-text/code-derive.ts';
import {
  amendmentOf,
  loadVersion,
  versionByName,
} from '../../src/modules/code-text/code-text.store.ts';
import { indexVersion, labelIndex } from '../../src/modules/code-text/code-tree.ts';
import { SECMP0061_BEFORE, SECMP0061_SCOPE } from '../../src/modules/code-text/secmp0061-text.ts';
import {
  givenModification as givenApprovedModification,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import {
  givenModification,
  setUpRefinement,
  type RefinementFixture,
} from '../support/refinement-fixtures.ts';
import { BrowserSession } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

interface Problem {
  code: string;
  message: string;
}

describe.each(ENGINES)(
  'D6.8(e): the legal text against the documents on every route, on %s',
  (engine) => {
    let f: RefinementFixture;
    let secas: BrowserSession;
    let releaseId: number;
    /** The operations deleting D10.3 of SEC 5.21: legal text that changes Section D. */
    let changesSectionD: unknown[];

    /** Everything a refused request must leave as it was. */
    const snapshot = async (modificationId: number) => ({
      modification: await f.statusOf(modificationId),
      allocations: await f.t.ctx.db
        .selectFrom('allocation')
        .select(['id', 'modification_id', 'part'])
        .where('modification_id', '=', modificationId)
        .execute(),
      audit: (
        await f.t.ctx.db
          .selectFrom('audit_event')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    });

    /** Records legal text changing Section D on the modification (the API's PUT). */
    const giveLegalText = async (modificationId: number) => {
      const response = await f.call(
        f.secas,
        'PUT',
        `/api/v1/modifications/${modificationId}/legal-text`,
        {
          baseVersion: 'SEC 5.21',
          ops: changesSectionD,
        },
      );
      expect(response.statusCode, response.body).toBe(204);
    };

    /** Lists Section D among the documents the modification changes. */
    const listSectionD = (modificationId: number) =>
      f.t.ctx.db
        .insertInto('modification_document')
        .values({ modification_id: modificationId, document_id: 'section-d' })
        .execute();

    /** A modification in refinement listing only Section G, its record otherwise complete, with legal text changing D10.3. */
    const givenCompleteRefinement = async () => {
      const mod = await givenModification(f.t.ctx, ['section-g']);
      await f.concludeAll(mod.id);
      expect((await f.setTesting(f.secas, mod.id, false)).statusCode).toBe(200);
      expect((await f.requestView(mod.id, 'security_sub_committee')).statusCode).toBe(201);
      await giveLegalText(mod.id);
      return mod;
    };

    const setStatus = (id: number, status: string) =>
      f.t.ctx.db.updateTable('modification').set({ status }).where('id', '=', id).execute();

    /**
     * An approved Path 3 modification (never in a Refinement Process) listing only Section G,
     * with legal text changing D10.3 drafted while it was a Modification Proposal (before the
     * gate on changing legal text) — what only the allocation gate can still catch.
     */
    const givenApproved = async (reference: string) => {
      const id = await givenApprovedModification(f.t, reference, 'approved');
      await f.t.ctx.db
        .insertInto('modification_document')
        .values({ modification_id: id, document_id: 'section-g' })
        .execute();
      await setStatus(id, 'modification_proposal');
      await giveLegalText(id);
      await setStatus(id, 'approved');
      return id;
    };

    /** An allocated Path 3 modification listing only Section G, with no legal text yet. */
    const givenAllocated = async (reference: string) => {
      const id = await givenApprovedModification(f.t, reference, 'allocated');
      await f.t.ctx.db
        .insertInto('modification_document')
        .values({ modification_id: id, document_id: 'section-g' })
        .execute();
      return id;
    };

    /** The legal text stored for a modification, as the store holds it. */
    const storedLegalText = async (modificationId: number) =>
      (await amendmentOf(f.t.ctx.db, modificationId))?.ops;

    const expectRefused = (problem: Problem, act: string) => {
      expect(problem.code).toBe('legal_text_documents_missing');
      expect(problem.message).toContain(act);
      expect(problem.message).toContain(
        'The legal text changes D10.3, but Section D is not among the documents the modification changes',
      );
    };

    /** The GOV.UK error summary of a refused form, with the rule's message in it. */
    const expectFormRefused = (body: string, act: string) => {
      expect(body).toContain('govuk-error-summary');
      expect(body).toContain(act);
      expect(body).toContain(
        'The legal text changes D10.3, but Section D is not among the documents',
      );
    };

    beforeAll(async () => {
      f = await setUpRefinement(engine);
      const imported = await f.call(f.secas, 'POST', '/api/v1/code/versions', {
        name: 'SEC 5.21',
        text: SECMP0061_BEFORE,
        scope: SECMP0061_SCOPE,
      });
      expect(imported.statusCode).toBe(201);
      const meta = await versionByName(f.t.ctx.db, 'SEC 5.21');
      const base = await loadVersion(f.t.ctx.db, meta as NonNullable<typeof meta>);
      const d103 = labelIndex(indexVersion(base.root)).get('D10.3') ?? '';
      expect(d103).not.toBe('');
      changesSectionD = deriveOperations(
        base,
        { action: 'delete', provision: d103 },
        () => 'unused',
      );
      const policyId = await givenPolicy(f.t);
      // The June 2027 release, before its scope baselines: allocation needs no Panel exception.
      releaseId = await givenRelease(
        f.t,
        policyId,
        'June 2027 SEC Release',
        'planned',
        '2027-06-24',
        'june',
      );
      secas = new BrowserSession(f.t.app);
      await secas.signIn(f.secas.email);
    });
    afterAll(async () => f.t.close());

    it('D6.8(e): completing refinement through the API is refused while the legal text changes a Section not listed, and nothing changes', async () => {
      const mod = await givenCompleteRefinement();
      const before = await snapshot(mod.id);
      const refused = await f.complete(f.secas, mod.id);
      expect(refused.statusCode).toBe(409);
      expectRefused(refused.json<Problem>(), 'Refinement cannot complete');
      expect(await snapshot(mod.id)).toEqual(before);
      await listSectionD(mod.id);
      const done = await f.complete(f.secas, mod.id);
      expect(done.statusCode, done.body).toBe(200);
      expect((await f.statusOf(mod.id)).status).toBe('report_phase');
    });

    it('D6.8(e): completing refinement through the refinement page’s form is refused with an error summary, and nothing changes', async () => {
      const mod = await givenCompleteRefinement();
      const page = await secas.get(`/modifications/${mod.id}/refinement`);
      expect(page.statusCode).toBe(200);
      const before = await snapshot(mod.id);
      const form = {
        version: String(before.modification.version),
        reason: 'Working Group finished',
      };
      const refused = await secas.post(`/modifications/${mod.id}/refinement/complete`, form);
      expect(refused.statusCode).toBe(409);
      expectFormRefused(refused.body, 'Refinement cannot complete');
      expect(await snapshot(mod.id)).toEqual(before);
      await listSectionD(mod.id);
      const done = await secas.post(`/modifications/${mod.id}/refinement/complete`, form);
      expect(done.statusCode, done.body).toBe(303);
      expect((await f.statusOf(mod.id)).status).toBe('report_phase');
    });

    it('D6.8(e): the Panel’s step from refinement to the Report Phase through the API is refused the same way, and nothing changes', async () => {
      const mod = await givenCompleteRefinement();
      const before = await snapshot(mod.id);
      const step = {
        to: 'report_phase',
        reason: 'The Panel agreed the Working Group’s report',
        version: before.modification.version,
      };
      const url = `/api/v1/modifications/${mod.id}/progress`;
      const refused = await f.call(f.chair, 'POST', url, step);
      expect(refused.statusCode).toBe(409);
      expectRefused(refused.json<Problem>(), 'Refinement cannot complete');
      expect(await snapshot(mod.id)).toEqual(before);
      await listSectionD(mod.id);
      const done = await f.call(f.chair, 'POST', url, step);
      expect(done.statusCode, done.body).toBe(200);
      expect((await f.statusOf(mod.id)).status).toBe('report_phase');
    });

    it('D6.8(e): the Panel’s step from refinement to the Report Phase through the modification page’s form is refused, and nothing changes', async () => {
      const mod = await givenCompleteRefinement();
      const page = await secas.get(`/modifications/${mod.id}`);
      expect(page.statusCode).toBe(200);
      const before = await snapshot(mod.id);
      const form = {
        to: 'report_phase',
        path: '',
        reason: 'The Panel agreed the Working Group’s report',
        version: String(before.modification.version),
      };
      const refused = await secas.post(`/modifications/${mod.id}/progress`, form);
      expect(refused.statusCode).toBe(409);
      expectFormRefused(refused.body, 'Refinement cannot complete');
      expect(await snapshot(mod.id)).toEqual(before);
      await listSectionD(mod.id);
      const done = await secas.post(`/modifications/${mod.id}/progress`, form);
      expect(done.statusCode, done.body).toBe(303);
      expect((await f.statusOf(mod.id)).status).toBe('report_phase');
    });

    it('D6.8(e): allocating a part to a release through the API is refused while the legal text changes a Section not listed, and nothing changes', async () => {
      const id = await givenApproved('MP801');
      const before = await snapshot(id);
      const body = { modificationId: id, part: 'whole', dccImpacting: false };
      const url = `/api/v1/releases/${releaseId}/allocations`;
      const refused = await f.call(f.secas, 'POST', url, body);
      expect(refused.statusCode).toBe(409);
      expectRefused(refused.json<Problem>(), 'The modification cannot be allocated to a release');
      expect(await snapshot(id)).toEqual(before);
      expect(before.modification.status).toBe('approved');
      await listSectionD(id);
      const done = await f.call(f.secas, 'POST', url, body);
      expect(done.statusCode, done.body).toBe(201);
      expect((await f.statusOf(id)).status).toBe('allocated');
    });

    it('D6.8(e): allocating a part to a release through the release page’s form is refused with an error summary, and nothing changes', async () => {
      const id = await givenApproved('MP802');
      const page = await secas.get(`/releases/${releaseId}`);
      expect(page.statusCode).toBe(200);
      const before = await snapshot(id);
      const form = { modificationId: String(id), part: 'whole', dccImpacting: 'no', find: '' };
      const refused = await secas.post(`/releases/${releaseId}/allocations`, form);
      expect(refused.statusCode).toBe(409);
      expectFormRefused(refused.body, 'The modification cannot be allocated to a release');
      expect(await snapshot(id)).toEqual(before);
      await listSectionD(id);
      const done = await secas.post(`/releases/${releaseId}/allocations`, form);
      expect(done.statusCode, done.body).toBe(303);
      expect((await f.statusOf(id)).status).toBe('allocated');
    });

    it('D6.8(e), ruling 13: a release recorded from before the cut-over (history import) holds the modification as it happened: history is not gated', async () => {
      const id = await givenApproved('MP803');
      const recorded = await f.call(f.secas, 'POST', '/api/v1/history', {
        records: [
          {
            type: 'release',
            name: 'June 2019 SEC Release',
            goLive: '2019-06-27',
            releaseType: 'june',
            status: 'live',
            modifications: ['MP803'],
            sourceUrl: 'https://smartenergycodecompany.co.uk/tag/sec-release/page/2/',
          },
        ],
      });
      expect(recorded.statusCode, recorded.body).toBeLessThan(300);
      const allocations = await f.t.ctx.db
        .selectFrom('allocation')
        .select('part')
        .where('modification_id', '=', id)
        .execute();
      expect(allocations).toEqual([{ part: 'whole' }]);
    });

    it('D6.8(e): changing the legal text of an allocated modification through the API to change a Section not listed is refused, and nothing is stored; once listed it is accepted', async () => {
      const id = await givenAllocated('MP804');
      const before = await snapshot(id);
      const url = `/api/v1/modifications/${id}/legal-text`;
      const body = { baseVersion: 'SEC 5.21', ops: changesSectionD };
      const refused = await f.call(f.secas, 'PUT', url, body);
      expect(refused.statusCode).toBe(409);
      expectRefused(refused.json<Problem>(), 'The legal text cannot be changed');
      expect(await snapshot(id)).toEqual(before);
      expect(await storedLegalText(id)).toBeUndefined();
      await listSectionD(id);
      const accepted = await f.call(f.secas, 'PUT', url, body);
      expect(accepted.statusCode, accepted.body).toBe(204);
      expect(await storedLegalText(id)).toEqual(changesSectionD);
    });

    it('D6.8(e): in the Report Phase the legal text is held to the documents too, but in refinement it is still drafted freely (the refinement gate checks it)', async () => {
      const id = await givenAllocated('MP805');
      const url = `/api/v1/modifications/${id}/legal-text`;
      const body = { baseVersion: 'SEC 5.21', ops: changesSectionD };
      await setStatus(id, 'report_phase');
      const refused = await f.call(f.secas, 'PUT', url, body);
      expect(refused.statusCode).toBe(409);
      expectRefused(refused.json<Problem>(), 'The legal text cannot be changed');
      expect(await storedLegalText(id)).toBeUndefined();
      await setStatus(id, 'refinement');
      const drafted = await f.call(f.secas, 'PUT', url, body);
      expect(drafted.statusCode, drafted.body).toBe(204);
      expect(await storedLegalText(id)).toEqual(changesSectionD);
    });

    it('D6.8(e): changing the legal text of an allocated modification through the edit page to change a Section not listed is refused with an error summary, and nothing is stored; once listed it is saved', async () => {
      const id = await givenAllocated('MP806');
      const page = `/modifications/${id}/legal-text`;
      const chosen = await secas.post(`${page}/base`, { baseVersion: 'SEC 5.21' });
      expect(chosen.statusCode, chosen.body).toBe(303);
      const meta = await versionByName(f.t.ctx.db, 'SEC 5.21');
      const base = await loadVersion(f.t.ctx.db, meta as NonNullable<typeof meta>);
      const d103 = labelIndex(indexVersion(base.root)).get('D10.3') ?? '';
      const storedBefore = await storedLegalText(id);
      const before = await snapshot(id);
      const form = { action: 'delete', step: 'save' };
      const refused = await secas.post(`${page}/provisions/${d103}`, form);
      expect(refused.statusCode).toBe(409);
      expectFormRefused(refused.body, 'The legal text cannot be changed');
      expect(await snapshot(id)).toEqual(before);
      expect(await storedLegalText(id)).toEqual(storedBefore);
      await listSectionD(id);
      const saved = await secas.post(`${page}/provisions/${d103}`, form);
      expect(saved.statusCode, saved.body).toBe(303);
      expect(await storedLegalText(id)).toEqual([
        expect.objectContaining({ op: 'delete', target: d103 }),
      ]);
    });

    /** A modification in the Report Phase listing Sections G and D, its legal text changing D10.3. */
    const givenReportPhase = async () => {
      const mod = await givenCompleteRefinement();
      await listSectionD(mod.id);
      expect((await f.complete(f.secas, mod.id)).statusCode).toBe(200);
      expect((await f.statusOf(mod.id)).status).toBe('report_phase');
      return mod;
    };

    const documentsOf = async (modificationId: number) =>
      (
        await f.t.ctx.db
          .selectFrom('modification_document')
          .select('document_id')
          .where('modification_id', '=', modificationId)
          .orderBy('document_id')
          .execute()
      ).map((row) => row.document_id);

    it('D6.8(e): past refinement, dropping from the documents through the API a Section the legal text changes is refused, and nothing changes; keeping it is accepted', async () => {
      const mod = await givenReportPhase();
      const before = { ...(await snapshot(mod.id)), documents: await documentsOf(mod.id) };
      expect(before.documents).toEqual(['section-d', 'section-g']);
      const url = `/api/v1/modifications/${mod.id}/documents`;
      const version = before.modification.version;
      const refused = await f.call(f.secas, 'PUT', url, { documentIds: ['section-g'], version });
      expect(refused.statusCode).toBe(409);
      expectRefused(refused.json<Problem>(), 'The documents it changes cannot be set so');
      expect({ ...(await snapshot(mod.id)), documents: await documentsOf(mod.id) }).toEqual(before);
      const kept = await f.call(f.secas, 'PUT', url, { documentIds: ['section-d'], version });
      expect(kept.statusCode, kept.body).toBe(200);
      expect(await documentsOf(mod.id)).toEqual(['section-d']);
    });

    it('D6.8(e): past refinement, the documents page refuses the same change with an error summary, and nothing changes', async () => {
      const mod = await givenReportPhase();
      const page = await secas.get(`/modifications/${mod.id}/documents`);
      expect(page.statusCode).toBe(200);
      const before = { ...(await snapshot(mod.id)), documents: await documentsOf(mod.id) };
      const refused = await secas.post(`/modifications/${mod.id}/documents`, {
        documentIds: 'section-g',
        version: String(before.modification.version),
      });
      expect(refused.statusCode).toBe(409);
      expectFormRefused(refused.body, 'The documents it changes cannot be set so');
      expect({ ...(await snapshot(mod.id)), documents: await documentsOf(mod.id) }).toEqual(before);
    });

    it('D6.8(e): the routes that refuse list legal_text_documents_missing among their OpenAPI responses', async () => {
      const spec = (await f.t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<
          string,
          Record<string, { responses: Record<string, { description?: string }> }>
        >;
      }>();
      for (const [path, method] of [
        ['/api/v1/modifications/{id}/refinement/complete', 'post'],
        ['/api/v1/modifications/{id}/progress', 'post'],
        ['/api/v1/releases/{id}/allocations', 'post'],
        ['/api/v1/modifications/{id}/legal-text', 'put'],
        ['/api/v1/modifications/{id}/legal-text/word', 'put'],
        ['/api/v1/modifications/{id}/documents', 'put'],
      ] as const) {
        const conflict = spec.paths[path]?.[method]?.responses['409'];
        expect(conflict?.description, path).toContain('legal_text_documents_missing');
      }
    });
  },
);
