import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { countingContext, QueryCounter } from '../support/query-counter.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { givenCast, givenCatalogue, raised, type Cast } from './modification-fixtures.ts';

/** The references in the order the page's table lists them. */
function referencesIn(body: string): string[] {
  const table = body.slice(body.indexOf('<table'), body.indexOf('</table>'));
  return [...table.matchAll(/href="\/modifications\/\d+">([^<]+)<\/a>/g)].map((m) => m[1] ?? '');
}

const decode = (href: string) => href.replace(/&amp;/g, '&');

describe.each(ENGINES)(
  'issue 13: the modification list sorts, counts, pages and exports on %s',
  (engine) => {
    let t: TestApp;
    let c: Cast;
    let counted: SecrelApp | undefined;
    const counter = new QueryCounter();
    let reader: BrowserSession;

    /** 55 more modifications, raised on the first of each month back from 2020 (MP300…MP354). */
    const HISTORY = 55;

    beforeAll(async () => {
      t = await createTestApp(engine);
      c = await givenCast(t);
      await givenCatalogue(t);
      const july = await raised(t, c.albion, {
        reference: 'MP260',
        title: 'July proposal',
        path: 'path3',
      });
      const may = await raised(t, c.albion, {
        reference: 'MP261',
        title: 'May proposal',
        path: 'path3',
      });
      const formula = await raised(t, c.albion, {
        reference: 'MP262',
        title: '=HYPERLINK("http://evil.example","click")',
        path: 'path3',
      });
      await t.ctx.db
        .updateTable('modification')
        .set({ raised_on: '2026-07-02' })
        .where('id', '=', july)
        .execute();
      await t.ctx.db
        .updateTable('modification')
        .set({ raised_on: '2026-05-14' })
        .where('id', 'in', [may, formula])
        .execute();
      for (let i = 0; i < HISTORY; i++) {
        const id = await raised(t, c.northwind, {
          reference: `MP${300 + i}`,
          title: `Historic change ${i}`,
          path: 'path3',
        });
        const month = new Date(Date.UTC(2020, -i, 1)).toISOString().slice(0, 10);
        await t.ctx.db
          .updateTable('modification')
          .set({ raised_on: month })
          .where('id', '=', id)
          .execute();
      }
      const app = await buildApp(countingContext(t.ctx, counter));
      counted = app;
      await app.ready();
      reader = new BrowserSession(app);
    });
    afterAll(async () => {
      await counted?.close();
      await t.close();
    });

    it('is really newest first: MP260 of July sits above MP261 and MP262 of May, which the reference number orders', async () => {
      const page = await reader.get('/modifications');
      expect(page.statusCode).toBe(200);
      expect(referencesIn(page.body).slice(0, 4)).toEqual(['MP260', 'MP262', 'MP261', 'MP300']);
      expect(page.body).toContain('58 modifications');
      expect(page.body).toContain('Showing 1 to 50, page 1 of 2.');
      expect(page.body).toMatch(
        /aria-sort="descending"><a class="govuk-link" href="\/modifications\?sort=raised&amp;order=asc">Raised/,
      );
    });

    it('has numbered GOV.UK pages that keep the filters, the last page holding the oldest', async () => {
      const first = await reader.get('/modifications');
      expect(first.body).toContain('govuk-pagination');
      expect(first.body).toMatch(/href="\/modifications\?page=2"[^>]*>\s*2/);
      const second = await reader.get('/modifications?page=2');
      expect(second.statusCode).toBe(200);
      const oldest = referencesIn(second.body);
      expect(oldest).toHaveLength(8);
      expect(oldest.at(-1)).toBe('MP354');
      expect(second.body).toContain('aria-current="page"');
      expect(second.body).toContain('rel="prev"');
      const filtered = await reader.get('/modifications?q=historic');
      expect(filtered.body).toContain('55 match your filters');
      const next = /href="([^"]*page=2[^"]*)"[^>]*rel="next"|rel="next"[^>]*href="([^"]*)"/.exec(
        filtered.body,
      );
      const nextHref = decode(next?.[1] ?? next?.[2] ?? '');
      expect(nextHref).toBe('/modifications?q=historic&page=2');
      expect(referencesIn((await reader.get(nextHref)).body)).toHaveLength(5);
    });

    it('sorts by reference, title and status with links in the headers (aria-sort), the filters kept', async () => {
      const byReference = await reader.get('/modifications?sort=reference&order=asc');
      expect(referencesIn(byReference.body).slice(0, 3)).toEqual(['MP260', 'MP261', 'MP262']);
      expect(byReference.body).toContain('aria-sort="ascending"');
      const descending = await reader.get('/modifications?sort=reference&order=desc&page=1');
      expect(referencesIn(descending.body)[0]).toBe('MP354');
      const byTitle = await reader.get('/modifications?sort=title&q=proposal');
      expect(referencesIn(byTitle.body)).toEqual(['MP260', 'MP261']);
      expect(byTitle.body).toContain(
        'href="/modifications?q=proposal&amp;sort=title&amp;order=desc"',
      );
      const bad = await reader.get('/modifications?sort=colour');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('href="#sort"');
    });

    it('costs the same number of queries on the first and the last page, and sorted', async () => {
      const counts: number[] = [];
      for (const url of [
        '/modifications',
        '/modifications?page=2',
        '/modifications?sort=status&order=desc&page=2',
      ]) {
        await reader.get(url);
        counter.reset();
        expect((await reader.get(url)).statusCode).toBe(200);
        counts.push(counter.count);
      }
      expect(new Set(counts).size, counts.join(', ')).toBe(1);
    });

    it('exports the filtered register as CSV (formula-safe, ISO dates) and JSON, linked from the page with its filters', async () => {
      const page = await reader.get('/modifications?q=proposal');
      expect(page.body).toContain('href="/api/v1/exports/modifications.csv?q=proposal"');
      expect(page.body).toContain('href="/api/v1/exports/modifications.json?q=proposal"');
      const csv = await reader.get('/api/v1/exports/modifications.csv');
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csv.headers['content-disposition']).toContain('modifications.csv');
      const lines = csv.body.trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'reference,title,status,statusName,path,pathName,urgent,proposer,raisedOn,id',
      );
      expect(lines).toHaveLength(59);
      expect(lines[1]).toMatch(
        /^MP260,July proposal,modification_proposal,Modification Proposal,path3,Path 3: Self-Governance,no,Albion Power Ltd,2026-07-02,\d+$/,
      );
      const formula = lines.find((line) => line.startsWith('MP262'));
      expect(formula).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      const json = await reader.get('/api/v1/exports/modifications.json?q=historic&sort=reference');
      expect(json.statusCode).toBe(200);
      const rows = json.json<{ reference: string; raisedOn: string; urgent: boolean }[]>();
      expect(rows).toHaveLength(55);
      expect(rows[0]).toMatchObject({ reference: 'MP300', raisedOn: '2020-01-01', urgent: false });
      const refused = await reader.get('/api/v1/exports/modifications.csv?status=lost');
      expect(refused.statusCode).toBe(400);
    });
  },
);
