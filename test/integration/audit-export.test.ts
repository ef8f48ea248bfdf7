import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app-context.ts';
import { eachAuditEvent } from '../../src/audit/audit.store.ts';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

interface ExportedEvent {
  seq: number;
  at: string;
  actorId: number | null;
  actor: string;
  action: string;
  actionWords: string;
  subjectType: string;
  subjectId: string;
  subject: string;
  reason: string | null;
  before: string | null;
  after: string | null;
  prevHash: string;
  hash: string;
}

describe.each(ENGINES)('issue 13: the audit trail exports as CSV and JSON on %s', (engine) => {
  let t: TestApp;
  let panel: TestUser;
  let party: TestUser;

  beforeAll(async () => {
    t = await createTestApp(engine);
    panel = await givenUser(t.ctx, 'panel_member');
    party = await givenUser(t.ctx, 'party');
    t.clock.advance(3 * 24 * 60 * 60 * 1000);
    // Five noted events on modification 7, one with a reason a spreadsheet would run as a formula.
    for (let i = 1; i <= 5; i++) {
      await inTransaction(t.ctx, { id: panel.id, label: 'Test panel member' }, async (unit) => {
        await unit.audit({
          action: 'modification.noted',
          subjectType: 'modification',
          subjectId: '7',
          before: { n: i - 1 },
          after: { n: i },
          reason: i === 3 ? '=HYPERLINK("http://evil.example","click")' : `Note ${i}`,
        });
      });
    }
    t.clock.advance(3 * 24 * 60 * 60 * 1000);
    await givenUser(t.ctx, 'party');
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, user?: TestUser) =>
    t.app.inject({ method: 'GET', url, headers: user ? bearer(user) : {} });

  it('issue 13: the JSON export holds exactly the events /api/v1/audit lists, newest first, with ISO instants', async () => {
    const list = await get('/api/v1/audit?limit=200', panel);
    const listed = list.json<{ events: { seq: number; hash: string }[] }>().events;
    const exported = await get('/api/v1/exports/audit.json', panel);
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('application/json');
    expect(exported.headers['content-disposition']).toContain('audit.json');
    const rows = exported.json<ExportedEvent[]>();
    expect(rows.map((r) => [r.seq, r.hash])).toEqual(listed.map((e) => [e.seq, e.hash]));
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const row of rows) expect(row.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const noted = rows.find((r) => r.reason === 'Note 2');
    expect(noted).toMatchObject({
      action: 'modification.noted',
      subject: 'Modification 7',
      actorId: panel.id,
      before: '{"n":1}',
      after: '{"n":2}',
    });
    expect(noted?.actionWords).not.toContain('modification.noted');
  });

  it('issue 13: the CSV export has its header line and neutralises a cell starting with "="', async () => {
    const csv = await get('/api/v1/exports/audit.csv?action=modification.noted', panel);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('audit.csv');
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at,actorId,actor,action,actionWords,subjectType,subjectId,subject,reason,before,after,prevHash,hash',
    );
    expect(lines).toHaveLength(6);
    const formula = lines.find((line) => line.includes('HYPERLINK'));
    expect(formula).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(formula).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
  });

  it('issue 13: the export keeps the filters of /audit (subject, actor, action, dates)', async () => {
    const bySubject = (
      await get('/api/v1/exports/audit.json?subjectType=modification&subjectId=7', panel)
    ).json<ExportedEvent[]>();
    expect(bySubject.map((r) => r.reason)).toEqual([
      'Note 5',
      'Note 4',
      '=HYPERLINK("http://evil.example","click")',
      'Note 2',
      'Note 1',
    ]);
    const byActor = (await get(`/api/v1/exports/audit.json?actorId=${panel.id}`, panel)).json<
      ExportedEvent[]
    >();
    expect(byActor).toHaveLength(5);
    expect(byActor.every((r) => r.actorId === panel.id)).toBe(true);
    const last = bySubject[0]?.at.slice(0, 10) ?? '';
    const today = (await get(`/api/v1/exports/audit.json?from=${last}&to=${last}`, panel)).json<
      ExportedEvent[]
    >();
    expect(today.map((r) => r.action)).toEqual(Array(5).fill('modification.noted'));
    const later = (await get('/api/v1/exports/audit.json?from=2099-01-01', panel)).json<
      ExportedEvent[]
    >();
    expect(later).toEqual([]);
    const bad = await get('/api/v1/exports/audit.csv?from=2026-02-31', panel);
    expect(bad.statusCode).toBe(400);
  });

  it('issue 13: the export reads the trail on the seq keyset, a chunk at a time, missing and repeating nothing', async () => {
    const all = (await get('/api/v1/exports/audit.json', panel)).json<ExportedEvent[]>();
    const seen: number[] = [];
    for await (const event of eachAuditEvent(t.ctx.db, {}, 2)) seen.push(event.seq);
    expect(seen).toEqual(all.map((r) => r.seq));
    const noted: string[] = [];
    for await (const event of eachAuditEvent(t.ctx.db, { action: 'modification.noted' }, 2))
      noted.push(event.reason ?? '');
    expect(noted).toHaveLength(5);
  });

  it('issue 13: only those who may read /audit may export it (401 anonymous, 403 a Party)', async () => {
    for (const format of ['csv', 'json']) {
      expect((await get(`/api/v1/exports/audit.${format}`)).statusCode).toBe(401);
      expect((await get(`/api/v1/exports/audit.${format}`, party)).statusCode).toBe(403);
    }
  });

  it('issue 13: /audit links to both exports with its filters', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(panel.email);
    const page = await browser.get('/audit?action=modification.noted');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/api/v1/exports/audit.csv?action=modification.noted"');
    expect(page.body).toContain('href="/api/v1/exports/audit.json?action=modification.noted"');
    const all = await browser.get('/audit');
    expect(all.body).toContain('href="/api/v1/exports/audit.csv"');
    const exported = await browser.get('/api/v1/exports/audit.csv?action=modification.noted');
    expect(exported.statusCode).toBe(200);
  });
});
