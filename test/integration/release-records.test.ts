import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { meetingOn } from '../support/panel-meeting.ts';
import { sql, type Kysely } from 'kysely';
import { releaseStatusesFollowFacts } from '../../src/db/migrations/0018-release-records.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { givenMeeting } from './rid-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenApprovedRid,
  givenPolicy,
  givenRelease,
  releaseActions,
} from '../support/release-fixtures.ts';

/*
 * Issue 9 on the release's own records: a pending change is not shown as an allocation and the
 * API says which (rulings 15 and 17); the go-live decision's deferral is a Panel decision at its
 * meeting (ruling 16); the Panel's exception to the notice requirement has its form on the go-live
 * page (D10.8(c), D10.15); the statuses no fact leads to are gone (ruling 16).
 */

const met = (id: string) => ({ id, met: true, evidence: `Evidence for ${id}` });

async function releaseRow(t: TestApp, id: number) {
  return t.ctx.db.selectFrom('release').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function panelDecisions(t: TestApp, id: number) {
  return t.ctx.db
    .selectFrom('release_panel_decision')
    .selectAll()
    .where('release_id', '=', id)
    .orderBy('id')
    .execute();
}

async function goLiveDecisions(t: TestApp, id: number) {
  return t.ctx.db
    .selectFrom('go_live_decision')
    .selectAll()
    .where('release_id', '=', id)
    .orderBy('id')
    .execute();
}

describe.each(ENGINES)('Issue 9: the release’s records on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let policyId: number;
  let meeting: number;
  let n = 0;

  /**
   * A release of `status` going live on `goLive`, holding one allocated modification whose
   * implementation date is `implementationDate`.
   */
  async function releaseWithPart(status: string, goLive: string, implementationDate = goLive) {
    n += 1;
    const release = await givenRelease(t, policyId, `Issue 9 release ${n}`, status, goLive);
    const modification = await givenAllocatedModification(t, `MP${500 + n}`, implementationDate);
    const allocation = await givenAllocation(t, release, modification, 'whole');
    return { release, modification, allocation };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    policyId = await givenPolicy(t);
    meeting = await givenMeeting(t, '2026-11-20');
  });
  afterAll(async () => {
    await t.close();
  });

  it('Rulings 15 and 17: a pending addition is not shown as allocated; the release API gives each allocation’s pendingChange', async () => {
    const { release, allocation } = await releaseWithPart('rid_approved', '2027-06-24');
    await givenApprovedRid(t, release);
    const added = await givenAllocatedModification(t, 'MP590', '2027-06-24');
    const pending = await givenAllocation(t, release, added, 'whole');
    const removed = await givenAllocatedModification(t, 'MP591', '2027-06-24');
    const leaving = await givenAllocation(t, release, removed, 'documents');
    await t.ctx.db
      .updateTable('allocation')
      .set({ pending_change: 'addition' })
      .where('id', '=', pending)
      .execute();
    await t.ctx.db
      .updateTable('allocation')
      .set({ pending_change: 'removal' })
      .where('id', '=', leaving)
      .execute();
    const detail = await call(t, c.albion, 'GET', `/api/v1/releases/${release}`);
    expect(detail.statusCode).toBe(200);
    const allocations = detail.json<{ allocations: { id: number; pendingChange: unknown }[] }>()
      .allocations;
    expect(allocations.map((a) => [a.id, a.pendingChange])).toEqual([
      [allocation, null],
      [pending, 'addition'],
      [leaving, 'removal'],
    ]);
    const page = await new BrowserSession(t.app).get(`/releases/${release}`);
    const rowOf = (reference: string) =>
      page.body.slice(page.body.indexOf(`>${reference}</a>`)).split('</tr>')[0] ?? '';
    expect(rowOf('MP590')).toContain('Pending addition');
    expect(rowOf('MP590')).toContain('awaiting the Panel’s approval of a RID amendment');
    expect(rowOf('MP590')).not.toContain('Allocated');
    expect(rowOf('MP591')).toContain('Pending removal');
    expect(rowOf(`MP${500 + n}`)).toContain('Allocated');
    const openapi = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    }>();
    expect(JSON.stringify(openapi.paths['/api/v1/releases/{id}']?.get?.responses)).toContain(
      'pendingChange',
    );
  });

  it('Ruling 16: a go-live deferral without its meeting or reasons is refused; nothing changes', async () => {
    const { release } = await releaseWithPart('in_test', '2026-12-03');
    await givenApprovedRid(t, release);
    const before = await releaseRow(t, release);
    const events = await count(t, 'audit_event');
    const defer = (body: object) =>
      call(t, c.chair, 'POST', `/api/v1/releases/${release}/go-live-decision`, {
        ...FIXTURE_SOURCE,
        outcome: 'defer',
        criteria: [met('GL1'), { ...met('GL2'), met: false }],
        deferredTo: '2026-12-17',
        version: before.version,
        ...body,
      });
    const noMeeting = await defer({ decidedOn: '2026-11-26', reasons: 'UIT incomplete' });
    expect(noMeeting.statusCode).toBe(400);
    expect(noMeeting.json()).toMatchObject({ code: 'validation_failed', field: 'meetingId' });
    const noReasons = await defer({ meetingId: meeting });
    expect(noReasons.json()).toMatchObject({ code: 'validation_failed', field: 'reasons' });
    const otherDay = await defer({
      meetingId: meeting,
      decidedOn: '2026-11-26',
      reasons: 'UIT incomplete',
    });
    expect(otherDay.statusCode).toBe(400);
    expect(otherDay.json()).toMatchObject({ code: 'validation_failed', field: 'decidedOn' });
    expect(await releaseRow(t, release)).toEqual(before);
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await panelDecisions(t, release)).toEqual([]);
    expect(await goLiveDecisions(t, release)).toEqual([]);
  });

  it('Ruling 16: a go-live deferral is the Panel’s decision at its meeting: recorded with the meeting, as the Panel’s deferral of the release, audited once and shown', async () => {
    const { release } = await releaseWithPart('in_test', '2026-12-03', '2027-06-24');
    await givenApprovedRid(t, release);
    const before = await releaseRow(t, release);
    const events = await count(t, 'audit_event');
    const deferred = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${release}/go-live-decision`,
      {
        ...FIXTURE_SOURCE,
        meetingId: meeting,
        outcome: 'defer',
        criteria: [met('GL1'), { ...met('GL2'), met: false }],
        deferredTo: '2026-12-17',
        reasons: 'The DCC is not ready',
        version: before.version,
      },
    );
    expect(deferred.statusCode).toBe(201);
    expect(deferred.json()).toMatchObject({
      outcome: 'defer',
      meetingId: meeting,
      decidedOn: '2026-11-20',
      deferredTo: '2026-12-17',
    });
    expect(await goLiveDecisions(t, release)).toMatchObject([{ meeting_id: meeting }]);
    expect(await panelDecisions(t, release)).toMatchObject([
      {
        kind: 'deferral',
        meeting_id: meeting,
        decided_on: '2026-11-20',
        reasons: 'The DCC is not ready',
        go_live_before: '2026-12-03',
        go_live_after: '2026-12-17',
        status_before: 'in_test',
        status_after: 'in_test',
      },
    ]);
    const after = await releaseRow(t, release);
    expect([after.go_live, after.status]).toEqual(['2026-12-17', 'in_test']);
    expect(await count(t, 'audit_event')).toBe(events + 1);
    expect((await releaseActions(t, release)).at(-1)).toBe('release.go_live_decided');
    const anonymous = new BrowserSession(t.app);
    const page = await anonymous.get(`/releases/${release}`);
    expect(page.body).toContain('deferral of the release');
    expect(page.body).toContain('go-live moved from 3 December 2026 to 17 December 2026');
    const goLivePage = await anonymous.get(`/releases/${release}/go-live`);
    expect(goLivePage.body).toContain(
      `href="/meetings/${meeting}">Panel meeting of 20 November 2026`,
    );
  });

  it('Ruling 16: the Chair records a deferral through the go-live page, choosing the meeting', async () => {
    const { release } = await releaseWithPart('in_test', '2026-12-03', '2027-06-24');
    await givenApprovedRid(t, release);
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.chair.email);
    const page = await browser.get(`/releases/${release}/go-live`);
    expect(page.body).toContain(`<option value="${meeting}">Panel meeting of 20 November 2026`);
    const version = String((await releaseRow(t, release)).version);
    const form = {
      version,
      criterion1Id: 'GL1',
      criterion1Met: 'yes',
      criterion1Evidence: 'SIT complete',
      criterion2Id: 'GL2',
      criterion2Met: 'no',
      criterion2Evidence: 'Readiness not confirmed',
      outcome: 'defer',
      deferredTo: '2026-12-17',
      reasons: 'Readiness not confirmed by the DCC',
    };
    const missing = await browser.post(`/releases/${release}/go-live`, form);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#golive-meetingId"');
    expect(missing.body).toContain('Readiness not confirmed by the DCC');
    expect(await panelDecisions(t, release)).toEqual([]);
    const done = await browser.post(`/releases/${release}/go-live`, {
      ...form,
      meetingId: String(meeting),
    });
    expect(done.statusCode).toBe(303);
    expect(await panelDecisions(t, release)).toMatchObject([
      { kind: 'deferral', meeting_id: meeting },
    ]);
  });

  it('D10.8(c), D10.15: the go-live page records the Panel’s exception to the notice requirement with the route’s refusals; then the release goes live', async () => {
    const { release, modification } = await releaseWithPart('in_test', '2026-12-03');
    await givenApprovedRid(t, release);
    const party = new BrowserSession(t.app);
    await party.signIn(c.albion.email);
    expect((await party.get(`/releases/${release}/go-live`)).body).not.toContain(
      'Record the exception',
    );
    const refusedParty = await party.post(`/releases/${release}/go-live/notice-exception`, {
      meetingId: String(meeting),
      reasons: 'x',
    });
    expect(refusedParty.statusCode).toBe(403);

    const chair = new BrowserSession(t.app);
    await chair.signIn(c.chair.email);
    const page = await chair.get(`/releases/${release}/go-live`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No notice of this release has been issued');
    expect(page.body).toContain('Record the Panel’s exception to the notice requirement');
    const events = await count(t, 'audit_event');
    const noMeeting = await chair.post(`/releases/${release}/go-live/notice-exception`, {
      reasons: 'A security fix: Users were told at the Panel',
    });
    expect(noMeeting.statusCode).toBe(400);
    expect(noMeeting.body).toContain('href="#exception-meetingId"');
    expect(noMeeting.body).toContain('A security fix: Users were told at the Panel');
    const noReasons = await chair.post(`/releases/${release}/go-live/notice-exception`, {
      meetingId: String(meeting),
      reasons: ' ',
    });
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.body).toContain('href="#exception-reasons"');
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await panelDecisions(t, release)).toEqual([]);

    const refusedGoLive = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/releases/${release}/go-live-decision`,
      {
        ...FIXTURE_SOURCE,
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        outcome: 'go_live',
        criteria: [met('GL1'), met('GL2')],
      },
    );
    expect(refusedGoLive.json()).toMatchObject({ code: 'release_notice_required' });

    const done = await chair.post(`/releases/${release}/go-live/notice-exception`, {
      version: String((await releaseRow(t, release)).version),
      meetingId: String(meeting),
      reasons: 'A security fix: Users were told at the Panel',
    });
    expect(done.statusCode).toBe(303);
    expect(await panelDecisions(t, release)).toMatchObject([
      {
        kind: 'notice_exception',
        meeting_id: meeting,
        reasons: 'A security fix: Users were told at the Panel',
      },
    ]);
    expect(await count(t, 'audit_event')).toBe(events + 1);
    expect((await releaseActions(t, release)).at(-1)).toBe('release.notice_exception_decided');
    const shown = await chair.get(`/releases/${release}/go-live`);
    expect(shown.body).toContain('The Panel’s exception to the notice requirement');
    const live = await call(t, c.chair, 'POST', `/api/v1/releases/${release}/go-live-decision`, {
      ...FIXTURE_SOURCE,
      meetingId: await meetingOn(t.ctx, '2026-11-26'),
      outcome: 'go_live',
      criteria: [met('GL1'), met('GL2')],
    });
    expect(live.statusCode).toBe(201);
    expect((await releaseRow(t, release)).status).toBe('live');
    expect(modification).toBeGreaterThan(0);
    expect((await chair.get(`/releases/${release}/go-live`)).body).not.toContain(
      'Record the exception',
    );
    const afterLive = await chair.post(`/releases/${release}/go-live/notice-exception`, {
      meetingId: String(meeting),
      reasons: 'Too late',
    });
    expect(afterLive.statusCode).toBe(409);
    expect(afterLive.body).toContain('it needs no exception');
  });

  it('Ruling 16, migration 0018: a release left scoped, at the go-live decision or closed moves to the status its facts give', async () => {
    const db = t.ctx.db as unknown as Kysely<unknown>;
    await sql`alter table release drop constraint release_status_check`.execute(db);
    await sql`alter table release add constraint release_status_check check (status in
      ('planned','scoped','rid_approved','in_test','go_live_decision','live','closed','cancelled'))`.execute(
      db,
    );
    const old = { scoped: 'planned', go_live_decision: 'in_test', closed: 'live' } as const;
    const ids = new Map<string, number>();
    for (const status of Object.keys(old))
      ids.set(status, await givenRelease(t, policyId, `Left ${status}`, status, '2027-03-04'));
    await releaseStatusesFollowFacts(db);
    for (const [status, to] of Object.entries(old))
      expect((await releaseRow(t, ids.get(status) ?? 0)).status).toBe(to);
  });

  it('Ruling 16: the database holds no status no fact leads to (scoped, go-live decision, closed)', async () => {
    for (const status of ['scoped', 'go_live_decision', 'closed']) {
      const attempt = t.ctx.db
        .insertInto('release')
        .values({
          name: `Not a status: ${status}`,
          release_type: 'ad_hoc',
          go_live: '2027-03-04',
          status,
          policy_version_id: policyId,
          created_by: null,
          created_at: t.clock.now(),
        })
        .execute();
      await expect(attempt).rejects.toThrow(/release_status_check/);
    }
    const constraint = await sql<{ definition: string }>`
      select pg_get_constraintdef(oid) as definition from pg_constraint
      where conname = 'release_status_check'`.execute(t.ctx.db);
    expect(constraint.rows[0]?.definition).not.toContain('scoped');
  });

  it('D10.8(b), ruling 16: a scope baseline passed is done, not late, for a planned release', async () => {
    // Going live 24 June 2027: its DCC scope baseline (12 months before) has passed.
    const { release } = await releaseWithPart('planned', '2027-06-24');
    const detail = await call(t, c.albion, 'GET', `/api/v1/releases/${release}`);
    const milestones = detail.json<{
      milestones: { id: string; state: string; fact?: { actor: string } }[];
    }>().milestones;
    const dccScope = milestones.find((m) => m.id === 'dcc_scope');
    expect(dccScope).toMatchObject({ state: 'done' });
    expect(dccScope?.fact).toBeUndefined();
    expect(milestones.find((m) => m.id === 'go_live')).toMatchObject({
      fact: { actor: 'panel' },
      state: 'upcoming',
    });
  });
});
