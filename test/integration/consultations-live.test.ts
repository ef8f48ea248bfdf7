import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  BrowserSession,
  createTestApp,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES, givenCutOver } from '../support/test-db.ts';
import { givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { TEXT, countRows, givenDcc } from './tad-fixtures.ts';
import { meetingHeldOn } from '../support/panel-meeting-fixtures.ts';

/**
 * Consultations that really happened (D10.9, D10.20, rulings 8 and 13): from the cut-over a
 * consultation opens now or later and runs at least the Policy's minimum; only submitted Policy
 * and TAD versions are consulted on, through their own routes; the DCC consults on the TAD;
 * decisions are dated on or after the close; history held outside secrel carries only history.
 */

type Version = { id: number; number: number; status: string; version: number };
type Code = { code: string; field?: string };

/** Tue 1 December 2026, 10:00 UTC; the cut-over is 1 January 2026. */
const NOW = '2026-12-01T10:00:00Z';
const CUT_OVER = '2026-01-01';
/** The end of the 10th Working Day after 1 December 2026: Tue 15 December, 23:59:59 UK time. */
const TEN_DAYS = '2026-12-15T23:59:59.000Z';

async function snapshot(t: TestApp) {
  return {
    consultations: await t.ctx.db.selectFrom('consultation').selectAll().orderBy('id').execute(),
    versions: await t.ctx.db.selectFrom('policy_version').selectAll().orderBy('id').execute(),
    events: await count(t, 'audit_event'),
  };
}

describe.each(ENGINES)('consultations that really happened: the Policy on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let v1: Version;
  let v2: Version;

  const consult = (user: TestUser, id: number, body: object) =>
    call(t, user, 'POST', `/api/v1/policy/versions/${id}/consultation`, body);
  /** Ruling 13: decided at the Panel meeting held on `decidedOn`. */
  const decide = async (v: Version, decidedOn: string, effectiveFrom: string) =>
    call(t, c.chair, 'POST', `/api/v1/policy/versions/${v.id}/decision`, {
      outcome: 'approve',
      meetingId: await meetingHeldOn(t.ctx, decidedOn),
      decidedOn,
      effectiveFrom,
      notes: '',
      version: v.version,
    });
  async function submittedVersion(title: string): Promise<Version> {
    const created = await call(t, c.secas, 'POST', '/api/v1/policy/versions', { title });
    const draft = created.json<Version>();
    const submitted = await call(t, c.secas, 'POST', `/api/v1/policy/versions/${draft.id}/submit`, {
      version: draft.version,
    });
    return submitted.json<Version>();
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    await givenCutOver(t.ctx.db, CUT_OVER);
    t.clock.set(NOW);
    c = await givenCast(t);
    dcc = (await givenDcc(t)).fiona;
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.9: a draft Policy version cannot be consulted on (consultation_on_draft); nothing changes', async () => {
    const created = await call(t, c.secas, 'POST', '/api/v1/policy/versions', { title: 'First' });
    v1 = created.json<Version>();
    const before = await snapshot(t);
    const refused = await consult(c.secas, v1.id, {
      opensAt: '2026-12-01',
      closesAfterWorkingDays: 10,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Code>().code).toBe('consultation_on_draft');
    expect(await snapshot(t)).toEqual(before);
  });

  it('D10.9: the generic route refuses a Policy or TAD version (consultation_own_route; tad_consulted_by_dcc for the Panel); nothing changes', async () => {
    const before = await snapshot(t);
    const general = {
      subjectType: 'policy_version',
      subjectId: String(v1.id),
      title: 'Policy version 1',
      audiences: ['dcc', 'users'],
      questions: ['Do you agree?'],
      opensAt: '2026-12-01',
      closesAfterWorkingDays: 10,
    };
    const policy = await call(t, c.secas, 'POST', '/api/v1/consultations', general);
    expect(policy.statusCode).toBe(400);
    expect(policy.json<Code>()).toMatchObject({
      code: 'consultation_own_route',
      field: 'subjectType',
    });
    const tadBySecas = await call(t, c.secas, 'POST', '/api/v1/consultations', {
      ...general,
      subjectType: 'tad_version',
    });
    expect(tadBySecas.statusCode).toBe(403);
    expect(tadBySecas.json<Code>().code).toBe('tad_consulted_by_dcc');
    const tadByDcc = await call(t, dcc, 'POST', '/api/v1/consultations', {
      ...general,
      subjectType: 'tad_version',
      audiences: ['all_parties'],
    });
    expect(tadByDcc.statusCode).toBe(400);
    expect(tadByDcc.json<Code>().code).toBe('consultation_own_route');
    expect(await snapshot(t)).toEqual(before);
  });

  it('Ruling 13: a general consultation dated in the past after the cut-over is refused (consultation_in_past); today’s date opens it now', async () => {
    const before = await snapshot(t);
    const general = {
      subjectType: 'other',
      subjectId: 'release-calendar-2028',
      title: 'Release calendar 2028',
      audiences: ['all_parties'],
      questions: ['Do you agree?'],
      closesAfterWorkingDays: 10,
    };
    const past = await call(t, c.secas, 'POST', '/api/v1/consultations', {
      ...general,
      opensAt: '2026-11-20',
    });
    expect(past.statusCode).toBe(400);
    expect(past.json<Code>()).toMatchObject({ code: 'consultation_in_past', field: 'opensAt' });
    expect(await snapshot(t)).toEqual(before);
    const today = await call(t, c.secas, 'POST', '/api/v1/consultations', {
      ...general,
      opensAt: '2026-12-01',
    });
    expect(today.statusCode).toBe(201);
    expect(today.json()).toMatchObject({
      opensAt: new Date(NOW).toISOString(),
      closesAt: TEN_DAYS,
      status: 'open',
      heldOutsideSecrel: false,
      minimumWorkingDays: null,
    });
  });

  it('Ruling 13: a consultation of 2020-01-01 → 2020-01-02 is history, flagged held outside secrel, and does not carry a decision after the cut-over (consultation_held_outside)', async () => {
    const submitted = await call(t, c.secas, 'POST', `/api/v1/policy/versions/${v1.id}/submit`, {
      version: v1.version,
    });
    v1 = submitted.json<Version>();
    const opened = await consult(c.secas, v1.id, { opensAt: '2020-01-01', closesAt: '2020-01-02' });
    expect(opened.statusCode).toBe(201);
    const id = opened.json<{ id: number }>().id;
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/consultations/${id}` });
    expect(api.json()).toMatchObject({
      consultation: { heldOutsideSecrel: true, minimumWorkingDays: null },
    });
    const page = await t.app.inject({ method: 'GET', url: `/consultations/${id}` });
    expect(page.body).toContain('Held outside secrel');
    const policyPage = await call(t, c.secas, 'GET', `/policy/versions/${v1.id}`);
    expect(policyPage.body).toContain('Held outside secrel');

    const before = await snapshot(t);
    const live = await decide(v1, '2026-12-01', '2026-12-01');
    expect(live.statusCode).toBe(409);
    expect(live.json<Code>()).toMatchObject({
      code: 'consultation_held_outside',
      field: 'decidedOn',
    });
    expect(await snapshot(t)).toEqual(before);

    const history = await decide(v1, '2020-02-06', '2020-03-01');
    expect(history.statusCode).toBe(200);
    expect(history.json<Version>().status).toBe('in_force');
  });

  it('Ruling 13: from the cut-over a Policy consultation opens now or later (consultation_in_past); nothing changes', async () => {
    v2 = await submittedVersion('Second');
    const before = await snapshot(t);
    const refused = await consult(c.secas, v2.id, {
      opensAt: '2026-11-20',
      closesAt: '2026-12-31',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<Code>()).toMatchObject({ code: 'consultation_in_past', field: 'opensAt' });
    expect(await snapshot(t)).toEqual(before);
  });

  it('D10.9: a Policy consultation runs at least the Policy’s minimum, 10 Working Days (consultation_too_short); nothing changes', async () => {
    const before = await snapshot(t);
    const refused = await consult(c.secas, v2.id, {
      opensAt: '2026-12-01',
      closesAt: '2026-12-14',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<Code>()).toMatchObject({
      code: 'consultation_too_short',
      field: 'closesAt',
    });
    expect(refused.json<{ message: string }>().message).toContain('10 Working Days');
    expect(await snapshot(t)).toEqual(before);

    const opened = await consult(c.secas, v2.id, {
      opensAt: '2026-12-01',
      closesAfterWorkingDays: 10,
    });
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({
      opensAt: new Date(NOW).toISOString(),
      closesAt: TEN_DAYS,
    });
    const row = await t.ctx.db
      .selectFrom('consultation')
      .selectAll()
      .where('id', '=', opened.json<{ id: number }>().id)
      .executeTakeFirstOrThrow();
    expect(row.minimum_working_days).toBe(10);
  });

  it('D10.9: a decision dated before its consultation closed is refused (decision_before_consultation_closed); dated after the close it is approved', async () => {
    t.clock.set('2026-12-16T10:00:00Z');
    const before = await snapshot(t);
    const early = await decide(v2, '2026-12-14', '2026-12-16');
    expect(early.statusCode).toBe(409);
    expect(early.json<Code>()).toMatchObject({
      code: 'decision_before_consultation_closed',
      field: 'decidedOn',
    });
    expect(await snapshot(t)).toEqual(before);
    const approved = await decide(v2, '2026-12-16', '2026-12-16');
    expect(approved.statusCode).toBe(200);
    expect(approved.json<Version>().status).toBe('in_force');
  });

  it('D10.9: the consultation form refuses a Policy version, shows the error and keeps what was typed; nothing changes', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    await browser.get('/consultations/new');
    const before = await snapshot(t);
    const refused = await browser.post('/consultations', {
      subjectType: 'policy_version',
      subjectId: String(v2.id),
      title: 'A title worth keeping',
      description: '',
      audiences: 'dcc',
      questions: 'Do you agree?',
      opensAt: '2026-12-16',
      closeBy: 'days',
      closesAfterWorkingDays: '10',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('consulted on from its own page');
    expect(refused.body).toContain('A title worth keeping');
    expect(await snapshot(t)).toEqual(before);
  });

  it('Ruling 13: the Policy’s consultation form refuses an opening in the past, shows the error and keeps what was typed; nothing changes', async () => {
    const v3 = await submittedVersion('Third');
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    await browser.get(`/policy/versions/${v3.id}`);
    const before = await snapshot(t);
    // f349876: the page asks for each date as day, month and year (folded into ISO before the handler).
    const refused = await browser.post(`/policy/versions/${v3.id}/consultation`, {
      'opensAt-day': '1',
      'opensAt-month': '12',
      'opensAt-year': '2026',
      'closesAt-day': '29',
      'closesAt-month': '1',
      'closesAt-year': '2027',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('A consultation opens now or later');
    expect(refused.body).toMatch(/name="closesAt-day"[^>]*value="29"/);
    expect(refused.body).toMatch(/name="closesAt-month"[^>]*value="1"/);
    expect(refused.body).toMatch(/name="closesAt-year"[^>]*value="2027"/);
    expect(await snapshot(t)).toEqual(before);
  });

  it('Ruling 13, D10.9: the Panel’s decision on a Policy version is not recorded more than 5 Working Days after its meeting (panel_record_late); nothing changes; recorded on the day it is accepted', async () => {
    const v4 = await submittedVersion('Fourth');
    // Opens Wed 16 December 2026; 10 Working Days (Christmas and Boxing Day off) close Mon 4 January.
    const opened = await consult(c.secas, v4.id, {
      opensAt: '2026-12-16',
      closesAfterWorkingDays: 10,
    });
    expect(opened.statusCode).toBe(201);
    t.clock.set('2027-01-20T10:00:00Z');
    const before = await snapshot(t);
    // Decided at the meeting of Tue 5 January: its record window ended Tue 12 January.
    const late = await decide(v4, '2027-01-05', '2027-02-01');
    expect(late.statusCode).toBe(409);
    expect(late.json<Code>()).toMatchObject({ code: 'panel_record_late', field: 'meetingId' });
    expect(late.json<{ message: string }>().message).toContain('12 January 2027');
    expect(await snapshot(t)).toEqual(before);
    const recorded = await decide(v4, '2027-01-20', '2027-02-01');
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json<Version>().status).toBe('approved');
  });

  it('Ruling 13, D10.9: editing a scheduled Policy consultation is no way round: moved to open in the past (consultation_in_past) or to close short of the minimum (consultation_too_short) it is refused; nothing changes', async () => {
    t.clock.set('2027-01-20T10:00:00Z');
    const v5 = await submittedVersion('Fifth');
    // Today is Wed 20 January 2027: the consultation opens Mon 25 January.
    const scheduled = await consult(c.secas, v5.id, {
      opensAt: '2027-01-25',
      closesAfterWorkingDays: 10,
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const id = scheduled.json<{ id: number }>().id;
    const { version } = await t.ctx.db
      .selectFrom('consultation')
      .select('version')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const edit = (body: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/v1/consultations/${id}`,
        headers: bearer(c.secas),
        payload: { version, ...body },
      });
    const before = await snapshot(t);

    const past = await edit({ opensAt: '2027-01-18' });
    expect(past.statusCode).toBe(400);
    expect(past.json<Code>()).toMatchObject({ code: 'consultation_in_past', field: 'opensAt' });
    expect(await snapshot(t)).toEqual(before);

    // Mon 1 February is 5 Working Days after the opening: the Policy's minimum is 10.
    const short = await edit({ closesAt: '2027-02-01' });
    expect(short.statusCode).toBe(400);
    expect(short.json<Code>()).toMatchObject({ code: 'consultation_too_short', field: 'closesAt' });
    expect(short.json<{ message: string }>().message).toContain('10 Working Days');
    expect(await snapshot(t)).toEqual(before);

    const later = await edit({ opensAt: '2027-01-26', closesAfterWorkingDays: 10 });
    expect(later.statusCode, later.body).toBe(200);
  });
});

