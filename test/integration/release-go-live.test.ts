import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { meetingOn } from '../support/panel-meeting.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { givenMeeting } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenApprovedRid,
  givenNotice,
  givenPolicy,
  givenRelease,
  releaseActions,
  ridSections,
} from '../support/release-fixtures.ts';

const met = (id: string) => ({
  id,
  text: `Criterion ${id}`,
  met: true,
  evidence: `Evidence ${id}`,
});

async function releaseRow(t: TestApp, id: number) {
  return t.ctx.db.selectFrom('release').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function statusOf(t: TestApp, id: number) {
  const row = await t.ctx.db
    .selectFrom('modification')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.status;
}

describe.each(ENGINES)('Go-live decisions on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let november: number;
  let june: number;
  let whole: number;
  let split: number;
  let deferred: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    november = await givenRelease(
      t,
      policyId,
      'December 2026 SEC Release',
      'in_test',
      '2026-12-03',
    );
    june = await givenRelease(t, policyId, 'June 2027 SEC Release', 'rid_approved', '2027-06-24');
    whole = await givenAllocatedModification(t, 'MP201', '2026-12-03');
    split = await givenAllocatedModification(t, 'MP202', '2026-12-03');
    deferred = await givenAllocatedModification(t, 'MP203', '2027-06-24');
    await givenAllocation(t, november, whole, 'Whole');
    await givenAllocation(t, november, split, 'Documents');
    await givenAllocation(t, june, split, 'DCC Systems');
    await givenAllocation(t, june, deferred, 'Whole');
    await givenApprovedRid(t, november);
    // D10.8(c): Users had notice before the ad-hoc notice period (20 Working Days) started.
    await givenNotice(t, november, '2026-10-20T10:00:00Z');
    await givenApprovedRid(
      t,
      june,
      ridSections({ goLiveCriteria: [{ id: 'GL1', text: 'Criterion GL1' }] }),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.8(e), ruling 10: with a criterion not met, go live is refused and nothing changes', async () => {
    const events = await count(t, 'audit_event');
    const response = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${november}/go-live-decision`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        ...FIXTURE_SOURCE,
        outcome: 'go_live',
        criteria: [met('GL1'), { ...met('GL2'), met: false }],
      },
    );
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'go_live_criteria_incomplete',
      field: 'outcome',
    });
    expect(response.json<{ message: string }>().message).toContain('criterion GL2 is not met');
    const noEvidence = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${november}/go-live-decision`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        ...FIXTURE_SOURCE,
        outcome: 'go_live',
        criteria: [{ ...met('GL1'), evidence: ' ' }],
      },
    );
    expect(noEvidence.json()).toMatchObject({ code: 'go_live_criteria_incomplete' });
    expect(await count(t, 'audit_event')).toBe(events);
    expect((await releaseRow(t, november)).status).toBe('in_test');
  });

  it('D10.8(e), D10.13(f): without an approved RID the go-live decision is refused and nothing changes', async () => {
    const policyId = (await releaseRow(t, november)).policy_version_id;
    const noRid = await givenRelease(
      t,
      policyId,
      'Ad-hoc release without RID',
      'planned',
      '2026-12-17',
    );
    const events = await count(t, 'audit_event');
    const response = await call(t, c.chair, 'POST', `/api/v1/releases/${noRid}/go-live-decision`, {
      meetingId: await meetingOn(t.ctx, '2026-11-26'),
      ...FIXTURE_SOURCE,
      outcome: 'go_live',
      criteria: [met('GL1')],
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'rid_not_approved' });
    expect(response.json<{ message: string }>().message).toContain('has no approved RID');
    expect(await count(t, 'audit_event')).toBe(events);
    expect((await releaseRow(t, noRid)).status).toBe('planned');
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.chair.email);
    const page = await browser.get(`/releases/${noRid}/go-live`);
    expect(page.body).toContain('The release has no approved RID yet');
    expect(page.body).not.toContain('Record the go-live decision');
  });

  it('D10.13(f): a criterion the approved RID does not set, or one left unassessed, is refused by name', async () => {
    const unknown = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${november}/go-live-decision`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        ...FIXTURE_SOURCE,
        outcome: 'go_live',
        criteria: [met('GL1'), met('GL2'), met('GL3')],
      },
    );
    expect(unknown.statusCode).toBe(409);
    expect(unknown.json()).toMatchObject({
      code: 'go_live_criteria_incomplete',
      message: 'criterion GL3 is not a go-live criterion of the approved RID',
    });
    const unassessed = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${november}/go-live-decision`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        ...FIXTURE_SOURCE,
        outcome: 'go_live',
        criteria: [met('GL1')],
      },
    );
    expect(unassessed.json()).toMatchObject({ code: 'go_live_criteria_incomplete' });
    expect(unassessed.json<{ message: string }>().message).toContain('Assess criterion GL2');
    expect((await releaseRow(t, november)).status).toBe('in_test');
  });

  it('D10.8(e), ruling 16: a Party cannot record the go-live decision; the generic status route refuses live', async () => {
    const party = await call(t, c.albion, 'POST', `/api/v1/releases/${november}/go-live-decision`, {
      meetingId: await meetingOn(t.ctx, '2026-11-26'),
      ...FIXTURE_SOURCE,
      outcome: 'go_live',
      criteria: [met('GL1')],
    });
    expect(party.statusCode).toBe(403);
    const release = await releaseRow(t, november);
    const generic = await call(t, c.secas, 'POST', `/api/v1/releases/${november}/status`, {
      to: 'live',
      version: release.version,
    });
    expect(generic.statusCode).toBe(409);
    expect(generic.json()).toMatchObject({ code: 'status_follows_facts', field: 'to' });
    expect(generic.json<{ message: string }>().message).toContain(
      'record the go-live decision instead',
    );
  });

  it('D10.8(e), ruling 10: all criteria met: the release goes live, its parts are implemented, a split modification stays allocated', async () => {
    // Ruling 13: the meeting of 26 November is before the fixtures' cut-over, so going live there
    // is history: without its published source it is refused, and nothing changes.
    const events = await count(t, 'audit_event');
    const unsourced = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${november}/go-live-decision`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        outcome: 'go_live',
        criteria: [met('GL1'), met('GL2')],
      },
    );
    expect(unsourced.statusCode).toBe(400);
    expect(unsourced.json()).toMatchObject({ code: 'history_source_required', field: 'sourceUrl' });
    expect(await count(t, 'audit_event')).toBe(events);
    expect((await releaseRow(t, november)).status).toBe('in_test');
    const response = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${november}/go-live-decision`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        ...FIXTURE_SOURCE,
        outcome: 'go_live',
        criteria: [met('GL1'), met('GL2')],
        reasons: 'Testing complete',
      },
    );
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      outcome: 'go_live',
      criteria: [
        { ...met('GL1'), text: 'DCC SIT complete with no open critical defects' },
        { ...met('GL2'), text: 'The DCC confirms operational readiness' },
      ],
    });
    expect((await releaseRow(t, november)).status).toBe('live');
    const flagged = await t.app.inject({ url: `/api/v1/releases/${november}` });
    expect(flagged.json()).toMatchObject({
      release: {
        heldOutsideSecrel: true,
        historySource: { summary: FIXTURE_SOURCE.sourceSummary },
      },
    });
    const parts = await t.ctx.db
      .selectFrom('allocation')
      .select(['release_id', 'implemented_at'])
      .execute();
    for (const part of parts)
      expect(part.implemented_at !== null).toBe(part.release_id === november);
    expect(await statusOf(t, whole)).toBe('implemented');
    expect(await statusOf(t, split)).toBe('allocated');
    expect((await releaseActions(t, november)).at(-1)).toBe('release.go_live_decided');
    const modificationEvents = await t.ctx.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_type', '=', 'modification')
      .where('subject_id', '=', String(whole))
      .execute();
    expect(modificationEvents.map((e) => e.action)).toContain('modification.status_changed');
    const list = await call(t, c.albion, 'GET', `/api/v1/releases/${november}/go-live-decisions`);
    expect(list.json<unknown[]>()).toHaveLength(1);
  });

  it('ruling 10, D10.5: deferring past an approved implementation date needs a request to the Authority', async () => {
    const before = await releaseRow(t, june);
    const meetingId = await givenMeeting(t, '2026-11-26');
    const refused = await call(t, c.secas, 'POST', `/api/v1/releases/${june}/go-live-decision`, {
      meetingId,
      ...FIXTURE_SOURCE,
      outcome: 'defer',
      criteria: [{ ...met('GL1'), met: false }],
      deferredTo: '2027-07-29',
      reasons: 'UIT incomplete',
      version: before.version,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'timetable_request_required',
      field: 'deferredTo',
    });
    expect(refused.json<{ message: string }>().message).toContain('MP202, MP203');
    for (const modificationId of [split, deferred])
      await t.ctx.db
        .insertInto('authority_request')
        .values({
          modification_id: modificationId,
          challenge_id: null,
          reason: 'The release is deferred',
          proposed_date: '2027-07-29',
          requested_on: '2026-11-27',
          directed_date: null,
          directed_on: null,
          recorded_by: null,
          recorded_at: t.clock.now(),
        })
        .execute();
    const stale = await call(t, c.secas, 'POST', `/api/v1/releases/${june}/go-live-decision`, {
      meetingId,
      ...FIXTURE_SOURCE,
      reasons: 'UIT incomplete',
      outcome: 'defer',
      criteria: [{ ...met('GL1'), met: false }],
      deferredTo: '2027-07-29',
      version: before.version - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    const allowed = await call(t, c.secas, 'POST', `/api/v1/releases/${june}/go-live-decision`, {
      meetingId,
      ...FIXTURE_SOURCE,
      reasons: 'UIT incomplete',
      outcome: 'defer',
      criteria: [{ ...met('GL1'), met: false }],
      deferredTo: '2027-07-29',
      version: before.version,
    });
    expect(allowed.statusCode).toBe(201);
    const after = await releaseRow(t, june);
    expect([after.go_live, after.status, after.version]).toEqual([
      '2027-07-29',
      'rid_approved',
      before.version + 1,
    ]);
  });

  it('D10.8(e): the Chair records a decision with conditions through the go-live page', async () => {
    const policyId = (await releaseRow(t, june)).policy_version_id;
    // Going live 3 December 2026: the Policy's go-live decision window opens on 26 November.
    const adHoc = await givenRelease(t, policyId, 'Ad-hoc 2026 release', 'in_test', '2026-12-03');
    const mod = await givenAllocatedModification(t, 'MP204', '2026-12-03');
    await givenAllocation(t, adHoc, mod, 'Whole');
    await givenApprovedRid(
      t,
      adHoc,
      ridSections({ goLiveCriteria: [{ id: 'GL1', text: 'Regression tests passed' }] }),
    );
    await givenNotice(t, adHoc, '2026-10-20T10:00:00Z');
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.chair.email);
    const page = await browser.get(`/releases/${adHoc}/go-live`);
    expect(page.statusCode).toBe(200);
    const version = String((await releaseRow(t, adHoc)).version);
    const form = {
      version,
      meetingId: String(await meetingOn(t.ctx, '2026-11-26')),
      criterion1Id: 'GL1',
      criterion1Text: 'Regression tests passed',
      criterion1Met: 'no',
      criterion1Evidence: 'Two defects open, workarounds agreed',
      outcome: 'go_live_with_conditions',
    };
    const missing = await browser.post(`/releases/${adHoc}/go-live`, form);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#golive-conditions"');
    // Ruling 13: the meeting was held before the fixtures' cut-over, so the release's going live
    // is history: the form asks for its published source, and the release is flagged.
    const unsourced = await browser.post(`/releases/${adHoc}/go-live`, {
      ...form,
      conditions: 'Defects fixed within 10 Working Days',
    });
    expect(unsourced.statusCode).toBe(400);
    expect(unsourced.body).toContain('href="#golive-sourceUrl"');
    expect((await releaseRow(t, adHoc)).status).not.toBe('live');
    const done = await browser.post(`/releases/${adHoc}/go-live`, {
      ...form,
      conditions: 'Defects fixed within 10 Working Days',
      ...FIXTURE_SOURCE,
    });
    expect(done.statusCode).toBe(303);
    expect((await browser.get(`/releases/${adHoc}/go-live`)).body).toContain(
      'Conditions: Defects fixed within 10 Working Days',
    );
    expect(await statusOf(t, mod)).toBe('implemented');
  });
});
