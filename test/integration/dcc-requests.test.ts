import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type RequestJson = {
  id: number;
  releaseId: number;
  ridSection: string | null;
  ridSectionName: string | null;
  subject: string;
  dueDate: string;
  status: string;
  overdue: boolean;
  response: string | null;
  withdrawalReason: string | null;
  version: number;
};

async function count(
  t: TestApp,
  table: 'dcc_info_request' | 'audit_event' | 'outbox_message',
): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function counts(t: TestApp): Promise<number[]> {
  return Promise.all([
    count(t, 'dcc_info_request'),
    count(t, 'audit_event'),
    count(t, 'outbox_message'),
  ]);
}

describe.each(ENGINES)('information requests to the DCC on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let dcc2: TestUser;
  let february: { id: number; name: string };

  const outboxFor = (prefix: string) =>
    t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'body_text', 'dedupe_key'])
      .where('dedupe_key', 'like', `${prefix}%`)
      .orderBy('to_address')
      .execute();

  async function ask(user: TestUser, body: object) {
    return call(t, user, 'POST', `/api/v1/releases/${february.id}/dcc-requests`, body);
  }

  async function asked(body: object): Promise<RequestJson> {
    const response = await ask(c.secas, body);
    if (response.statusCode !== 201) throw new Error(`ask failed: ${response.body}`);
    return response.json<RequestJson>();
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
    const found = releases.find((r) => r.name === 'February 2027 SEC Release');
    if (!found) throw new Error('no February 2027 release');
    february = found;
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.10, D10.14: SECAS asks the DCC through the API; the DCC’s people are e-mailed and the request audited', async () => {
    const response = await ask(c.secas, {
      subject: 'Confirm the DCC SIT window',
      detail: 'The RID needs the start and end of SIT.',
      dueDate: '2026-12-10',
      ridSection: 'b',
    });
    expect(response.statusCode).toBe(201);
    const request = response.json<RequestJson>();
    expect(request).toMatchObject({
      releaseId: february.id,
      ridSection: 'b',
      ridSectionName: '(b) Timescales, including DCC and User testing',
      status: 'open',
      overdue: false,
      version: 1,
    });
    const row = await t.ctx.db
      .selectFrom('dcc_info_request')
      .selectAll()
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ requested_by: c.secas.id, due_date: '2026-12-10', status: 'open' });
    const audit = await t.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('subject_type', '=', 'dcc_request')
      .where('subject_id', '=', String(request.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['dcc_request.created']);
    const mail = await outboxFor(`dcc-request:${request.id}:created:`);
    expect(mail.map((m) => m.to_address).sort()).toEqual([dcc.email, dcc2.email].sort());
    expect(mail[0]?.body_text).toContain('Confirm the DCC SIT window');
    expect(mail[0]?.body_text).toContain('Due by: 10 December 2026');
  });

  it('D10.10: the Panel Chair may ask too; a Party gets 403 and nothing is written', async () => {
    const chair = await ask(c.chair, { subject: 'Cost forecast', dueDate: '2026-12-18' });
    expect(chair.statusCode).toBe(201);
    expect(chair.json<RequestJson>().ridSection).toBeNull();
    const before = await counts(t);
    const party = await ask(c.albion, { subject: 'Anything', dueDate: '2026-12-18' });
    expect(party.statusCode).toBe(403);
    expect(await counts(t)).toEqual(before);
  });

  it.each([
    ['before today', '2026-11-26', 'The due date must be today (27 November 2026) or later'],
    [
      'not a date',
      'soon',
      'The due date must be a real date as YYYY-MM-DD, for example 2027-03-15',
    ],
    ['not a real date', '2027-02-30', 'The due date must be a real date'],
  ])(
    'D10.10: a due date %s is refused on the field and nothing is stored',
    async (_name, dueDate, message) => {
      const before = await counts(t);
      const response = await ask(c.secas, { subject: 'Windows', dueDate });
      expect(response.statusCode).toBe(400);
      const body = response.json<{ code: string; field: string; message: string }>();
      expect(body).toMatchObject({ code: 'validation_failed', field: 'dueDate' });
      expect(body.message).toContain(message);
      expect(await counts(t)).toEqual(before);
    },
  );

  it('D10.14: an unknown RID section is refused on the field', async () => {
    const response = await ask(c.secas, { subject: 'X', dueDate: '2026-12-18', ridSection: 'z' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'ridSection' });
  });

  it('D10.10: SECAS asks through the page; a bad due date shows the error summary and stores nothing', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    const form = await browser.get(`/releases/${february.id}/dcc-requests`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ask the DCC for information');
    const before = await counts(t);
    const refused = await browser.post(`/releases/${february.id}/dcc-requests`, {
      subject: 'Readiness reporting',
      detail: '',
      ridSection: 'c',
      dueDate: '2026-11-01',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#request-dueDate"');
    expect(refused.body).toContain('The due date must be today (27 November 2026) or later');
    expect(refused.body).toContain('value="Readiness reporting"');
    expect(await counts(t)).toEqual(before);
    const sent = await browser.post(`/releases/${february.id}/dcc-requests`, {
      subject: 'Readiness reporting',
      detail: 'How often will the DCC report?',
      ridSection: 'c',
      dueDate: '2026-12-04',
    });
    expect(sent.statusCode).toBe(303);
    const page = await browser.get(`/releases/${february.id}/dcc-requests`);
    expect(page.body).toContain('The request &quot;Readiness reporting&quot; has been sent');
    expect(page.body).toContain('(c) DCC progress and readiness reporting');
    expect(await count(t, 'dcc_info_request')).toBe((before[0] ?? 0) + 1);
  });

  it('D10.10: only the DCC answers (403 for SECAS and a Party); a stale version is refused', async () => {
    const request = await asked({ subject: 'Go-live criteria', dueDate: '2026-12-11' });
    const url = `/api/v1/dcc-requests/${request.id}/response`;
    for (const user of [c.secas, c.albion, c.chair]) {
      const refused = await call(t, user, 'POST', url, { response: 'Yes' });
      expect(refused.statusCode).toBe(403);
    }
    const stale = await call(t, dcc, 'POST', url, { response: 'Yes', version: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    const empty = await call(t, dcc, 'POST', url, { response: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ field: 'response' });
    const row = await t.ctx.db
      .selectFrom('dcc_info_request')
      .select(['status', 'version'])
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'open', version: 1 });
  });

  it('D10.10: the DCC answers; the request is answered, the asker told, and a second answer is refused with 409', async () => {
    const request = await asked({ subject: 'Test labs', dueDate: '2026-12-11', ridSection: 'd' });
    const url = `/api/v1/dcc-requests/${request.id}/response`;
    const answered = await call(t, dcc, 'POST', url, {
      response: 'Two labs in Manchester.',
      version: 1,
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json<RequestJson>()).toMatchObject({
      status: 'answered',
      response: 'Two labs in Manchester.',
      version: 2,
    });
    const told = await outboxFor(`dcc-request:${request.id}:answered`);
    expect(told.map((m) => m.to_address)).toEqual([c.secas.email]);
    const again = await call(t, dcc2, 'POST', url, { response: 'Three labs.' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'invalid_transition',
      message: 'The request has already been answered: it can no longer be answered',
    });
    const actions = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_type', '=', 'dcc_request')
      .where('subject_id', '=', String(request.id))
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['dcc_request.created', 'dcc_request.answered']);
  });

  it('D10.10: SECAS withdraws with a reason; the DCC is told and answering it is refused with 409', async () => {
    const request = await asked({ subject: 'Duplicate question', dueDate: '2026-12-11' });
    const url = `/api/v1/dcc-requests/${request.id}/withdrawal`;
    const noReason = await call(t, c.secas, 'POST', url, { reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ field: 'reason' });
    const byDcc = await call(t, dcc, 'POST', url, { reason: 'Not needed' });
    expect(byDcc.statusCode).toBe(403);
    const withdrawn = await call(t, c.secas, 'POST', url, { reason: 'Asked twice', version: 1 });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json<RequestJson>()).toMatchObject({
      status: 'withdrawn',
      withdrawalReason: 'Asked twice',
    });
    expect(
      (await outboxFor(`dcc-request:${request.id}:withdrawn:`)).map((m) => m.to_address).sort(),
    ).toEqual([dcc.email, dcc2.email].sort());
    const answer = await call(t, dcc, 'POST', `/api/v1/dcc-requests/${request.id}/response`, {
      response: 'Here it is',
    });
    expect(answer.statusCode).toBe(409);
    expect(answer.json()).toMatchObject({
      code: 'invalid_transition',
      message: 'The request has been withdrawn: it can no longer be answered',
    });
  });

  it('D10.10: the DCC answers through the page; the answer shows and the form goes', async () => {
    const request = await asked({ subject: 'UIT support', dueDate: '2026-12-11', ridSection: 'e' });
    const browser = new BrowserSession(t.app);
    await browser.signIn(dcc.email);
    const page = await browser.get(`/dcc-requests/${request.id}`);
    expect(page.body).toContain('Answer the request');
    expect(page.body).not.toContain('Withdraw the request');
    const empty = await browser.post(`/dcc-requests/${request.id}/response`, {
      response: '',
      version: '1',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#answer-response"');
    const sent = await browser.post(`/dcc-requests/${request.id}/response`, {
      response: 'Support desk open during UIT.',
      version: '1',
    });
    expect(sent.statusCode).toBe(303);
    const after = await browser.get(`/dcc-requests/${request.id}`);
    expect(after.body).toContain('Support desk open during UIT.');
    expect(after.body).not.toContain('Answer the request');
  });

  it('D10.10: requests are read by the Authority and the Panel, not by a Party or the public', async () => {
    const url = `/api/v1/releases/${february.id}/dcc-requests`;
    const authority = await call(t, c.authority, 'GET', url);
    expect(authority.statusCode).toBe(200);
    const list = authority.json<RequestJson[]>();
    expect(list.length).toBeGreaterThan(3);
    expect((await call(t, c.member, 'GET', url)).statusCode).toBe(200);
    expect((await call(t, c.albion, 'GET', url)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const first = list[0];
    if (!first) throw new Error('no request');
    const one = await call(t, c.member, 'GET', `/api/v1/dcc-requests/${first.id}`);
    expect(one.json<RequestJson>().id).toBe(first.id);
    expect((await call(t, c.albion, 'GET', `/api/v1/dcc-requests/${first.id}`)).statusCode).toBe(
      403,
    );
    const open = await call(t, dcc, 'GET', '/api/v1/dcc-requests?status=open');
    const page = open.json<{ items: RequestJson[]; total: number }>();
    expect(page.items.every((r) => r.status === 'open')).toBe(true);
    expect(page.total).toBe(list.filter((r) => r.status === 'open').length);
    const dueDates = page.items.map((r) => r.dueDate);
    expect(dueDates).toEqual([...dueDates].sort());
  });

  it('D10.10: the release page groups requests by status and the worklist lists the open ones', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(dcc.email);
    const page = await browser.get(`/releases/${february.id}/dcc-requests`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="open">Open \(\d+\)/);
    expect(page.body).toContain('id="answered">Answered (2)');
    expect(page.body).toContain('id="withdrawn">Withdrawn (1)');
    expect(page.body).not.toContain('Ask the DCC for information');
    const worklist = await browser.get('/dcc-requests');
    expect(worklist.statusCode).toBe(200);
    expect(worklist.body).toContain('Confirm the DCC SIT window');
    expect(worklist.body).not.toContain('Test labs');
    const release = await browser.get(`/releases/${february.id}`);
    expect(release.body).toContain(`href="/releases/${february.id}/dcc-requests"`);
    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    expect((await party.get('/dcc-requests')).statusCode).toBe(403);
  });
  it('D10.10: the worklist and the API page through many open requests, earliest due first', async () => {
    await t.ctx.db
      .insertInto('dcc_info_request')
      .values(
        Array.from({ length: 30 }, (_, i) => ({
          release_id: february.id,
          subject: `Bulk question ${String(i + 1).padStart(2, '0')}`,
          due_date: `2027-01-${String(i + 1).padStart(2, '0')}`,
          requested_at: t.clock.now(),
        })),
      )
      .execute();
    const open = await call(t, dcc, 'GET', '/api/v1/dcc-requests?status=open');
    const first = open.json<{ items: RequestJson[]; total: number; pageSize: number }>();
    expect(first.items).toHaveLength(25);
    const second = await call(t, dcc, 'GET', '/api/v1/dcc-requests?status=open&page=2');
    const rest = second.json<{ items: RequestJson[]; total: number }>();
    expect(first.items.length + rest.items.length).toBe(first.total);
    expect(rest.items.at(-1)?.subject).toBe('Bulk question 30');
    const browser = new BrowserSession(t.app);
    await browser.signIn(dcc.email);
    const page1 = await browser.get('/dcc-requests');
    expect(page1.body).toContain('href="/dcc-requests?page=2"');
    expect(page1.body).not.toContain('Bulk question 30');
    const page2 = await browser.get('/dcc-requests?page=2');
    expect(page2.body).toContain('Bulk question 30');
    expect(page2.body).toContain('href="/dcc-requests"');
    expect(page2.body).toContain('Page 2 of 2');
  });
});
