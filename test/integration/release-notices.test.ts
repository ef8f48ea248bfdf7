import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/app-context.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { sendNotice } from '../../src/modules/notice/notice.actions.ts';
import { findRelease } from '../../src/modules/release/release.queries.ts';
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

type NoticeJson = {
  id: number;
  releaseId: number;
  releaseName?: string;
  subject: string;
  recipients: number;
  mandatoryRecipients: number;
  late: boolean;
};

async function count(
  t: TestApp,
  table: 'release_notice' | 'audit_event' | 'outbox_message',
): Promise<number> {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const USER_FLAG = 'You receive this notice as a User: D10.8(c) requires notice to Users';

describe.each(ENGINES)('release notices on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let gridline: TestUser;
  let november: { id: number; name: string };

  async function outboxFor(noticeId: number) {
    return t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject', 'body_text', 'dedupe_key'])
      .where('dedupe_key', 'like', `notice:${noticeId}:%`)
      .orderBy('to_address')
      .execute();
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    const gridlineOrg = await givenOrganisation(
      t.ctx,
      'Gridline Networks',
      'party',
      'electricity_network',
      false,
    );
    gridline = await givenUser(t.ctx, 'party', { organisationId: gridlineOrg });
    await givenPolicy(t);
    const created = await call(t, c.secas, 'POST', '/api/v1/releases/standard', { year: 2027 });
    const releases = created.json<{ created: { id: number; name: string }[] }>().created;
    const found = releases.find((r) => r.name === 'November 2027 SEC Release');
    if (!found) throw new Error('no November 2027 release');
    november = found;
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.8(c): a Party gets 403 issuing a notice and nothing is written', async () => {
    const [notices, events, messages] = await Promise.all([
      count(t, 'release_notice'),
      count(t, 'audit_event'),
      count(t, 'outbox_message'),
    ]);
    const response = await call(t, c.albion, 'POST', `/api/v1/releases/${november.id}/notices`, {
      subject: 'Scope',
      body: 'The scope is set.',
    });
    expect(response.statusCode).toBe(403);
    expect(await count(t, 'release_notice')).toBe(notices);
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await count(t, 'outbox_message')).toBe(messages);
  });

  it('D10.8(c): a notice without a subject is refused naming the field, and nothing is written', async () => {
    const response = await call(t, c.secas, 'POST', `/api/v1/releases/${november.id}/notices`, {
      subject: ' ',
      body: 'Text',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', field: 'subject' });
    expect(await count(t, 'release_notice')).toBe(0);
  });

  it('D10.8(c), ruling 9: SECAS issues a notice to every Party user, Users flagged; SECAS and the Authority get none', async () => {
    const response = await call(t, c.secas, 'POST', `/api/v1/releases/${november.id}/notices`, {
      subject: 'Scope of the November 2027 SEC Release',
      body: 'The release will hold MP123.',
    });
    expect(response.statusCode).toBe(201);
    const notice = response.json<NoticeJson>();
    // albion, northwind, the Panel Member of Northwind, and Gridline (a Party that is not a User).
    expect(notice).toMatchObject({ recipients: 4, mandatoryRecipients: 3, late: false });

    const row = await t.ctx.db
      .selectFrom('release_notice')
      .selectAll()
      .where('id', '=', notice.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      release_id: november.id,
      subject: 'Scope of the November 2027 SEC Release',
      issued_by: c.secas.id,
      recipients: 4,
      mandatory_recipients: 3,
    });

    const audit = await t.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('subject_type', '=', 'release')
      .where('subject_id', '=', String(november.id))
      .where('action', '=', 'release.notice_issued')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.after).toMatchObject({ notice_id: notice.id, recipients: 4 });

    const messages = await outboxFor(notice.id);
    const byAddress = new Map(messages.map((m) => [m.to_address, m]));
    expect([...byAddress.keys()].sort()).toEqual(
      [c.albion.email, c.northwind.email, c.member.email, gridline.email].sort(),
    );
    for (const user of [c.albion, c.northwind, c.member])
      expect(byAddress.get(user.email)?.body_text).toContain(USER_FLAG);
    expect(byAddress.get(gridline.email)?.body_text).not.toContain(USER_FLAG);
    expect(byAddress.get(gridline.email)?.body_text).toContain('The release will hold MP123.');
    for (const user of [c.secas, c.authority, c.chair])
      expect(byAddress.has(user.email)).toBe(false);
  });

  it('ruling 9: sending the same notice again never duplicates an e-mail (dedupe)', async () => {
    const [notice] = await t.ctx.db
      .selectFrom('release_notice')
      .selectAll()
      .where('release_id', '=', november.id)
      .execute();
    if (!notice) throw new Error('no notice');
    const release = await findRelease(t.ctx.db, november.id);
    if (!release) throw new Error('no release');
    const before = await outboxFor(notice.id);
    await inTransaction(t.ctx, SYSTEM_ACTOR, (unit) => sendNotice(unit, release, notice));
    expect(await outboxFor(notice.id)).toHaveLength(before.length);
  });

  it('D10.8(c): notices are public through the API and the pages, without signing in', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/releases/${november.id}/notices`,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({
      releaseId: november.id,
      noticePeriodStart: '2027-08-04',
      issuedBeforeStart: true,
      notices: [{ subject: 'Scope of the November 2027 SEC Release', late: false }],
    });
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/notices' });
    expect(all.statusCode).toBe(200);
    expect(all.json<NoticeJson[]>()).toMatchObject([{ releaseName: november.name }]);

    const page = await t.app.inject({ method: 'GET', url: `/releases/${november.id}/notices` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Scope of the November 2027 SEC Release');
    expect(page.body).toContain('4 August 2027');
    expect(page.body).not.toContain('Issue notice');
    const index = await t.app.inject({ method: 'GET', url: '/notices' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain(november.name);
  });

  it('D10.8(c): SECAS issues a notice through the page; a missing body shows the error summary', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    const form = await browser.get(`/releases/${november.id}/notices`);
    expect(form.body).toContain('Issue notice');
    const notices = await count(t, 'release_notice');
    const refused = await browser.post(`/releases/${november.id}/notices`, {
      subject: 'Testing window',
      body: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#notice-body"');
    expect(await count(t, 'release_notice')).toBe(notices);
    const issued = await browser.post(`/releases/${november.id}/notices`, {
      subject: 'Testing window',
      body: 'Testing starts in June 2027.',
    });
    expect(issued.statusCode).toBe(303);
    const after = await browser.get(`/releases/${november.id}/notices`);
    expect(after.body).toContain('The notice has been sent to 4 Party users, 3 of them at Users.');
    expect(await count(t, 'release_notice')).toBe(notices + 1);
  });

  it('D10.8(c): SECAS’s home page lists a release whose notice period starts within 20 Working Days with no notice; a Party’s does not', async () => {
    const secas = new BrowserSession(t.app);
    await secas.signIn(c.secas.email);
    const home = await secas.get('/home');
    expect(home.body).toContain('February 2027 SEC Release: no notice has been issued to Parties');
    expect(home.body).not.toContain('November 2027 SEC Release: no notice has been issued');
    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    expect((await party.get('/home')).body).not.toContain('no notice has been issued');
  });

  it('D10.8(c): a notice issued after the notice period started is flagged late', async () => {
    t.clock.set('2027-08-10T10:00:00Z');
    const response = await call(t, c.secas, 'POST', `/api/v1/releases/${november.id}/notices`, {
      subject: 'Go-live reminder',
      body: 'Go-live is on 4 November 2027.',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json<NoticeJson>().late).toBe(true);
    const page = await t.app.inject({ method: 'GET', url: `/releases/${november.id}/notices` });
    expect(page.body).toContain('Issued after the notice period started.');
  });
});
