import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { openSubjectConsultation } from '../../src/modules/consultation/consultation.actions.ts';
import { DEFAULT_MECHANISMS, DEFAULT_PROSE } from '../../src/modules/policy/policy-defaults.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { meetingHeldOn } from '../support/panel-meeting-fixtures.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';

type Version = { id: number; number: number; status: string; version: number; missing: string[] };
const DAY = 24 * 60 * 60 * 1000;

const withoutNotice = { ...DEFAULT_MECHANISMS, notice: undefined };
const noticeMonths = (november: number) => ({
  ...DEFAULT_MECHANISMS.notice,
  noticePeriods: DEFAULT_MECHANISMS.notice.noticePeriods.map((p) =>
    p.releaseType === 'november' ? { ...p, amount: november } : p,
  ),
});

async function policyRow(t: TestApp, id: number) {
  return t.ctx.db
    .selectFrom('policy_version')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function policyAudit(t: TestApp, id: number) {
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('subject_type', '=', 'policy_version')
    .where('subject_id', '=', String(id))
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.action);
}

describe.each(ENGINES)('the SEC Release Management Policy on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let v1: Version;
  let v2: Version;

  const today = () => t.clock.now().toISOString().slice(0, 10);

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('A-POL: a Party gets 403 creating a version and nothing changes; SECAS creates a draft', async () => {
    const events = await count(t, 'audit_event');
    const byParty = await call(t, c.albion, 'POST', '/api/v1/policy/versions', { title: 'x' });
    expect(byParty.statusCode).toBe(403);
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await t.ctx.db.selectFrom('policy_version').selectAll().execute()).toHaveLength(0);

    const created = await call(t, c.secas, 'POST', '/api/v1/policy/versions', {
      title: 'First Policy',
    });
    expect(created.statusCode).toBe(201);
    v1 = created.json<Version>();
    expect(v1).toMatchObject({ number: 1, status: 'draft', missing: [] });
    expect(await policyAudit(t, v1.id)).toEqual(['policy_version.created']);
    const second = await call(t, c.secas, 'POST', '/api/v1/policy/versions', { title: 'Two' });
    expect(second.statusCode).toBe(409);
    expect(second.json<{ code: string }>().code).toBe('already_exists');
    // A draft is not public.
    const anonymous = await t.app.inject({
      method: 'GET',
      url: `/api/v1/policy/versions/${v1.id}`,
    });
    expect(anonymous.statusCode).toBe(404);
  });

  it('D10.8(c): submitting without notice periods is refused with policy_incomplete naming (c), and nothing changes', async () => {
    const edited = await call(t, c.secas, 'PUT', `/api/v1/policy/versions/${v1.id}`, {
      title: 'First Policy',
      mechanisms: withoutNotice,
      prose: DEFAULT_PROSE,
      version: v1.version,
    });
    expect(edited.statusCode).toBe(200);
    v1 = edited.json<Version>();
    expect(v1.missing).toEqual(['(c) notice: not defined']);
    const before = await policyRow(t, v1.id);
    const events = await count(t, 'audit_event');
    const refused = await call(t, c.secas, 'POST', `/api/v1/policy/versions/${v1.id}/submit`, {
      version: v1.version,
    });
    expect(refused.statusCode).toBe(409);
    const body = refused.json<{ code: string; message: string; field: string }>();
    expect(body.code).toBe('policy_incomplete');
    expect(body.message).toContain('(c) notice');
    expect(body.field).toBe('mechanisms.notice');
    expect(await policyRow(t, v1.id)).toEqual(before);
    expect(await count(t, 'audit_event')).toBe(events);
  });

  it('A-POL: an edit based on a stale version is refused with 409; bad mechanisms give a 400 naming the field', async () => {
    const stale = await call(t, c.secas, 'PUT', `/api/v1/policy/versions/${v1.id}`, {
      title: 'Stale',
      mechanisms: DEFAULT_MECHANISMS,
      prose: DEFAULT_PROSE,
      version: v1.version - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ code: string }>().code).toBe('stale_version');
    const unknownType = await call(t, c.secas, 'PUT', `/api/v1/policy/versions/${v1.id}`, {
      title: 'First Policy',
      mechanisms: {
        ...DEFAULT_MECHANISMS,
        notice: {
          ...DEFAULT_MECHANISMS.notice,
          noticePeriods: [{ releaseType: 'march', amount: 3, unit: 'months' }],
        },
      },
      prose: DEFAULT_PROSE,
      version: v1.version,
    });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json<{ field: string }>().field).toBe(
      'mechanisms.notice.noticePeriods.0.releaseType',
    );
    expect((await policyRow(t, v1.id)).version).toBe(v1.version);
  });

  it('D10.9: approval is refused with consultation_required until a consultation of the DCC and Users on this version has closed; then it is in force and public', async () => {
    const edited = await call(t, c.secas, 'PUT', `/api/v1/policy/versions/${v1.id}`, {
      title: 'First Policy',
      mechanisms: DEFAULT_MECHANISMS,
      prose: DEFAULT_PROSE,
      version: v1.version,
    });
    const submitted = await call(t, c.secas, 'POST', `/api/v1/policy/versions/${v1.id}/submit`, {
      version: edited.json<Version>().version,
    });
    expect(submitted.statusCode).toBe(200);
    v1 = submitted.json<Version>();
    expect(v1.status).toBe('submitted');

    const decide = async (version: number) =>
      call(t, c.chair, 'POST', `/api/v1/policy/versions/${v1.id}/decision`, {
        outcome: 'approve',
        meetingId: await meetingHeldOn(t.ctx, today()),
        notes: 'Approved after consultation',
        effectiveFrom: today(),
        version,
      });
    const early = await decide(v1.version);
    expect(early.statusCode).toBe(409);
    expect(early.json<{ code: string }>().code).toBe('consultation_required');

    const byParty = await call(
      t,
      c.albion,
      'POST',
      `/api/v1/policy/versions/${v1.id}/consultation`,
      {
        opensAt: today(),
        closesAfterWorkingDays: 10,
      },
    );
    expect(byParty.statusCode).toBe(403);
    const opened = await call(t, c.secas, 'POST', `/api/v1/policy/versions/${v1.id}/consultation`, {
      opensAt: today(),
      closesAfterWorkingDays: 10,
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json<{ audiences: string[] }>().audiences).toEqual(['dcc', 'users']);
    const whileOpen = await decide(v1.version);
    expect(whileOpen.json<{ code: string }>().code).toBe('consultation_required');
    expect((await policyRow(t, v1.id)).status).toBe('submitted');

    t.clock.advance(20 * DAY);
    const chairBrowser = new BrowserSession(t.app);
    await chairBrowser.signIn(c.chair.email);
    const home = await chairBrowser.get('/home');
    expect(home.body).toContain('Record the Panel’s decision on Policy version 1');
    const approved = await decide(v1.version);
    expect(approved.statusCode).toBe(200);
    expect(approved.json<Version>().status).toBe('in_force');
    const row = await policyRow(t, v1.id);
    expect(row).toMatchObject({
      status: 'approved',
      effective_from: today(),
      decided_on: today(),
      decision_meeting_id: await meetingHeldOn(t.ctx, today()),
    });
    expect(await policyAudit(t, v1.id)).toEqual([
      'policy_version.created',
      'policy_version.updated',
      'policy_version.updated',
      'policy_version.submitted',
      'policy_version.approved',
    ]);

    const published = await t.app.inject({ method: 'GET', url: '/api/v1/policy' });
    expect(published.statusCode).toBe(200);
    expect(published.json<Version>()).toMatchObject({ id: v1.id, status: 'in_force' });
  });

  it('D10.9: a consultation of Users only does not count; one of all Parties does (it includes the DCC and Users); the previous version is superseded', async () => {
    const created = await call(t, c.secas, 'POST', '/api/v1/policy/versions', {
      title: 'Longer November notice',
    });
    v2 = created.json<Version>();
    const prose = DEFAULT_PROSE.map((s) =>
      s.id === 'review'
        ? { ...s, text: s.text.replace('at least once a year', 'at least twice a year') }
        : s,
    );
    const edited = await call(t, c.secas, 'PUT', `/api/v1/policy/versions/${v2.id}`, {
      title: 'Longer November notice',
      mechanisms: { ...DEFAULT_MECHANISMS, notice: noticeMonths(4) },
      prose,
      version: v2.version,
    });
    const submitted = await call(t, c.secas, 'POST', `/api/v1/policy/versions/${v2.id}/submit`, {
      version: edited.json<Version>().version,
    });
    v2 = submitted.json<Version>();
    // The Policy's own route always asks the DCC and Users; the use case under it is called
    // directly to record a consultation of other audiences (history: the cut-over is 2100).
    const consult = (audiences: string[]) =>
      openSubjectConsultation(
        t.ctx,
        null,
        {
          subjectType: 'policy_version',
          subjectId: String(v2.id),
          title: 'Policy version 2',
          audiences,
          questions: ['Do you agree?'],
          opensAt: today(),
          closesAfterWorkingDays: 5,
        },
        {},
        SYSTEM_ACTOR,
      );
    const decide = async () =>
      call(t, c.secas, 'POST', `/api/v1/policy/versions/${v2.id}/decision`, {
        outcome: 'approve',
        meetingId: await meetingHeldOn(t.ctx, today()),
        notes: '',
        effectiveFrom: today(),
        version: v2.version,
      });
    await consult(['users']);
    t.clock.advance(10 * DAY);
    expect((await decide()).json<{ code: string }>().code).toBe('consultation_required');
    await consult(['all_parties']);
    t.clock.advance(10 * DAY);
    const approved = await decide();
    expect(approved.statusCode).toBe(200);
    const versions = await t.app.inject({ method: 'GET', url: '/api/v1/policy/versions' });
    expect(versions.json<Version[]>().map((v) => [v.number, v.status])).toEqual([
      [2, 'in_force'],
      [1, 'superseded'],
    ]);
  });

  it('A-POL: the redline shows a changed notice period and a reworded prose clause at word level (public)', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/v1/policy/redline?from=${v1.id}&to=${v2.id}`,
    });
    expect(response.statusCode).toBe(200);
    type Clause = { id: string; change: string; parts: { text: string; op: string }[] };
    const redline = response.json<{ mechanisms: Clause[]; prose: Clause[] }>();
    const notice = redline.mechanisms.find((clause) => clause.id === 'c-notice-november');
    expect(notice?.change).toBe('changed');
    expect(notice?.parts.filter((p) => p.op !== 'equal')).toEqual([
      { text: '3', op: 'delete' },
      { text: '4', op: 'insert' },
    ]);
    expect(redline.mechanisms.filter((clause) => clause.change !== 'same')).toHaveLength(1);
    const review = redline.prose.find((clause) => clause.id === 'review');
    expect(review?.parts.filter((p) => p.op !== 'equal')).toEqual([
      { text: 'once', op: 'delete' },
      { text: 'twice', op: 'insert' },
    ]);
    const page = await t.app.inject({
      method: 'GET',
      url: `/policy/redline?from=${v1.id}&to=${v2.id}`,
    });
    expect(page.statusCode).toBe(200);
    // Issue 13: in colour as well as struck through or underlined, with a space between.
    expect(page.body).toContain(
      '<del class="redline-delete"><span class="govuk-visually-hidden">deleted text: </span>once</del> <ins class="redline-insert"><span class="govuk-visually-hidden">inserted text: </span>twice</ins>',
    );
  });

  it('A-POL pages: /policy is public; SECAS edits a draft without JavaScript, a bad notice period names its field', async () => {
    const overview = await t.app.inject({ method: 'GET', url: '/policy' });
    expect(overview.statusCode).toBe(200);
    expect(overview.body).toContain('Version 2: Longer November notice');
    expect(overview.body).toContain('4 months');

    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    await browser.get('/policy');
    const created = await browser.post('/policy/versions', { title: 'Third', basedOnId: '' });
    expect(created.statusCode).toBe(303);
    const v3 = await t.ctx.db
      .selectFrom('policy_version')
      .selectAll()
      .where('number', '=', 3)
      .executeTakeFirstOrThrow();
    expect(v3.based_on_id).toBe(v2.id);
    const page = await browser.get(`/policy/versions/${v3.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="notice-november-amount"');

    const bad = await browser.post(`/policy/versions/${v3.id}/edit/notice`, {
      version: String(v3.version),
      'notice-november-amount': 'soon',
      'notice-november-unit': 'months',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#notice-november-amount"');
    expect((await policyRow(t, v3.id)).version).toBe(v3.version);

    await browser.get(`/policy/versions/${v3.id}`);
    const saved = await browser.post(`/policy/versions/${v3.id}/edit/notice`, {
      version: String(v3.version),
      'notice-february-amount': '2',
      'notice-february-unit': 'months',
      'notice-june-amount': '3',
      'notice-june-unit': 'months',
      'notice-november-amount': '5',
      'notice-november-unit': 'months',
      'notice-ad_hoc-amount': '',
      'notice-ad_hoc-unit': 'working_days',
    });
    expect(saved.statusCode).toBe(303);
    const after = await call(t, c.secas, 'GET', `/api/v1/policy/versions/${v3.id}`);
    expect(after.json<Version>().missing).toEqual([
      '(c) notice: no notice period for release type ad_hoc',
    ]);
    const party = await call(t, c.albion, 'GET', `/policy/versions/${v3.id}`);
    expect(party.statusCode).toBe(404);
  });
});
