import net, { type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction, type AppContext } from '../../src/app-context.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import { createMailer } from '../../src/outbox/mailer.ts';
import { outboxAttention } from '../../src/modules/notification/outbox.attention.ts';
import type { OutgoingMessage } from '../../src/outbox/outbox.store.ts';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import {
  ENGINES,
  TestClock,
  createTestDatabase,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

const MINUTE = 60_000;
const FROM = 'SEC Release Management <no-reply@secrel.example.org>';
const quietWorker = { handlers: {}, pollMs: 60_000, workerId: 'w', log: () => undefined };

/** An SMTP server on 127.0.0.1 that parses and keeps every message it accepts. */
async function startSmtpCatcher() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        },
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** A port on 127.0.0.1 where nothing listens: connecting is refused. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

async function queue(ctx: AppContext, message: OutgoingMessage): Promise<void> {
  await inTransaction(ctx, SYSTEM_ACTOR, (unit) => unit.notify(message));
}

async function outbox(ctx: AppContext) {
  return ctx.db.selectFrom('outbox_message').selectAll().orderBy('id').execute();
}

describe.each(ENGINES)('%s: outbox and mail', (engine) => {
  let database: TestDatabase;
  let clock: TestClock;
  let ctx: AppContext;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    await database.db.deleteFrom('outbox_message').execute();
    clock = new TestClock();
    ctx = testContext(database, clock);
  });

  it('queues e-mail only when the transaction that sends it commits', async () => {
    await expect(
      inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
        await unit.notify({ to: 'panel@example.org', subject: 'Rolled back', text: 'Never sent' });
        throw new Error('the use case failed after queueing');
      }),
    ).rejects.toThrow('the use case failed after queueing');
    await queue(ctx, { to: 'panel@example.org', subject: 'Committed', text: 'Sent later' });
    const rows = await outbox(ctx);
    expect(rows.map((row) => [row.subject, row.status, row.attempts])).toEqual([
      ['Committed', 'pending', 0],
    ]);
  });

  it('queues a message with a dedupe key once', async () => {
    const message = {
      to: 'a@example.org',
      subject: 'Reminder',
      text: 'Due',
      dedupeKey: 'action:12:overdue',
    };
    await queue(ctx, message);
    await queue(ctx, { ...message, subject: 'Reminder again' });
    expect((await outbox(ctx)).map((row) => row.subject)).toEqual(['Reminder']);
  });

  it('sends each message once over real SMTP, with its stored Message-ID', async () => {
    const smtp = await startSmtpCatcher();
    const mailer = createMailer(`smtp://127.0.0.1:${smtp.port}`, FROM);
    const worker = startWorker(ctx, { ...quietWorker, mailer });
    try {
      await queue(ctx, {
        to: 'chair@example.org',
        toName: 'Panel Chair',
        subject: 'MP123 is ready for decision',
        text: 'The Final Modification Report for MP123 is ready.\nPlease decide by 23 June 2021.',
      });
      await queue(ctx, {
        to: 'secas@example.org',
        subject: 'Appeal lodged',
        text: 'An appeal against MP124.',
      });
      expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 2 });
      const rows = await outbox(ctx);
      expect(rows.map((row) => [row.status, row.sent_at, row.attempts])).toEqual([
        ['sent', clock.now(), 1],
        ['sent', clock.now(), 1],
      ]);
      const bySubject = new Map(smtp.received.map((mail) => [mail.subject, mail]));
      expect(smtp.received).toHaveLength(2);
      for (const row of rows) {
        const mail = bySubject.get(row.subject);
        const to = Array.isArray(mail?.to) ? mail.to[0] : mail?.to;
        expect(to?.value).toEqual([{ address: row.to_address, name: row.to_name }]);
        expect(mail?.text?.trimEnd()).toBe(row.body_text);
        expect(mail?.messageId).toBe(row.message_id);
        expect(mail?.from?.value).toEqual([
          { address: 'no-reply@secrel.example.org', name: 'SEC Release Management' },
        ]);
      }

      clock.advance(60 * MINUTE);
      expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 0 });
      expect(smtp.received).toHaveLength(2);
    } finally {
      await worker.stop();
      mailer.close();
      await smtp.close();
    }
  });
});

