import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting, ridActions } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';

interface VersionJson {
  id: number;
  number: number;
  status: string;
  version: number;
  freezeOverrideId: number | null;
}

describe.each(ENGINES)('the RID freeze, overrides, redline and pages on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let release: number;
  let meetingNov: number;
  let meetingDec: number;
  let meetingJan: number;
  let overrideId: number;
  const base = () => `/api/v1/releases/${release}/rid`;
  const version = async (n: number) =>
    (await call(t, c.secas, 'GET', `${base()}/versions/${n}`)).json<VersionJson>();

  /** Drafts (or amends), fills in, submits and approves a version as of the clock. */
  async function approvedVersion(kind: 'drafts' | 'amendments', meetingId: number) {
    const created = (await call(t, c.secas, 'POST', `${base()}/${kind}`)).json<VersionJson>();
    const edited = await call(t, c.secas, 'PUT', `${base()}/versions/${created.number}`, {
      version: created.version,
      sections: {
        ...COMPLETE_SECTIONS,
        dccTesting: `${COMPLETE_SECTIONS.dccTesting} Version ${created.number}.`,
      },
    });
    expect(edited.statusCode).toBe(200);
    const submitted = await call(
      t,
      c.secas,
      'POST',
      `${base()}/versions/${created.number}/submit`,
      {
        version: edited.json<VersionJson>().version,
      },
    );
    expect(submitted.statusCode).toBe(200);
    const approved = await call(
      t,
      c.chair,
      'POST',
      `${base()}/versions/${created.number}/approve`,
      { meetingId, ...FIXTURE_SOURCE },
    );
    expect(approved.statusCode).toBe(200);
    return approved.json<VersionJson>();
  }

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    release = await givenRelease(
      t,
      policyId,
      'February 2027 SEC Release',
      'planned',
      '2027-02-25',
      'february',
    );
    await givenAllocation(
      t,
      release,
      await givenAllocatedModification(t, 'MP201', '2027-02-25'),
      'whole',
    );
    meetingNov = await givenMeeting(t, '2026-11-27');
    meetingDec = await givenMeeting(t, '2026-12-29');
    meetingJan = await givenMeeting(t, '2027-01-08');
    await approvedVersion('drafts', meetingNov);
    expect((await call(t, c.secas, 'POST', `${base()}/versions/1/publish`, {})).statusCode).toBe(
      200,
    );
    expect((await call(t, c.secas, 'POST', `${base()}/amendments`)).statusCode).toBe(201);
    t.clock.set('2026-12-29T10:00:00Z');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.15, ruling 5: from the freeze date, editing or submitting a draft is refused with rid_frozen and the date in words; nothing changes', async () => {
    const v2 = await version(2);
    const events = await count(t, 'audit_event');
    const edit = await call(t, c.secas, 'PUT', `${base()}/versions/2`, {
      version: v2.version,
      sections: { dccTesting: 'A late change' },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'rid_frozen', freezeDate: '2026-12-25' });
    expect(edit.json<{ message: string }>().message).toContain('Friday 25 December 2026');
    const submit = await call(t, c.secas, 'POST', `${base()}/versions/2/submit`, {
      version: v2.version,
    });
    expect(submit.json()).toMatchObject({ code: 'rid_frozen' });
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await version(2)).toMatchObject({ status: 'draft', version: v2.version });
    const withdrawn = await call(t, c.secas, 'POST', `${base()}/versions/2/withdraw`, {
      version: v2.version,
    });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
  });

  it('D10.15, ruling 5: from the freeze date a new amendment is refused with rid_frozen', async () => {
    const refused = await call(t, c.secas, 'POST', `${base()}/amendments`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'rid_frozen', freezeDate: '2026-12-25' });
    const overview = await call(t, c.secas, 'GET', base());
    expect(overview.json()).toMatchObject({ frozen: true, freezeDate: '2026-12-25' });
    expect(overview.json<{ versions: unknown[] }>().versions).toHaveLength(2);
  });

  it('ruling 5: a Panel override needs the Chair or SECAS, reasons and a meeting already held', async () => {
    const party = await call(t, c.albion, 'POST', `${base()}/freeze-overrides`, {
      meetingId: meetingDec,
      reasons: 'x',
    });
    expect(party.statusCode).toBe(403);
    const blank = await call(t, c.chair, 'POST', `${base()}/freeze-overrides`, {
      meetingId: meetingDec,
      reasons: '   ',
    });
    expect(blank.json()).toMatchObject({ code: 'validation_failed', field: 'reasons' });
    const future = await call(t, c.chair, 'POST', `${base()}/freeze-overrides`, {
      meetingId: meetingJan,
      reasons: 'A defect fix must be added',
    });
    expect(future.json()).toMatchObject({ code: 'validation_failed', field: 'meetingId' });
    expect(await t.ctx.db.selectFrom('rid_freeze_override').selectAll().execute()).toHaveLength(0);
  });

  it('D10.15, ruling 5: under a recorded Panel override one amendment is drafted, edited, submitted and approved; the next is refused', async () => {
    const recorded = await call(t, c.chair, 'POST', `${base()}/freeze-overrides`, {
      meetingId: meetingDec,
      reasons: 'A severity 1 defect fix in MP201 must be added to the go-live criteria.',
    });
    expect(recorded.statusCode).toBe(201);
    overrideId = recorded.json<{ id: number }>().id;
    expect(recorded.json()).toMatchObject({ decidedOn: '2026-12-29', usedByVersion: null });
    const twice = await call(t, c.chair, 'POST', `${base()}/freeze-overrides`, {
      meetingId: meetingDec,
      reasons: 'Another',
    });
    expect(twice.statusCode).toBe(409);
    const v3 = await approvedVersion('amendments', meetingDec);
    expect(v3).toMatchObject({ number: 3, status: 'approved', freezeOverrideId: overrideId });
    expect((await version(1)).status).toBe('superseded');
    expect(await ridActions(t, v3.id)).toEqual([
      'rid.drafted',
      'rid.updated',
      'rid.submitted',
      'rid.approved',
    ]);
    const next = await call(t, c.secas, 'POST', `${base()}/amendments`);
    expect(next.json()).toMatchObject({ code: 'rid_frozen' });
    const overview = await call(t, c.secas, 'GET', base());
    expect(overview.json<{ overrides: unknown[] }>().overrides).toEqual([
      expect.objectContaining({ id: overrideId, usedByVersion: 3 }),
    ]);
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'rid.freeze_overridden')
      .execute();
    expect(events).toHaveLength(1);
  });

  it('D10.15, D10.17: the public RID page shows the freeze date in words, the version in force, the override and its reasons', async () => {
    const unpublished = await t.app.inject({ method: 'GET', url: `/releases/${release}/rid` });
    expect(unpublished.body).toContain('it is not yet published');
    expect(
      (await t.app.inject({ method: 'GET', url: `/releases/${release}/rid/versions/3` }))
        .statusCode,
    ).toBe(404);
    expect((await call(t, c.secas, 'POST', `${base()}/versions/3/publish`, {})).statusCode).toBe(
      200,
    );
    const page = await t.app.inject({ method: 'GET', url: `/releases/${release}/rid` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Friday 25 December 2026');
    // Published Tuesday 29 December 2026: 10 Working Days after, off the New Year bank holiday.
    expect(page.body).toContain('Appeals by 23:59:59 on Wednesday 13 January 2027 (UK time)');
    expect(page.body).toContain('(frozen)');
    expect(page.body).toContain('A severity 1 defect fix in MP201 must be added');
    expect(page.body).toContain('Version 3</a>, approved by the Panel');
    expect(page.body).not.toContain('Version 2</a>');
    expect(page.body).not.toContain('Record a Panel override');
    const v3 = await t.app.inject({ method: 'GET', url: `/releases/${release}/rid/versions/3` });
    expect(v3.statusCode).toBe(200);
    expect(v3.body).toContain('Panel override of the freeze');
    expect(v3.body).toContain('Testing Approach Document');
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/releases/${release}/rid/versions/2`,
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('A-RID: the redline between versions 1 and 3 shows the words changed, by section', async () => {
    const api = await call(t, c.secas, 'GET', `${base()}/redline?from=1&to=3`);
    expect(api.statusCode).toBe(200);
    const clauses = api.json<{
      clauses: { id: string; change: string; parts: { text: string; op: string }[] }[];
    }>().clauses;
    const d = clauses.find((clause) => clause.id === 'd');
    expect(d?.change).toBe('changed');
    expect(d?.parts).toEqual(
      expect.arrayContaining([
        { text: '1', op: 'delete' },
        { text: '3', op: 'insert' },
      ]),
    );
    expect(clauses.find((clause) => clause.id === 'a')?.change).toBe('same');
    const page = await t.app.inject({
      method: 'GET',
      url: `/releases/${release}/rid/redline?from=1&to=3`,
    });
    expect(page.statusCode).toBe(200);
    // Issue 13: coloured as well as struck through or underlined, and a space between the two.
    expect(page.body).toContain(
      '<del class="redline-delete"><span class="govuk-visually-hidden">deleted text: </span>1</del> <ins class="redline-insert"><span class="govuk-visually-hidden">inserted text: </span>3</ins>',
    );
    expect(page.body).toContain('id="clause-a"');
    expect(page.body).toContain('changes=only">Show only the sections that changed</a>');
    const changedOnly = await t.app.inject({
      method: 'GET',
      url: `/releases/${release}/rid/redline?from=1&to=3&changes=only`,
    });
    expect(changedOnly.statusCode).toBe(200);
    expect(changedOnly.body).toContain('id="clause-d"');
    expect(changedOnly.body).not.toContain('id="clause-a"');
    expect(changedOnly.body).toContain('Show every section');
    const draft = await t.app.inject({
      method: 'GET',
      url: `/releases/${release}/rid/redline?from=1&to=2`,
    });
    expect(draft.statusCode).toBe(404);
  });

  it('D10.15: a signed-in SECAS editing after the freeze sees the error with the freeze date, and the form keeps what was typed', async () => {
    t.clock.set('2026-12-21T10:00:00Z');
    const draft = await call(t, c.secas, 'POST', `${base()}/amendments`);
    expect(draft.statusCode).toBe(201);
    const session = new BrowserSession(t.app);
    await session.signIn(c.secas.email);
    const form = await session.get(`/releases/${release}/rid/versions/4/edit`);
    expect(form.statusCode).toBe(200);
    const bad = await session.post(`/releases/${release}/rid/versions/4/edit`, {
      version: String(draft.json<VersionJson>().version),
      dccTestingStart: '2026-12-01',
      dccTestingEnd: '2026-11-01',
      criterion2Id: 'GL2',
      criterion2Text: 'Regression testing passed',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#edit-dccTestingEnd"');
    expect(bad.body).toContain('DCC testing must end on or after the day it starts');
    expect(bad.body).toContain('value="Regression testing passed"');
    t.clock.set('2026-12-29T10:00:00Z');
    await session.signIn(c.secas.email);
    await session.get(`/releases/${release}/rid/versions/4/edit`);
    const frozen = await session.post(`/releases/${release}/rid/versions/4/edit`, {
      version: String(draft.json<VersionJson>().version),
      dccTesting: 'A late change',
    });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.body).toContain('is frozen from Friday 25 December 2026');
    expect((await version(4)).version).toBe(draft.json<VersionJson>().version);
  });
});
