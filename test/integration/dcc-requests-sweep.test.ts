import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import {
  DCC_REQUEST_JOB_HANDLERS,
  DCC_REQUEST_SWEEP_JOB,
  scheduleDccRequestSweep,
  sweepDccRequests,
} from '../../src/modules/dcc-request/dcc-request.jobs.ts';
import {
  BrowserSession,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
  createTestApp,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { givenPolicy } from '../support/release-fixtures.ts';

describe.each(ENGINES)('reminders and overdue notices of DCC requests on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let dcc2: TestUser;
  let releaseId: number;
  /** Due Thu 10 Dec 2026: reminder day Tue 8 Dec. */
  let a: number;
  /** Due Wed 9 Dec, answered on 30 Nov: never reminded, never overdue. */
  let b: number;
  /** Due Tue 1 Dec, asked Fri 27 Nov (its reminder day): no reminder; overdue from 2 Dec. */
  let cc: number;

  const mailOf = (id: number, kind: string) =>
    t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'body_text'])
      .where('dedupe_key', 'like', `dcc-request:${id}:${kind}:%`)
      .orderBy('to_address')
      .execute();

  const auditOf = async (id: number, action: string) =>
    (
      await t.ctx.db
        .selectFrom('audit_event')
        .select('seq')
        .where('subject_type', '=', 'dcc_request')
        .where('subject_id', '=', String(id))
        .where('action', '=', action)
        .execute()
    ).length;

  async function ask(subject: string, dueDate: string): Promise<number> {
    const response = await call(t, c.secas, 'POST', `/api/v1/releases/${releaseId}/dcc-requests`, {
      subject,
      dueDate,
    });
    if (response.statusCode !== 201) throw new Error(`ask failed: ${response.body}`);
    return response.json<{ id: number }>().id;
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    t.clock.set('2026-11-27T10:00:00Z');
    c = await givenCast(t);
    const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc', null, false);
    dcc = await givenUser(t.ctx, 'dcc', { organisationId: dccOrg });
    dcc2 = await givenUser(t.ctx, 'dcc', { organisationId: dccOrg });
    await givenPolicy(t);
    const created = await call(t, c.secas, 'POST', '/api/v1/releases/standard', { year: 2027 });
    const releases = created.json<{ created: { id: number; name: string }[] }>().created;
    const june = releases.find((r) => r.name === 'June 2027 SEC Release');
    if (!june) throw new Error('no June 2027 release');
    releaseId = june.id;
    a = await ask('Confirm the DCC SIT and UIT windows', '2026-12-10');
    b = await ask('Test laboratory capacity', '2026-12-09');
    cc = await ask('Readiness reporting measures', '2026-12-01');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.10: nothing is sent before a reminder day, nor for a request asked on its reminder day', async () => {
    expect(await sweepDccRequests(t.ctx)).toEqual({ reminded: [], overdue: [] });
    t.clock.set('2026-11-30T10:00:00Z');
    const answered = await call(t, dcc, 'POST', `/api/v1/dcc-requests/${b}/response`, {
      response: 'Two laboratories.',
    });
    expect(answered.statusCode).toBe(200);
    expect(await sweepDccRequests(t.ctx)).toEqual({ reminded: [], overdue: [] });
    expect(await mailOf(cc, 'reminder')).toEqual([]);
  });

  it('D10.10: the first sweep after the due date sends one overdue notice to the DCC, copied to SECAS; two concurrent sweeps send it once', async () => {
    t.clock.set('2026-12-02T00:30:00Z');
    // A second app server: its own connection pool on PostgreSQL (PGlite has one connection).
    const other = t.database.url ? await openDatabase({ databaseUrl: t.database.url }) : undefined;
    const otherCtx: AppContext = other ? { ...t.ctx, db: other.db } : t.ctx;
    try {
      const results = await Promise.all([sweepDccRequests(t.ctx), sweepDccRequests(otherCtx)]);
      expect(results.flatMap((r) => r.overdue)).toEqual([cc]);
      expect(results.flatMap((r) => r.reminded)).toEqual([]);
    } finally {
      await other?.close();
    }
    const mail = await mailOf(cc, 'overdue');
    expect(mail.map((m) => m.to_address).sort()).toEqual(
      [dcc.email, dcc2.email, c.secas.email].sort(),
    );
    const copy = mail.find((m) => m.to_address === c.secas.email);
    expect(copy?.body_text).toContain('copy to SECAS');
    expect(copy?.subject).toBe(
      'Overdue information request, due 1 December 2026: Readiness reporting measures',
    );
    expect(await auditOf(cc, 'dcc_request.overdue_notified')).toBe(1);
    expect(await sweepDccRequests(t.ctx)).toEqual({ reminded: [], overdue: [] });
    expect(await mailOf(cc, 'overdue')).toHaveLength(3);
  });

  it('D10.10: overdue requests show on the home pages of SECAS, the Panel and the DCC; the DCC also sees those due soon', async () => {
    t.clock.set('2026-12-04T10:00:00Z');
    const overdue = 'Overdue information request to the DCC: Readiness reporting measures';
    for (const user of [c.secas, c.chair, c.member, dcc]) {
      const browser = new BrowserSession(t.app);
      await browser.signIn(user.email);
      const home = await browser.get('/home');
      expect(home.body).toContain(overdue);
      const dueSoon =
        'Information request due 10 December 2026: Confirm the DCC SIT and UIT windows';
      if (user === dcc) expect(home.body).toContain(dueSoon);
      else expect(home.body).not.toContain(dueSoon);
    }
    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    expect((await party.get('/home')).body).not.toContain('information request');
    const dccPage = new BrowserSession(t.app);
    await dccPage.signIn(dcc.email);
    const list = await dccPage.get(`/releases/${releaseId}/dcc-requests`);
    expect(list.body).toMatch(/Readiness reporting measures<\/a><\/td>[\s\S]*?Overdue/);
  });

  it('D10.10: on the reminder day the DCC is reminded once, however often the sweep runs', async () => {
    t.clock.set('2026-12-07T23:30:00Z');
    expect(await sweepDccRequests(t.ctx)).toEqual({ reminded: [], overdue: [] });
    t.clock.set('2026-12-08T00:30:00Z');
    expect(await sweepDccRequests(t.ctx)).toEqual({ reminded: [a], overdue: [] });
    expect(await sweepDccRequests(t.ctx)).toEqual({ reminded: [], overdue: [] });
    t.clock.set('2026-12-09T09:00:00Z');
    expect(await sweepDccRequests(t.ctx)).toEqual({ reminded: [], overdue: [] });
    const mail = await mailOf(a, 'reminder');
    expect(mail.map((m) => m.to_address).sort()).toEqual([dcc.email, dcc2.email].sort());
    expect(mail[0]?.subject).toBe(
      'Reminder: information request due 10 December 2026: Confirm the DCC SIT and UIT windows',
    );
    expect(await auditOf(a, 'dcc_request.reminded')).toBe(1);
    expect(await mailOf(b, 'reminder')).toEqual([]);
  });

  it('D10.10: the worker’s hourly sweep job sends the overdue notice the London day after the due date, and queues the next hour once', async () => {
    t.clock.set('2026-12-10T23:59:00Z');
    await scheduleDccRequestSweep(t.ctx);
    await scheduleDccRequestSweep(t.ctx);
    const jobs = () =>
      t.ctx.db
        .selectFrom('job')
        .select(['run_at', 'done_at', 'dedupe_key'])
        .where('kind', '=', DCC_REQUEST_SWEEP_JOB)
        .orderBy('run_at')
        .execute();
    expect(await jobs()).toHaveLength(1);
    const worker = startWorker(t.ctx, {
      handlers: DCC_REQUEST_JOB_HANDLERS,
      mailer: null,
      pollMs: 3_600_000,
      workerId: 'test',
    });
    try {
      expect((await worker.runOnce()).jobs).toBe(1);
      // 23:59 GMT on the due day: not overdue yet.
      expect(await mailOf(a, 'overdue')).toEqual([]);
      t.clock.set('2026-12-11T00:00:30Z');
      expect((await worker.runOnce()).jobs).toBe(1);
      expect((await worker.runOnce()).jobs).toBe(0);
    } finally {
      await worker.stop();
    }
    expect(await mailOf(a, 'overdue')).toHaveLength(3);
    expect(await auditOf(a, 'dcc_request.overdue_notified')).toBe(1);
    const rows = await jobs();
    expect(rows.map((j) => new Date(j.run_at).toISOString())).toEqual([
      '2026-12-10T23:00:00.000Z',
      '2026-12-11T00:00:00.000Z',
      '2026-12-11T01:00:00.000Z',
    ]);
    expect(rows.map((j) => j.done_at !== null)).toEqual([true, true, false]);
  });
});