describe.each(ENGINES)('%s: outbox API and pages', (engine) => {
  let t: TestApp;
  let admin: TestUser;
  let party: TestUser;
  const password = { subject: 'Your secrel account', to: 'new.user@example.org', text: 'Welcome' };

  beforeAll(async () => {
    t = await createTestApp(engine);
    admin = await givenUser(t.ctx, 'code_administrator');
    const organisation = await givenOrganisation(t.ctx, 'Northern Lights Energy');
    party = await givenUser(t.ctx, 'party', { organisationId: organisation });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    await t.ctx.db.deleteFrom('outbox_message').execute();
  });

  const api = (method: 'GET' | 'POST', url: string, user?: TestUser) =>
    t.app.inject({ method, url, headers: user ? bearer(user) : {} });

  async function attentionFor(user: TestUser) {
    const principal = await loadPrincipal(t.ctx.db, user.id, 'token', null);
    if (!principal) throw new Error(`user ${user.email} should load`);
    return outboxAttention(t.ctx, principal);
  }

  /** Queues a message and lets a worker fail to reach SMTP until it parks it (3 attempts). */
  async function failedMessageId(): Promise<number> {
    await queue(t.ctx, password);
    const row = (await outbox(t.ctx)).find((message) => message.subject === password.subject);
    if (!row) throw new Error('the message should be queued');
    const mailer = createMailer(`smtp://127.0.0.1:${await closedPort()}`, FROM);
    const worker = startWorker(t.ctx, { ...quietWorker, mailer, maxMailAttempts: 3 });
    const current = async () => (await outbox(t.ctx)).find((message) => message.id === row.id);

    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 1 });
    const first = await current();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, sent_at: null });
    expect(first?.last_error).toMatch(/ECONNREFUSED/);
    expect(first?.locked_until).toEqual(new Date(t.clock.now().getTime() + 2 * MINUTE));
    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 0 });
    t.clock.advance(2 * MINUTE);
    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 1 });
    expect(await current()).toMatchObject({ status: 'pending', attempts: 2 });
    t.clock.advance(4 * MINUTE);
    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 1 });
    expect(await current()).toMatchObject({ status: 'failed', attempts: 3, locked_until: null });
    t.clock.advance(60 * MINUTE);
    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 0 });
    await worker.stop();
    mailer.close();
    return row.id;
  }

  it('keeps a message pending while SMTP is down, fails it after the last attempt, and retries it on request (audited)', async () => {
    const id = await failedMessageId();
    expect(await attentionFor(admin)).toContainEqual(
      expect.objectContaining({ severity: 'overdue', href: '/admin/outbox?status=failed' }),
    );

    expect((await api('POST', `/api/v1/outbox/${id}/retry`, party)).statusCode).toBe(403);
    const retried = await api('POST', `/api/v1/outbox/${id}/retry`, admin);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({
      id,
      status: 'pending',
      attempts: 0,
      text: password.text,
    });
    expect((await outbox(t.ctx))[0]).toMatchObject({ status: 'pending', attempts: 0 });
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'outbox.retried')
      .where('subject_id', '=', String(id))
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_id: admin.id,
      subject_type: 'outbox_message',
      before: { status: 'failed', attempts: 3 },
      after: { status: 'pending', attempts: 0 },
    });
    const again = await api('POST', `/api/v1/outbox/${id}/retry`, admin);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'outbox_not_failed' });
    expect((await api('POST', '/api/v1/outbox/999999/retry', admin)).statusCode).toBe(404);

    // Once the server is back, it gets the retried message exactly once.
    const smtp = await startSmtpCatcher();
    const mailer = createMailer(`smtp://127.0.0.1:${smtp.port}`, FROM);
    const worker = startWorker(t.ctx, { ...quietWorker, mailer });
    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 1 });
    expect(await worker.runOnce()).toEqual({ jobs: 0, messages: 0 });
    await worker.stop();
    mailer.close();
    await smtp.close();
    expect(smtp.received.map((mail) => mail.subject)).toEqual([password.subject]);
    expect((await outbox(t.ctx))[0]).toMatchObject({ status: 'sent' });
    expect(await attentionFor(admin)).toEqual([]);
  });

  it('lists the outbox on the API for the Code Administrator only, newest first, page by page', async () => {
    await queue(t.ctx, { to: 'a@example.org', subject: 'First', text: 'one' });
    await queue(t.ctx, { to: 'b@example.org', toName: 'Bee', subject: 'Second', text: 'two' });
    expect((await api('GET', '/api/v1/outbox')).statusCode).toBe(401);
    expect((await api('GET', '/api/v1/outbox', party)).statusCode).toBe(403);

    const page = await api('GET', '/api/v1/outbox?limit=1', admin);
    expect(page.statusCode).toBe(200);
    const body = page.json<{ messages: { id: number }[]; nextBefore: number | null }>();
    expect(body).toMatchObject({
      messages: [{ to: 'b@example.org', toName: 'Bee', subject: 'Second', status: 'pending' }],
      counts: { pending: 2, sent: 0, failed: 0 },
    });
    expect(body.messages).toHaveLength(1);
    const older = await api('GET', `/api/v1/outbox?limit=1&before=${body.nextBefore ?? 0}`, admin);
    expect(older.json()).toMatchObject({ messages: [{ subject: 'First' }], nextBefore: null });
    expect((await api('GET', '/api/v1/outbox?status=failed', admin)).json()).toMatchObject({
      messages: [],
    });
    expect((await api('GET', '/api/v1/outbox?status=lost', admin)).statusCode).toBe(400);

    const id = body.messages[0]?.id ?? 0;
    const one = await api('GET', `/api/v1/outbox/${id}`, admin);
    expect(one.json()).toMatchObject({ id, subject: 'Second', text: 'two', sentAt: null });
    expect((await api('GET', `/api/v1/outbox/${id}`, party)).statusCode).toBe(403);

    const openapi = (await api('GET', '/api/openapi.json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(Object.keys(openapi.paths['/api/v1/outbox/{id}/retry']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '403', '404', '409']),
    );
    expect(openapi.paths['/api/v1/outbox']?.get).toBeDefined();
  });

  it('shows the outbox page to the Code Administrator only, and retries a failed message from it', async () => {
    const id = await failedMessageId();
    const papers = 'Panel papers for 9 June 2021';
    await queue(t.ctx, { to: 'panel@example.org', subject: papers, text: 'Papers <attached>' });
    const partyBrowser = new BrowserSession(t.app);
    await partyBrowser.signIn(party.email);
    expect((await partyBrowser.get('/admin/outbox')).statusCode).toBe(403);

    const browser = new BrowserSession(t.app);
    await browser.signIn(admin.email);
    const page = await browser.get('/admin/outbox');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(papers);
    expect(page.body).toContain('SMTP is not configured');
    expect(page.body).toContain('govuk-tag--yellow');
    expect((await browser.get('/admin/outbox?status=sent')).body).not.toContain(papers);
    expect((await browser.get('/admin/outbox?status=failed')).body).toContain(password.subject);

    const queued = (await outbox(t.ctx)).find((row) => row.subject === papers);
    const detail = await browser.get(`/admin/outbox/${queued?.id ?? 0}`);
    expect(detail.body).toContain('<pre class="secrel-pre">Papers &lt;attached&gt;</pre>');
    expect(detail.body).not.toContain('Send again');

    expect((await browser.get(`/admin/outbox/${id}`)).body).toContain('Send again');
    const forged = await browser.post(`/admin/outbox/${id}/retry`, {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await outbox(t.ctx)).find((row) => row.id === id)?.status).toBe('failed');
    const posted = await browser.post(`/admin/outbox/${id}/retry`, {});
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/admin/outbox/${id}`);
    expect((await outbox(t.ctx)).find((row) => row.id === id)?.status).toBe('pending');

    expect(await attentionFor(party)).toEqual([]);
    expect(await attentionFor(admin)).toEqual([
      expect.objectContaining({ severity: 'info', href: '/admin/outbox?status=pending' }),
    ]);
  });
});