describe.each(ENGINES)('consultations that really happened: the TAD on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let june: number;
  let version = 0;
  const base = () => `/api/v1/releases/${june}/tad/versions/1`;

  async function tadSnapshot() {
    return {
      consultations: await t.ctx.db.selectFrom('consultation').selectAll().orderBy('id').execute(),
      versions: await t.ctx.db.selectFrom('tad_version').selectAll().orderBy('id').execute(),
      events: await countRows(t, 'audit_event'),
    };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    await givenCutOver(t.ctx.db, CUT_OVER);
    t.clock.set(NOW);
    c = await givenCast(t);
    dcc = (await givenDcc(t)).fiona;
    const policy = await givenPolicy(t);
    // The minimum consultation period is data in the Policy: this version sets 15 Working Days.
    await t.ctx.db
      .updateTable('policy_version')
      .set({ consultation_working_days: 15 })
      .where('id', '=', policy)
      .execute();
    june = await givenRelease(t, policy, 'June 2027 SEC Release', 'planned', '2027-06-24');
    const requested = await call(t, c.secas, 'POST', `/api/v1/releases/${june}/tad/request`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-12-01'),
      requestedOn: '2026-12-01',
    });
    expect(requested.statusCode).toBe(201);
    const drafted = await call(t, dcc, 'POST', `/api/v1/releases/${june}/tad/versions`, TEXT);
    expect(drafted.statusCode).toBe(201);
    version = drafted.json<{ version: number }>().version;
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.20: a draft TAD version cannot be consulted on (consultation_on_draft); nothing changes', async () => {
    const before = await tadSnapshot();
    const refused = await call(t, dcc, 'POST', `${base()}/consultation`, {
      opensAt: '2026-12-01',
      closesAfterWorkingDays: 15,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<Code>().code).toBe('consultation_on_draft');
    expect(await tadSnapshot()).toEqual(before);
    const submitted = await call(t, dcc, 'POST', `${base()}/submit`, { version });
    expect(submitted.statusCode).toBe(200);
  });

  it('D10.20: SECAS and the Panel Chair cannot consult on the TAD (tad_consulted_by_dcc); nothing changes', async () => {
    const before = await tadSnapshot();
    for (const user of [c.secas, c.chair]) {
      const refused = await call(t, user, 'POST', `${base()}/consultation`, {
        opensAt: '2026-12-01',
        closesAfterWorkingDays: 15,
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json<Code>().code).toBe('tad_consulted_by_dcc');
    }
    expect(await tadSnapshot()).toEqual(before);
  });

  it('Ruling 13: the DCC’s consultation opens now or later (consultation_in_past); nothing changes', async () => {
    const before = await tadSnapshot();
    const refused = await call(t, dcc, 'POST', `${base()}/consultation`, {
      opensAt: '2026-11-25',
      closesAt: '2027-01-29',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<Code>()).toMatchObject({ code: 'consultation_in_past', field: 'opensAt' });
    expect(await tadSnapshot()).toEqual(before);
  });

  it('D10.20: the DCC’s consultation runs at least the Policy’s minimum (here 15 Working Days: 10 is consultation_too_short); nothing changes', async () => {
    const before = await tadSnapshot();
    const refused = await call(t, dcc, 'POST', `${base()}/consultation`, {
      opensAt: '2026-12-01',
      closesAfterWorkingDays: 10,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<Code>()).toMatchObject({
      code: 'consultation_too_short',
      field: 'closesAfterWorkingDays',
    });
    expect(await tadSnapshot()).toEqual(before);
    const opened = await call(t, dcc, 'POST', `${base()}/consultation`, {
      opensAt: '2026-12-01',
      closesAfterWorkingDays: 15,
    });
    expect(opened.statusCode).toBe(201);
    // 15 Working Days after Tue 1 December 2026: Tue 22 December, 23:59:59 UK time.
    expect(opened.json()).toMatchObject({ closesAt: '2026-12-22T23:59:59.000Z' });
    const view = await t.app.inject({ method: 'GET', url: base() });
    expect(view.json()).toMatchObject({
      consultations: [{ runBy: 'dcc', heldOutsideSecrel: false }],
    });
  });

  it('D10.20: the Panel’s review is dated on or after the close (decision_before_consultation_closed); nothing changes', async () => {
    t.clock.set('2026-12-23T10:00:00Z');
    const current = await t.ctx.db
      .selectFrom('tad_version')
      .select('version')
      .where('release_id', '=', june)
      .executeTakeFirstOrThrow();
    const before = await tadSnapshot();
    const early = await call(t, c.chair, 'POST', `${base()}/review`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-12-21'),
      reviewedOn: '2026-12-21',
      notes: 'Reviewed',
      version: current.version,
    });
    expect(early.statusCode).toBe(409);
    expect(early.json<Code>()).toMatchObject({
      code: 'decision_before_consultation_closed',
      field: 'reviewedOn',
    });
    expect(await tadSnapshot()).toEqual(before);
    const reviewed = await call(t, c.chair, 'POST', `${base()}/review`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-12-23'),
      reviewedOn: '2026-12-23',
      notes: 'The Panel reviewed the TAD and the responses to the DCC’s consultation.',
      version: current.version,
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: 'reviewed' });
  });
});
