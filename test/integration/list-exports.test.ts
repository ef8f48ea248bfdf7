import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/demo-data.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { BrowserSession } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

const SECAS = 'tom.okafor@example.org';
const DCC = 'fiona.macleod@example.org';
const PARTY = 'james.whitfield@example.org';
const AUDITOR = 'daniel.osei@example.org';

type Row = Record<string, string | number | boolean | null>;

/** The lines of a CSV body (CRLF ended), the header first. */
const csvLines = (body: string) => body.trimEnd().split('\r\n');

describe.each(ENGINES)(
  'issue 13: releases, appeals, consultations and responses export as CSV and JSON on %s',
  (engine) => {
    let demo: DemoDatabase;
    let app: SecrelApp;
    const sessions = new Map<string, BrowserSession>();

    /** A browser signed in as `email` (one per person, kept). */
    async function as(email: string): Promise<BrowserSession> {
      let session = sessions.get(email);
      if (!session) {
        session = new BrowserSession(app);
        await session.signIn(email, DEMO_PASSWORD);
        sessions.set(email, session);
      }
      return session;
    }
    const anonymous = (url: string) => app.inject({ method: 'GET', url });

    beforeAll(async () => {
      demo = await givenDemo(engine);
      app = await buildApp(demo.ctx);
      await app.ready();
    }, 240_000);
    afterAll(async () => {
      await app.close();
      await demo.close();
    });

    it('issue 13: the release export lists what /api/v1/releases lists, with health, notice, freeze and modification count (public)', async () => {
      const listed = (await anonymous('/api/v1/releases')).json<Row[]>();
      const exported = await anonymous('/api/v1/exports/releases.json');
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-disposition']).toContain('releases.json');
      const rows = exported.json<Row[]>();
      expect(rows.map((r) => [r.id, r.name, r.goLive, r.status])).toEqual(
        listed.map((r) => [r.id, r.name, r.goLive, r.status]),
      );
      expect(rows.length).toBeGreaterThan(2);
      const february = rows.find((r) => r.name === 'February 2027 SEC Release');
      expect(february).toBeDefined();
      const detail = (await anonymous(`/api/v1/releases/${String(february?.id)}`)).json<{
        allocations: { modificationId: number; descopedAt: string | null }[];
        milestones: { id: string; date: string; until?: string }[];
      }>();
      const held = new Set(
        detail.allocations.filter((a) => a.descopedAt === null).map((a) => a.modificationId),
      );
      expect(held.size).toBeGreaterThan(0);
      expect(february?.modifications).toBe(held.size);
      const milestone = (id: string) => detail.milestones.find((m) => m.id === id);
      expect(february?.noticePeriodStarts).toBe(milestone('notice_start')?.date);
      expect(february?.changeFreezeFrom).toBe(milestone('change_freeze')?.date ?? null);
      expect(february?.changeFreezeTo).toBe(milestone('change_freeze')?.until ?? null);
      expect(february?.releaseTypeName).not.toMatch(/_/);
      expect(['on_track', 'at_risk', 'late']).toContain(february?.health);
      for (const row of rows) expect(String(row.goLive)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    });

    it('issue 13: the release export keeps the from and to filters and is linked from /releases', async () => {
      const rows = (
        await anonymous('/api/v1/exports/releases.json?from=2027-01-01&to=2027-03-31')
      ).json<Row[]>();
      expect(rows.map((r) => r.name)).toContain('February 2027 SEC Release');
      for (const row of rows) {
        expect(String(row.goLive) >= '2027-01-01').toBe(true);
        expect(String(row.goLive) <= '2027-03-31').toBe(true);
      }
      expect((await anonymous('/api/v1/exports/releases.csv?from=tomorrow')).statusCode).toBe(400);
      const page = await anonymous('/releases');
      expect(page.body).toContain('href="/api/v1/exports/releases.csv"');
      expect(page.body).toContain('href="/api/v1/exports/releases.json"');
    });

    it('issue 13: the appeal export lists the appeals of /api/v1/appeals, reasons only for who may read them', async () => {
      const listed = (await anonymous('/api/v1/appeals?limit=100')).json<{
        items: { id: number; status: string }[];
      }>().items;
      expect(listed.length).toBeGreaterThan(0);
      const publicRows = (await anonymous('/api/v1/exports/appeals.json')).json<Row[]>();
      expect(publicRows.map((r) => [r.id, r.status])).toEqual(listed.map((a) => [a.id, a.status]));
      expect(publicRows.every((r) => r.reasons === null)).toBe(true);
      for (const row of publicRows)
        expect(String(row.lodgedAt)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const appellant = await as(PARTY);
      const own = (await appellant.get('/api/v1/exports/appeals.json')).json<Row[]>();
      expect(own[0]?.appellant).toBe('Albion Power Ltd');
      expect(String(own[0]?.reasons ?? '').length).toBeGreaterThan(20);
      const auditor = await as(AUDITOR);
      const other = (await auditor.get('/api/v1/exports/appeals.json')).json<Row[]>();
      expect(other.every((r) => r.reasons === null)).toBe(true);
      for (const status of ['open', 'determined'] as const) {
        const filtered = (await anonymous(`/api/v1/exports/appeals.json?status=${status}`)).json<
          Row[]
        >();
        const api = (await anonymous(`/api/v1/appeals?status=${status}`)).json<{
          items: { id: number }[];
        }>().items;
        expect(filtered.map((r) => r.id)).toEqual(api.map((a) => a.id));
      }
      expect((await anonymous('/api/v1/exports/appeals.csv?status=lost')).statusCode).toBe(400);
      const page = await anonymous('/appeals');
      expect(page.body).toContain('href="/api/v1/exports/appeals.csv"');
      expect(page.body).toContain('href="/api/v1/exports/appeals.json"');
    });

    it('issue 13: the consultation export lists /api/v1/consultations with its filters and is linked from /consultations', async () => {
      const listed = (await anonymous('/api/v1/consultations')).json<{ id: number }[]>();
      const rows = (await anonymous('/api/v1/exports/consultations.json')).json<Row[]>();
      expect(rows.map((r) => r.id)).toEqual(listed.map((c) => c.id));
      expect(rows.length).toBeGreaterThan(0);
      const open = (await anonymous('/api/v1/exports/consultations.json?status=open')).json<
        Row[]
      >();
      const openApi = (await anonymous('/api/v1/consultations?status=open')).json<
        { id: number }[]
      >();
      expect(open.map((r) => r.id)).toEqual(openApi.map((c) => c.id));
      expect(open.every((r) => r.status === 'open' && r.statusName === 'Open')).toBe(true);
      const csv = await anonymous('/api/v1/exports/consultations.csv');
      expect(csv.headers['content-type']).toContain('text/csv');
      expect(csvLines(csv.body)[0]).toBe(
        'id,title,subjectType,subject,subjectId,audiences,runBy,opensAt,closesAt,status,statusName,questions,summaryPublishedAt,heldOutsideSecrel',
      );
      const page = await anonymous('/consultations');
      expect(page.body).toContain('href="/api/v1/exports/consultations.csv"');
      expect(page.body).toContain('href="/api/v1/exports/consultations.json"');
    });

    it('issue 13: a consultation’s responses export as its page shows them: confidential ones only to the Panel, SECAS, the Authority and their organisation', async () => {
      const calendar = (await anonymous('/api/v1/exports/consultations.json'))
        .json<Row[]>()
        .find((r) => r.title === 'Proposed SEC Release calendar 2028');
      expect(calendar).toBeDefined();
      const url = (format: string) =>
        `/api/v1/exports/consultations/${String(calendar?.id)}/responses.${format}`;
      const publicRows = (await anonymous(url('json'))).json<Row[]>();
      expect(publicRows.map((r) => r.organisation)).toEqual([
        'Albion Power Ltd',
        'Albion Power Ltd',
      ]);
      expect(publicRows.every((r) => r.confidential === false)).toBe(true);
      expect(publicRows[0]).toMatchObject({
        questionId: 'q1',
        question: 'Do you agree with the three proposed release dates for 2028?',
      });
      const secas = (await (await as(SECAS)).get(url('json'))).json<Row[]>();
      expect(secas.map((r) => r.organisation)).toContain('Smart DCC Ltd');
      expect(secas.find((r) => r.organisation === 'Smart DCC Ltd')?.confidential).toBe(true);
      const dcc = (await (await as(DCC)).get(url('json'))).json<Row[]>();
      expect(dcc.map((r) => r.organisation)).toContain('Smart DCC Ltd');
      const party = (await (await as(PARTY)).get(url('json'))).json<Row[]>();
      expect(party.map((r) => r.organisation)).not.toContain('Smart DCC Ltd');
      const csv = await anonymous(url('csv'));
      expect(csvLines(csv.body)[0]).toBe(
        'responseId,organisation,submittedAt,confidential,questionId,question,answer,attachments',
      );
      expect(csv.body).not.toContain('commercially sensitive');
      expect(
        (await anonymous('/api/v1/exports/consultations/999999/responses.csv')).statusCode,
      ).toBe(404);
      const page = await anonymous(`/consultations/${String(calendar?.id)}`);
      expect(page.body).toContain(`href="${url('csv')}"`);
      expect(page.body).toContain(`href="${url('json')}"`);
    });

    it('issue 13: a cell starting with "=" is neutralised in every export', async () => {
      const db = demo.ctx.db;
      const release = await db
        .selectFrom('release')
        .select('id')
        .where('name', '=', 'February 2027 SEC Release')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('release')
        .set({ name: '=SUM(1,2)' })
        .where('id', '=', release.id)
        .execute();
      const consultation = await db
        .selectFrom('consultation')
        .select('id')
        .where('title', '=', 'Proposed SEC Release calendar 2028')
        .executeTakeFirstOrThrow();
      await db
        .updateTable('consultation')
        .set({ title: '=HYPERLINK("http://evil.example","click")' })
        .where('id', '=', consultation.id)
        .execute();
      await db
        .updateTable('organisation')
        .set({ name: '@evil' })
        .where('name', '=', 'Albion Power Ltd')
        .execute();
      const releases = (await anonymous('/api/v1/exports/releases.csv')).body;
      expect(releases).toContain(`"'=SUM(1,2)"`);
      expect(releases).not.toMatch(/(^|,)"?=SUM/m);
      const consultations = (await anonymous('/api/v1/exports/consultations.csv')).body;
      expect(consultations).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      const appeals = (await anonymous('/api/v1/exports/appeals.csv')).body;
      expect(appeals).toContain(`'@evil`);
      expect(appeals).not.toMatch(/(^|,)"?@evil/m);
      const responses = (
        await anonymous(`/api/v1/exports/consultations/${String(consultation.id)}/responses.csv`)
      ).body;
      expect(responses).toContain(`'@evil`);
      expect(responses).not.toMatch(/(^|,)"?@evil/m);
    });
  },
);
