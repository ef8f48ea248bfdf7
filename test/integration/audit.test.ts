import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app-context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { listAuditActions, verifyAuditChain } from '../../src/audit/audit.store.ts';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenUser,
  type TestApp,
} from '../support/test-app.ts';
import { ENGINES, testContext } from '../support/test-db.ts';

async function tamper(t: TestApp, statement: string): Promise<void> {
  await sql`alter table audit_event disable trigger audit_event_no_update`.execute(t.ctx.db);
  await sql.raw(statement).execute(t.ctx.db);
  await sql`alter table audit_event enable trigger audit_event_no_update`.execute(t.ctx.db);
}

describe.each(ENGINES)('audit trail on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine);
    await givenUser(t.ctx, 'panel_member');
    await givenUser(t.ctx, 'party');
  });
  afterAll(async () => {
    await t.close();
  });

  it('every state change wrote an event in its transaction, and the chain verifies', async () => {
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select(['seq', 'action'])
      .orderBy('seq')
      .execute();
    expect(events.map((event) => event.action)).toEqual([
      'user.created',
      'token.created',
      'user.created',
      'token.created',
    ]);
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ ok: true, events: 4 });
    expect(await listAuditActions(t.ctx.db)).toEqual(['token.created', 'user.created']);
  });

  it('a use case that fails leaves neither its change nor its audit event', async () => {
    const before = await t.ctx.db.selectFrom('audit_event').select('seq').execute();
    await expect(
      inTransaction(t.ctx, { id: null, label: 'test' }, async (unit) => {
        await unit.audit({ action: 'thing.attempted', subjectType: 'thing', subjectId: '1' });
        throw new Error('rule refused');
      }),
    ).rejects.toThrow('rule refused');
    const after = await t.ctx.db.selectFrom('audit_event').select('seq').execute();
    expect(after).toHaveLength(before.length);
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ ok: true });
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(
      sql`update audit_event set reason = 'x' where seq = 1`.execute(t.ctx.db),
    ).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event where seq = 1`.execute(t.ctx.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`truncate audit_event`.execute(t.ctx.db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ ok: true });
  });

  it('concurrent appends queue on the chain head and never fork the chain', async () => {
    const second = t.database.url
      ? await openDatabase({ databaseUrl: t.database.url, poolSize: 5 })
      : undefined;
    const other = second ? testContext(second, t.clock) : t.ctx;
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        inTransaction(
          index % 2 === 0 ? t.ctx : other,
          { id: null, label: `writer ${index % 2}` },
          (unit) =>
            unit.audit({ action: 'thing.changed', subjectType: 'thing', subjectId: String(index) }),
        ),
      ),
    );
    await second?.close();
    const seqs = (
      await t.ctx.db.selectFrom('audit_event').select('seq').orderBy('seq').execute()
    ).map((row) => row.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, index) => index + 1));
    expect(await verifyAuditChain(t.ctx.db)).toMatchObject({ ok: true });
  });

  it('the Panel reads the audit through the API with filters; a Party is refused', async () => {
    const member = await givenUser(t.ctx, 'panel_member');
    const party = await givenUser(t.ctx, 'party');
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?limit=5',
      headers: bearer(member),
    });
    expect(all.statusCode).toBe(200);
    const page = all.json<{ events: { seq: number }[]; nextBefore: number | null }>();
    expect(page.events).toHaveLength(5);
    expect(page.nextBefore).toBe(page.events[4]?.seq);
    const byAction = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=user.created',
      headers: bearer(member),
    });
    const actions = byAction
      .json<{ events: { action: string }[] }>()
      .events.map((event) => event.action);
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['user.created']));
    const bySubject = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit?subjectType=user&subjectId=${party.id}`,
      headers: bearer(member),
    });
    expect(
      bySubject
        .json<{ events: { subjectId: string }[] }>()
        .events.every((event) => event.subjectId === String(party.id)),
    ).toBe(true);
    const byDate = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?from=2026-11-28&to=2026-11-28',
      headers: bearer(member),
    });
    expect(byDate.json<{ events: unknown[] }>().events).toHaveLength(0);
    const sameDay = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?from=2026-11-27&to=2026-11-27',
      headers: bearer(member),
    });
    expect(sameDay.json<{ events: unknown[] }>().events.length).toBeGreaterThan(0);
    const badDate = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?from=27-11-2026',
      headers: bearer(member),
    });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json()).toMatchObject({ field: 'from' });
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: bearer(party),
    });
    expect(refused.statusCode).toBe(403);
  });

  it('D10.11: an external auditor cannot read the whole trail (API or page) but may verify the chain', async () => {
    const auditor = await givenUser(t.ctx, 'external_auditor');
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit',
      headers: bearer(auditor),
    });
    expect(api.statusCode).toBe(403);
    const page = await t.app.inject({ method: 'GET', url: '/audit', headers: bearer(auditor) });
    expect(page.statusCode).toBe(403);
    const verify = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/verify',
      headers: bearer(auditor),
    });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ ok: true });
  });

  it('the audit page lists events with filters for the Code Administrator', async () => {
    const secas = await givenUser(t.ctx, 'code_administrator');
    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const page = await browser.get('/audit?action=user.created');
    expect(page.statusCode).toBe(200);
    // Issue 13: actions in words, never as codes.
    expect(page.body).toContain('<td class="govuk-table__cell">User: created</td>');
    expect(page.body).not.toContain('<td class="govuk-table__cell">Token: created</td>');
    expect(page.body).not.toContain('user.created</');
  });

  it('issue 13: the audit page filters by days typed as day, month and year, and names a date it cannot read', async () => {
    const secas = await givenUser(t.ctx, 'code_administrator');
    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const sameDay = await browser.get(
      '/audit?from-day=27&from-month=11&from-year=2026&to-day=27&to-month=11&to-year=2026',
    );
    expect(sameDay.statusCode).toBe(200);
    const userCreatedRow = '<td class="govuk-table__cell">User: created</td>';
    expect(sameDay.body).toContain(userCreatedRow);
    // The three inputs keep what was asked, and the next page's link carries the ISO day.
    expect(sameDay.body).toMatch(/name="from-day"[^>]*value="27"/);
    const nextDay = await browser.get('/audit?from-day=28&from-month=11&from-year=2026');
    expect(nextDay.statusCode).toBe(200);
    expect(nextDay.body).not.toContain(userCreatedRow);
    const unreadable = await browser.get(
      // As the form sends it: each date input carries its label, which its message names.
      '/audit?from-day=31&from-month=2&from-year=2026&from-label=First+day+%28optional%29' +
        '&to-day=1&to-month=&to-year=2026&to-label=Last+day+%28optional%29',
    );
    expect(unreadable.statusCode).toBe(400);
    expect(unreadable.body).toContain('There is a problem');
    expect(unreadable.body).toContain('href="#from-day">First day must be a real date</a>');
    expect(unreadable.body).toContain('href="#to-day">Last day must include a month</a>');
    expect(unreadable.body).not.toContain(userCreatedRow);
  });

  it('verify fails naming the first altered event, through the API too', async () => {
    const secas = await givenUser(t.ctx, 'code_administrator');
    await tamper(t, `update audit_event set reason = 'rewritten history' where seq = 3`);
    const result = await verifyAuditChain(t.ctx.db);
    expect(result).toMatchObject({ ok: false, broken: { seq: 3, problem: 'hash_mismatch' } });
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit/verify',
      headers: bearer(secas),
    });
    expect(api.json()).toMatchObject({ ok: false, brokenAt: 3 });
  });
});
