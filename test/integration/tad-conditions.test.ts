import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { TEXT, countRows, givenDcc, tadActions } from './tad-fixtures.ts';
import {
  givenAllocation,
  givenModification,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import { meetingHeldOn } from '../support/panel-meeting-fixtures.ts';

type Row = {
  modificationId: number;
  reference: string;
  inRelease: boolean;
  dccTesting: string;
  userTesting: string;
  missing: string[];
};
type Version = { id: number; number: number; status: string; version: number; conditions: Row[] };
type Refusal = {
  code: string;
  field?: string;
  message: string;
  missingConditions?: { modificationId: number; reference: string; limbs: string[] }[];
};

const D = (ref: string) => `DCC SIT traces every requirement of ${ref} to a test case.`;
const E = (ref: string) => `Users test ${ref} in UIT; the DCC supports them with test data.`;

describe.each(ENGINES)('D10.18, D10.13(d)(e): the TAD per modification on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let june: number;
  let mp201: number;
  let mp202: number;
  let v1: Version;
  const base = () => `/api/v1/releases/${june}/tad`;

  async function rowOf(id: number) {
    return t.ctx.db
      .selectFrom('tad_version')
      .select(['status', 'version', 'conditions'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    dcc = (await givenDcc(t)).fiona;
    const policy = await givenPolicy(t);
    june = await givenRelease(t, policy, 'June 2027 SEC Release', 'planned', '2027-06-24');
    mp201 = await givenModification(t, 'MP201', 'allocated');
    mp202 = await givenModification(t, 'MP202', 'allocated');
    await givenAllocation(t, june, mp201, 'whole');
    // A modification in two parts is covered once.
    await givenAllocation(t, june, mp202, 'documents');
    await givenAllocation(t, june, mp202, 'functionality');
    const requested = await call(t, c.secas, 'POST', `${base()}/request`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-11-26'),
      requestedOn: '2026-11-26',
    });
    expect(requested.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.18: a draft lists every modification in the release with the statements still missing', async () => {
    const created = await call(t, dcc, 'POST', `${base()}/versions`, {
      ...TEXT,
      conditions: [{ modificationId: mp201, dccTesting: D('MP201'), userTesting: E('MP201') }],
    });
    expect(created.statusCode).toBe(201);
    v1 = created.json<Version>();
    expect(v1.conditions).toEqual([
      {
        modificationId: mp201,
        reference: 'MP201',
        title: 'MP201 test modification',
        inRelease: true,
        dccTesting: D('MP201'),
        userTesting: E('MP201'),
        missing: [],
      },
      {
        modificationId: mp202,
        reference: 'MP202',
        title: 'MP202 test modification',
        inRelease: true,
        dccTesting: '',
        userTesting: '',
        missing: ['d', 'e'],
      },
    ]);
  });

  it('D10.13(d)(i)/D10.18: submitting while a modification lacks how D10.13(e) is met is refused with tad_conditions_missing naming it, and nothing changes', async () => {
    const edited = await call(t, dcc, 'PUT', `${base()}/versions/1`, {
      ...TEXT,
      conditions: [{ modificationId: mp202, dccTesting: D('MP202'), userTesting: ' ' }],
      version: v1.version,
    });
    expect(edited.statusCode).toBe(200);
    v1 = edited.json<Version>();
    // The statements of MP201 are kept: an edit replaces only the modifications it gives.
    expect(v1.conditions.map((r) => [r.reference, r.missing])).toEqual([
      ['MP201', []],
      ['MP202', ['e']],
    ]);
    const events = await countRows(t, 'audit_event');
    const before = await rowOf(v1.id);
    const response = await call(t, dcc, 'POST', `${base()}/versions/1/submit`, {
      version: v1.version,
    });
    expect(response.statusCode).toBe(409);
    const body = response.json<Refusal>();
    expect(body.code).toBe('tad_conditions_missing');
    expect(body.field).toBe('conditions');
    expect(body.missingConditions).toEqual([
      { modificationId: mp202, reference: 'MP202', limbs: ['e'] },
    ]);
    expect(body.message).toContain('MP202 (D10.13(e))');
    expect(await rowOf(v1.id)).toEqual(before);
    expect(before.status).toBe('draft');
    expect(await countRows(t, 'audit_event')).toBe(events);
  });

  it('D10.18: statements for a modification not in the release are refused (validation_failed), and nothing changes', async () => {
    const outsider = await givenModification(t, 'MP299', 'allocated');
    const events = await countRows(t, 'audit_event');
    const response = await call(t, dcc, 'PUT', `${base()}/versions/1`, {
      ...TEXT,
      conditions: [{ modificationId: outsider, dccTesting: 'x', userTesting: 'y' }],
      version: v1.version,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<Refusal>()).toMatchObject({
      code: 'validation_failed',
      field: 'conditions.0',
    });
    expect((await rowOf(v1.id)).version).toBe(v1.version);
    expect(await countRows(t, 'audit_event')).toBe(events);
  });

  it('D10.18: with both statements for every modification the DCC submits; the API and the pages show them per modification', async () => {
    const edited = await call(t, dcc, 'PUT', `${base()}/versions/1`, {
      ...TEXT,
      conditions: [{ modificationId: mp202, dccTesting: D('MP202'), userTesting: E('MP202') }],
      version: v1.version,
    });
    expect(edited.statusCode).toBe(200);
    const submitted = await call(t, dcc, 'POST', `${base()}/versions/1/submit`, {
      version: edited.json<Version>().version,
    });
    expect(submitted.statusCode).toBe(200);
    v1 = submitted.json<Version>();
    expect(v1.status).toBe('submitted');
    expect(await tadActions(t, v1.id)).toEqual([
      'tad.drafted',
      'tad.updated',
      'tad.updated',
      'tad.submitted',
    ]);
    const audit = await t.ctx.db
      .selectFrom('audit_event')
      .select('after')
      .where('subject_type', '=', 'tad_version')
      .where('action', '=', 'tad.submitted')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit.after)).toContain(E('MP202'));

    const view = await t.app.inject({ method: 'GET', url: `${base()}/versions/1` });
    expect(view.json<Version>().conditions.map((r) => [r.reference, r.userTesting])).toEqual([
      ['MP201', E('MP201')],
      ['MP202', E('MP202')],
    ]);
    const page = await t.app.inject({ method: 'GET', url: `/releases/${june}/tad/versions/1` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('How D10.13(d) and (e) are met, per modification');
    expect(page.body).toContain(`id="condition-${mp202}"`);
    expect(page.body).toContain(D('MP202'));
    expect(page.body).toContain('User testing and the DCC’s support (D10.13(e))');
    expect(page.body).toContain('href="/rules#drafting-3"');
    const tadPage = await t.app.inject({ method: 'GET', url: `/releases/${june}/tad` });
    expect(tadPage.body).toContain(
      `id="modification-${mp201}">MP201: MP201 test modification — version 1 says how D10.13(d) and (e) are met`,
    );
  });

  it('D10.18: a modification allocated after submission stops the Panel’s review (tad_conditions_missing); the amendment lists it to complete', async () => {
    const mp203 = await givenModification(t, 'MP203', 'allocated');
    await givenAllocation(t, june, mp203, 'whole');
    const opened = await call(t, dcc, 'POST', `${base()}/versions/1/consultation`, {
      opensAt: '2026-11-27',
      closesAfterWorkingDays: 10,
    });
    expect(opened.statusCode).toBe(201);
    t.clock.set('2026-12-14T10:00:00Z');
    const events = await countRows(t, 'audit_event');
    const review = await call(t, c.chair, 'POST', `${base()}/versions/1/review`, {
      meetingId: await meetingHeldOn(t.ctx, '2026-12-14'),
      reviewedOn: '2026-12-14',
      notes: 'Reviewed with the consultation responses.',
      version: v1.version,
    });
    expect(review.statusCode).toBe(409);
    expect(review.json<Refusal>()).toMatchObject({
      code: 'tad_conditions_missing',
      missingConditions: [{ modificationId: mp203, reference: 'MP203', limbs: ['d', 'e'] }],
    });
    expect((await rowOf(v1.id)).status).toBe('submitted');
    expect(await countRows(t, 'audit_event')).toBe(events);

    const amendment = await call(t, dcc, 'POST', `${base()}/versions`, {});
    expect(amendment.statusCode).toBe(201);
    expect(
      amendment.json<Version>().conditions.map((r) => [r.reference, r.dccTesting, r.missing]),
    ).toEqual([
      ['MP201', D('MP201'), []],
      ['MP202', D('MP202'), []],
      ['MP203', '', ['d', 'e']],
    ]);
  });

  it('D10.18: the DCC completes the amendment through the page form; a submission with a gap points at the empty statement', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(dcc.email);
    const url = `/releases/${june}/tad/versions/2`;
    const form = await browser.get(url);
    expect(form.body).toContain('name="dccTesting-');
    const mp203 = (
      await t.app.inject({
        method: 'GET',
        url: `${base()}/versions/2`,
        headers: { authorization: `Bearer ${dcc.token}` },
      })
    )
      .json<Version>()
      .conditions.find((r) => r.reference === 'MP203')?.modificationId;
    const version = String(
      (
        await t.ctx.db
          .selectFrom('tad_version')
          .select('version')
          .where('release_id', '=', june)
          .where('number', '=', 2)
          .executeTakeFirstOrThrow()
      ).version,
    );
    const saved = await browser.post(`${url}/edit`, {
      ...TEXT,
      [`dccTesting-${mp203}`]: D('MP203'),
      [`userTesting-${mp203}`]: '',
      version,
    });
    expect(saved.statusCode).toBe(303);
    const refused = await browser.post(`${url}/submit`, { version: String(Number(version) + 1) });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(`href="#edit-userTesting-${mp203}"`);
    expect(refused.body).toContain('Say how D10.13(e) is met for MP203');
    const row = await t.ctx.db
      .selectFrom('tad_version')
      .select(['status', 'conditions'])
      .where('release_id', '=', june)
      .where('number', '=', 2)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
    expect(JSON.stringify(row.conditions)).toContain(D('MP203'));
  });

  it('D10.18: the OpenAPI document lists tad_conditions_missing on the submit and review routes', async () => {
    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, { post?: { responses: Record<string, { description?: string }> } }>;
    }>();
    for (const path of [
      '/api/v1/releases/{id}/tad/versions/{n}/submit',
      '/api/v1/releases/{id}/tad/versions/{n}/review',
    ])
      expect(openapi.paths[path]?.post?.responses['409']?.description).toContain(
        'tad_conditions_missing',
      );
  });
});
