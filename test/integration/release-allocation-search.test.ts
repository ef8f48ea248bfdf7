import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { givenModification, givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenCast, modificationRow, type Cast } from './modification-fixtures.ts';

/** The options of the select named `name` in `html`. */
function optionsOf(html: string, id: string): string[] {
  const select = html.slice(html.indexOf(`id="${id}"`)).split('</select>')[0] ?? '';
  return [...select.matchAll(/<option value="(\d+)"[^>]*>([^<]*)</g)].map((m) => m[2] ?? '');
}

describe.each(ENGINES)(
  'issue 12, D10.7: the release page finds the modification to allocate among hundreds on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;
    let releaseId: number;
    const ids = new Map<string, number>();
    let secas: BrowserSession;

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenCast(t);
      const policyId = await givenPolicy(t);
      // The June 2027 release, before its scope baselines: allocation needs no Panel exception.
      releaseId = await givenRelease(
        t,
        policyId,
        'June 2027 SEC Release',
        'planned',
        '2027-06-24',
        'june',
      );
      for (let n = 100; n < 160; n += 1) {
        const reference = `MP${n}`;
        ids.set(reference, await givenModification(t, reference, 'approved'));
      }
      // What raising a modification stores for the register's search (searchTextOf).
      await sql`update modification set search_text = lower(reference || ' ' || title)`.execute(
        t.ctx.db,
      );
      secas = new BrowserSession(t.app);
      await secas.signIn(c.secas.email);
    });
    afterAll(() => t.close());

    it('D10.7: with 60 approved modifications the page offers a search, not a drop-down of them all', async () => {
      const page = await secas.get(`/releases/${releaseId}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Allocate a modification');
      expect(page.body).toContain('id="allocate-find"');
      expect(page.body).not.toContain('id="allocate-modificationId"');
      expect(page.body).not.toContain('MP123: MP123 test modification');
    });

    it('D10.7: a search by reference offers the matches, and allocating the one chosen works', async () => {
      const found = await secas.get(`/releases/${releaseId}?find=mp12`);
      expect(found.statusCode).toBe(200);
      expect(optionsOf(found.body, 'allocate-modificationId')).toEqual([
        'MP120: MP120 test modification',
        ...Array.from({ length: 9 }, (_, i) => `MP12${i + 1}: MP12${i + 1} test modification`),
      ]);
      const mp123 = ids.get('MP123') ?? 0;
      const done = await secas.post(`/releases/${releaseId}/allocations`, {
        modificationId: String(mp123),
        part: 'whole',
        dccImpacting: 'no',
        find: 'mp12',
      });
      expect(done.statusCode).toBe(303);
      expect((await modificationRow(t, mp123)).status).toBe('allocated');
    });

    it('D10.7: a refused allocation shows the form again with the chosen modification still offered', async () => {
      const mp140 = ids.get('MP140') ?? 0;
      const refused = await secas.post(`/releases/${releaseId}/allocations`, {
        modificationId: String(mp140),
        part: 'Bad Part',
        dccImpacting: 'no',
        find: '',
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('href="#allocate-part"');
      expect(refused.body).toMatch(/<option value="\d+" selected>MP140: MP140 test modification</);
      expect((await modificationRow(t, mp140)).status).toBe('approved');
    });

    it('D10.7: a search that matches nothing says so and offers no form to post', async () => {
      const page = await secas.get(`/releases/${releaseId}?find=nothing%20like%20this`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('No approved modification matches “nothing like this”.');
      expect(page.body).not.toContain('id="allocate-modificationId"');
    });

    it('D10.7: a broad search offers the first 20 matches and asks for more words', async () => {
      const page = await secas.get(`/releases/${releaseId}?find=test`);
      expect(optionsOf(page.body, 'allocate-modificationId')).toHaveLength(20);
      expect(page.body).toContain('add words to narrow the search');
    });
  },
);
