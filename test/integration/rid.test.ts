import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import {
  BrowserSession,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { call, count, givenCast, givenCatalogue, type Cast } from './modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting, givenTadVersion, ridActions } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
  releaseActions,
} from '../support/release-fixtures.ts';

interface VersionJson {
  id: number;
  number: number;
  status: string;
  version: number;
  sections: typeof COMPLETE_SECTIONS;
  contentSnapshot: { reference: string; documents: { id: string }[] }[] | null;
  tadVersionId: number | null;
  approvedOn: string | null;
  approvalMeetingId: number | null;
  publishedAt: string | null;
  appealDeadline: string | null;
  appealDeadlineWords: string | null;
}

describe.each(ENGINES)('the Release Implementation Document on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let dcc: TestUser;
  let february: number;
  let meetingSep: number;
  let meetingOct: number;
  let meetingNov: number;
  let meetingDec: number;
  let mp201: number;
  const base = () => `/api/v1/releases/${february}/rid`;
  const version = async (n: number) =>
    (await call(t, c.secas, 'GET', `${base()}/versions/${n}`)).json<VersionJson>();
  const releaseStatus = async () =>
    (
      await t.ctx.db
        .selectFrom('release')
        .select('status')
        .where('id', '=', february)
        .executeTakeFirstOrThrow()
    ).status;

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-10-01T10:00:00Z'));
    c = await givenCast(t);
    const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc');
    dcc = await givenUser(t.ctx, 'dcc', { organisationId: dccOrg });
    await givenCatalogue(t);
    const policyId = await givenPolicy(t);
    february = await givenRelease(
      t,
      policyId,
      'February 2027 SEC Release',
      'planned',
      '2027-02-25',
      'february',
    );
    mp201 = await givenAllocatedModification(t, 'MP201', '2027-02-25');
    await t.ctx.db
      .insertInto('modification_document')
      .values([
        { modification_id: mp201, document_id: 'section-d' },
        { modification_id: mp201, document_id: 'appendix-ad' },
      ])
      .execute();
    await givenAllocation(t, february, mp201, 'whole');
    meetingSep = await givenMeeting(t, '2026-09-25');
    meetingOct = await givenMeeting(t, '2026-10-09');
    meetingNov = await givenMeeting(t, '2026-11-27');
    meetingDec = await givenMeeting(t, '2026-12-11');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.12: SECAS creates the first draft; a Party cannot; a second open version is refused', async () => {
    const party = await call(t, c.albion, 'POST', `${base()}/drafts`);
    expect(party.statusCode).toBe(403);
    const created = await call(t, c.secas, 'POST', `${base()}/drafts`);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ number: 1, status: 'draft', basedOnId: null });
    const again = await call(t, c.secas, 'POST', `${base()}/drafts`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition' });
    const amendment = await call(t, c.secas, 'POST', `${base()}/amendments`);
    expect(amendment.statusCode).toBe(409);
    expect(await ridActions(t, created.json<VersionJson>().id)).toEqual(['rid.drafted']);
  });

  it('A-RID: a stale edit is refused with stale_version and a malformed criterion names its field; nothing changes', async () => {
    const v1 = await version(1);
    const events = await count(t, 'audit_event');
    const stale = await call(t, c.secas, 'PUT', `${base()}/versions/1`, {
      version: v1.version + 1,
      sections: { dccTesting: 'x' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version', field: 'version' });
    const bad = await call(t, c.secas, 'PUT', `${base()}/versions/1`, {
      version: v1.version,
      sections: { goLiveCriteria: [{ id: 'go live', text: 'All defects closed' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      code: 'validation_failed',
      field: 'sections.goLiveCriteria.0.id',
    });
    const window = await call(t, c.secas, 'PUT', `${base()}/versions/1`, {
      version: v1.version,
      sections: { timescales: { ...COMPLETE_SECTIONS.timescales, dccTestingEnd: '2026-11-01' } },
    });
    expect(window.json()).toMatchObject({ field: 'sections.timescales.dccTestingEnd' });
    expect(await count(t, 'audit_event')).toBe(events);
    expect((await version(1)).version).toBe(v1.version);
  });

  it('D10.13: submitting with (b) and (f) missing is refused with rid_incomplete naming them; nothing changes', async () => {
    const v1 = await version(1);
    const { contentNotes, reporting, dccTesting, userTesting, free } = COMPLETE_SECTIONS;
    const saved = await call(t, c.secas, 'PUT', `${base()}/versions/1`, {
      version: v1.version,
      sections: { contentNotes, reporting, dccTesting, userTesting, free },
    });
    expect(saved.statusCode).toBe(200);
    const events = await count(t, 'audit_event');
    const refused = await call(t, c.secas, 'POST', `${base()}/versions/1/submit`, {
      version: saved.json<VersionJson>().version,
    });
    expect(refused.statusCode).toBe(409);
    const body = refused.json<{ code: string; message: string; missing: string[] }>();
    expect(body.code).toBe('rid_incomplete');
    expect(body.missing).toEqual(['b', 'f']);
    expect(body.message).toContain('(b) Timescales, including DCC and User testing');
    expect(body.message).toContain('(f) Go-live criteria');
    expect(body.message).not.toContain('(d)');
    expect(await count(t, 'audit_event')).toBe(events);
    expect((await version(1)).status).toBe('draft');
  });

  it('D10.13(a): a draft shows the allocations live with their documents; submission freezes them into the version', async () => {
    const live = await call(t, c.secas, 'GET', `${base()}/versions/1`);
    expect(live.json()).toMatchObject({
      contentIsLive: true,
      contentSnapshot: null,
      missing: ['b', 'f'],
    });
    const content = live.json<{ content: { reference: string; documents: { id: string }[] }[] }>()
      .content;
    expect(content.map((item) => item.reference)).toEqual(['MP201']);
    expect(content[0]?.documents.map((d) => d.id).sort()).toEqual(['appendix-ad', 'section-d']);
    const saved = await call(t, c.secas, 'PUT', `${base()}/versions/1`, {
      version: (await version(1)).version,
      sections: COMPLETE_SECTIONS,
    });
    const submitted = await call(t, c.secas, 'POST', `${base()}/versions/1/submit`, {
      version: saved.json<VersionJson>().version,
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted' });
    expect(submitted.json<VersionJson>().contentSnapshot?.map((i) => i.reference)).toEqual([
      'MP201',
    ]);
    // A later allocation does not change what the Panel saw.
    const mp202 = await givenAllocatedModification(t, 'MP202', '2027-02-25');
    await givenAllocation(t, february, mp202, 'documents');
    const after = await call(t, c.secas, 'GET', `${base()}/versions/1`);
    expect(after.json()).toMatchObject({ contentIsLive: false, missing: [] });
    expect(
      after.json<{ content: { reference: string }[] }>().content.map((i) => i.reference),
    ).toEqual(['MP201']);
    const edit = await call(t, c.secas, 'PUT', `${base()}/versions/1`, {
      version: after.json<VersionJson>().version,
      sections: { dccTesting: 'changed' },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'invalid_transition' });
  });

  it('A-RID: drafts are read by the Panel, SECAS, the DCC and the Authority; not by a Party or the public', async () => {
    for (const reader of [c.member, c.chair, dcc, c.authority])
      expect((await call(t, reader, 'GET', `${base()}/versions/1`)).statusCode).toBe(200);
    expect((await call(t, c.albion, 'GET', `${base()}/versions/1`)).statusCode).toBe(404);
    const anonymous = await t.app.inject({ method: 'GET', url: `${base()}/versions/1` });
    expect(anonymous.statusCode).toBe(404);
    const overview = await t.app.inject({ method: 'GET', url: base() });
    expect(overview.json()).toMatchObject({
      versions: [],
      freezeDate: '2026-12-25',
      frozen: false,
    });
  });

  it('D10.15: approval needs a meeting held on or before today and not before the submission; a Party cannot approve', async () => {
    t.clock.set('2026-10-05T10:00:00Z');
    const events = await count(t, 'audit_event');
    const early = await call(t, c.chair, 'POST', `${base()}/versions/1/approve`, {
      meetingId: meetingOct,
      ...FIXTURE_SOURCE,
    });
    expect(early.statusCode).toBe(400);
    expect(early.json()).toMatchObject({ code: 'validation_failed', field: 'meetingId' });
    expect(early.json<{ message: string }>().message).toContain('has not been held yet');
    t.clock.set('2026-10-12T10:00:00Z');
    const before = await call(t, c.chair, 'POST', `${base()}/versions/1/approve`, {
      meetingId: meetingSep,
      ...FIXTURE_SOURCE,
    });
    expect(before.json()).toMatchObject({ code: 'validation_failed', field: 'meetingId' });
    expect(before.json<{ message: string }>().message).toContain(
      'before the version was submitted',
    );
    const party = await call(t, c.albion, 'POST', `${base()}/versions/1/approve`, {
      meetingId: meetingOct,
      ...FIXTURE_SOURCE,
    });
    expect(party.statusCode).toBe(403);
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await releaseStatus()).toBe('planned');
  });

  it('D10.15: a submitted version is on the Chair’s home page, awaiting the Panel’s approval', async () => {
    const chair = new BrowserSession(t.app);
    await chair.signIn(c.chair.email);
    const home = await chair.get('/home');
    expect(home.body).toContain(
      'February 2027 SEC Release: version 1 of the RID awaits the Panel’s approval',
    );
    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    expect((await party.get('/home')).body).not.toContain('of the RID awaits');
  });

  it('D10.15, ruling 8: the Panel approves version 1: approved on the meeting date, the release is RID approved, the reviewed TAD takes effect', async () => {
    const tad1 = await givenTadVersion(t, february, 1, 'reviewed');
    // Ruling 13: the meeting of 9 October is before the fixtures' cut-over, so the approval is
    // history: without its published source it is refused, and nothing changes.
    const events = await count(t, 'audit_event');
    const unsourced = await call(t, c.chair, 'POST', `${base()}/versions/1/approve`, {
      meetingId: meetingOct,
    });
    expect(unsourced.statusCode).toBe(400);
    expect(unsourced.json()).toMatchObject({ code: 'history_source_required', field: 'sourceUrl' });
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await releaseStatus()).toBe('planned');
    const approved = await call(t, c.chair, 'POST', `${base()}/versions/1/approve`, {
      meetingId: meetingOct,
      ...FIXTURE_SOURCE,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      approvedOn: '2026-10-09',
      approvalMeetingId: meetingOct,
      tadVersionId: tad1,
      publishedAt: null,
    });
    expect(await releaseStatus()).toBe('rid_approved');
    expect(await releaseActions(t, february)).toContain('release.status_changed');
    const tad = await t.ctx.db
      .selectFrom('tad_version')
      .select('status')
      .where('id', '=', tad1)
      .executeTakeFirstOrThrow();
    expect(tad.status).toBe('effective');
    const held = await call(t, c.secas, 'GET', `${base()}/versions/1`);
    expect(held.json()).toMatchObject({
      heldOutsideSecrel: true,
      historySource: { url: null, summary: FIXTURE_SOURCE.sourceSummary },
    });
    const id = approved.json<VersionJson>().id;
    expect(await ridActions(t, id)).toEqual([
      'rid.drafted',
      'rid.updated',
      'rid.updated',
      'rid.submitted',
      'rid.approved',
    ]);
    // Not public until SECAS publishes it, which SECAS's home page asks for.
    const anonymous = await t.app.inject({ method: 'GET', url: base() });
    expect(anonymous.json()).toMatchObject({ versions: [], approvedVersion: null });
    const secas = new BrowserSession(t.app);
    await secas.signIn(c.secas.email);
    expect((await secas.get('/home')).body).toContain(
      'February 2027 SEC Release: publish the Panel’s approval of RID version 1',
    );
  });

  it('D10.17, ruling 1: SECAS publishes the approval: the version is public with its appeal deadline', async () => {
    const chair = await call(t, c.chair, 'POST', `${base()}/versions/1/publish`, {});
    expect(chair.statusCode).toBe(403);
    const published = await call(t, c.secas, 'POST', `${base()}/versions/1/publish`, {});
    expect(published.statusCode).toBe(200);
    // Monday 12 October 2026 + 10 Working Days = Monday 26 October 2026 (BST ends on the 25th).
    expect(published.json()).toMatchObject({
      publishedAt: '2026-10-12T10:00:00.000Z',
      appealDeadline: '2026-10-26T23:59:59+00:00',
      appealDeadlineWords: 'Appeals by 23:59:59 on Monday 26 October 2026 (UK time)',
    });
    const again = await call(t, c.secas, 'POST', `${base()}/versions/1/publish`, {});
    expect(again.statusCode).toBe(409);
    const anonymous = await t.app.inject({ method: 'GET', url: `${base()}/versions/1` });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toMatchObject({ number: 1, tad: { relation: 'part' } });
    const page = await t.app.inject({ method: 'GET', url: `/releases/${february}/rid` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Appeals by 23:59:59 on Monday 26 October 2026 (UK time)');
    expect(page.body).toContain('Friday 25 December 2026');
    expect(page.body).toContain('No Party has appealed an approval of this RID.');
    expect(page.body).not.toContain('Information requested from the DCC');
    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    const version1 = await party.get(`/releases/${february}/rid/versions/1`);
    expect(version1.body).toContain(`href="/releases/${february}/rid/versions/1/appeal"`);
    const secas = new BrowserSession(t.app);
    await secas.signIn(c.secas.email);
    const overview = await secas.get(`/releases/${february}/rid`);
    expect(overview.body).toContain('Information requested from the DCC');
  });

  it('D10.15, ruling 8: an amendment copies the approved sections; its approval supersedes version 1 and the newly reviewed TAD supersedes the effective one', async () => {
    t.clock.set('2026-11-20T10:00:00Z');
    const created = await call(t, c.secas, 'POST', `${base()}/amendments`);
    expect(created.statusCode).toBe(201);
    const v1 = await version(1);
    expect(created.json()).toMatchObject({ number: 2, status: 'draft', basedOnId: v1.id });
    expect(created.json<VersionJson>().sections).toEqual(v1.sections);
    const tad2 = await givenTadVersion(t, february, 2, 'reviewed');
    const draftView = await call(t, c.secas, 'GET', `${base()}/versions/2`);
    expect(draftView.json()).toMatchObject({ tad: { id: tad2, relation: 'pending' } });
    const edited = await call(t, c.secas, 'PUT', `${base()}/versions/2`, {
      version: created.json<VersionJson>().version,
      sections: {
        goLiveCriteria: [
          ...COMPLETE_SECTIONS.goLiveCriteria,
          { id: 'gl3', text: 'Users notified' },
        ],
      },
    });
    expect(edited.json<VersionJson>().sections.goLiveCriteria.map((g) => g.id)).toEqual([
      'GL1',
      'GL2',
      'GL3',
    ]);
    await call(t, c.secas, 'POST', `${base()}/versions/2/submit`, {
      version: edited.json<VersionJson>().version,
    });
    t.clock.set('2026-11-27T15:00:00Z');
    const approved = await call(t, c.secas, 'POST', `${base()}/versions/2/approve`, {
      meetingId: meetingNov,
      ...FIXTURE_SOURCE,
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      approvedOn: '2026-11-27',
      tadVersionId: tad2,
    });
    expect((await version(1)).status).toBe('superseded');
    const tads = await t.ctx.db
      .selectFrom('tad_version')
      .select(['number', 'status'])
      .where('release_id', '=', february)
      .orderBy('number')
      .execute();
    expect(tads).toEqual([
      { number: 1, status: 'superseded' },
      { number: 2, status: 'effective' },
    ]);
    const tadEvents = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_type', '=', 'tad_version')
      .where('subject_id', '=', String(tad2))
      .execute();
    expect(tadEvents.map((e) => e.action)).toEqual(['tad.took_effect']);
    expect(await releaseStatus()).toBe('rid_approved');
    const future = await call(t, c.secas, 'POST', `${base()}/versions/2/approve`, {
      meetingId: meetingDec,
      ...FIXTURE_SOURCE,
    });
    expect(future.statusCode).toBe(409);
  });

  it('A-RID: SECAS withdraws a draft; a withdrawn version cannot be submitted', async () => {
    const created = await call(t, c.secas, 'POST', `${base()}/amendments`);
    const v3 = created.json<VersionJson>();
    const withdrawn = await call(t, c.secas, 'POST', `${base()}/versions/3/withdraw`, {
      version: v3.version,
      reason: 'Raised in error',
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    const submit = await call(t, c.secas, 'POST', `${base()}/versions/3/submit`, {
      version: withdrawn.json<VersionJson>().version,
    });
    expect(submit.statusCode).toBe(409);
    expect(await ridActions(t, v3.id)).toEqual(['rid.drafted', 'rid.withdrawn']);
  });
});
