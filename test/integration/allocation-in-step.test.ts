import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import { meetingOn } from '../support/panel-meeting.ts';
import { outOfStepAttention } from '../../src/modules/allocation/allocation.attention.ts';
import { loadPrincipal } from '../../src/modules/identity/identity.store.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES, TestClock } from '../support/test-db.ts';
import { givenModification, givenPolicy, givenRelease } from '../support/release-fixtures.ts';
import { call, count, givenCast, type Cast } from './modification-fixtures.ts';
import { COMPLETE_SECTIONS, givenMeeting } from './rid-fixtures.ts';

interface AllocationJson {
  id: number;
  part: string;
  pendingChange: 'addition' | 'removal' | null;
  appliedByRidVersionId: number | null;
  descopedAt: string | null;
}

interface VersionJson {
  id: number;
  number: number;
  status: string;
  version: number;
}

interface ScopeJson {
  approvedRidNumber: number | null;
  inStep: boolean;
  additions: { reference: string; part: string; pending: boolean }[];
  removals: { reference: string; part: string; pending: boolean }[];
}

/** Everything a refused allocation change must leave as it was. */
async function snapshot(t: TestApp) {
  return {
    allocations: await t.ctx.db.selectFrom('allocation').selectAll().orderBy('id').execute(),
    decisions: await t.ctx.db.selectFrom('release_decision').selectAll().orderBy('id').execute(),
    releases: await t.ctx.db.selectFrom('release').selectAll().orderBy('id').execute(),
    modifications: await t.ctx.db
      .selectFrom('modification')
      .select(['id', 'status', 'version'])
      .orderBy('id')
      .execute(),
    audit: await count(t, 'audit_event'),
    outbox: (
      await t.ctx.db
        .selectFrom('outbox_message')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  };
}

/** An approved modification with a current implementation timetable. */
async function givenApprovedWithDate(t: TestApp, reference: string, implementationDate: string) {
  const id = await givenModification(t, reference, 'approved');
  await t.ctx.db
    .insertInto('implementation_timetable')
    .values({
      modification_id: id,
      implementation_date: implementationDate,
      source: 'decision',
      recorded_by: null,
      created_at: t.clock.now(),
      superseded_at: null,
    })
    .execute();
  return id;
}

function allocate(t: TestApp, c: Cast, releaseId: number, modificationId: number, part = 'whole') {
  return call(t, c.secas, 'POST', `/api/v1/releases/${releaseId}/allocations`, {
    modificationId,
    part,
    dccImpacting: false,
  });
}

async function descope(t: TestApp, c: Cast, allocationId: number, decidedOn: string) {
  return call(t, c.chair, 'POST', `/api/v1/allocations/${allocationId}/descope`, {
    meetingId: await meetingOn(t.ctx, decidedOn),
    reasons: 'The Panel moves this part out of the release.',
  });
}

async function allocationRow(t: TestApp, id: number) {
  return t.ctx.db
    .selectFrom('allocation')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

async function statusOf(t: TestApp, modificationId: number) {
  const row = await t.ctx.db
    .selectFrom('modification')
    .select('status')
    .where('id', '=', modificationId)
    .executeTakeFirstOrThrow();
  return row.status;
}

async function auditActions(t: TestApp, subjectType: string, subjectId: number) {
  const rows = await t.ctx.db
    .selectFrom('audit_event')
    .select('action')
    .where('subject_type', '=', subjectType)
    .where('subject_id', '=', String(subjectId))
    .orderBy('seq')
    .execute();
  return rows.map((row) => row.action);
}

describe.each(ENGINES)('Ruling 15: release content after the RID is approved, on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let release: number;
  let mp301: number;
  let mp302: number;
  let mp303: number;
  let mp304: number;
  let first: AllocationJson;
  let heldBack: AllocationJson;
  let added: AllocationJson;
  const rid = () => `/api/v1/releases/${release}/rid`;
  const scope = async () =>
    (await call(t, c.secas, 'GET', `/api/v1/releases/${release}/scope`)).json<ScopeJson>();

  /** Drafts (or amends), completes and submits a RID version; returns it. */
  async function submittedVersion(kind: 'drafts' | 'amendments'): Promise<VersionJson> {
    const created = await call(t, c.secas, 'POST', `${rid()}/${kind}`);
    expect(created.statusCode).toBe(201);
    const draft = created.json<VersionJson>();
    const edited = await call(t, c.secas, 'PUT', `${rid()}/versions/${draft.number}`, {
      version: draft.version,
      sections: COMPLETE_SECTIONS,
    });
    expect(edited.statusCode).toBe(200);
    const submitted = await call(t, c.secas, 'POST', `${rid()}/versions/${draft.number}/submit`, {
      version: edited.json<VersionJson>().version,
    });
    expect(submitted.statusCode).toBe(200);
    return submitted.json<VersionJson>();
  }

  async function approve(version: VersionJson, heldOn: string): Promise<VersionJson> {
    const meetingId = await givenMeeting(t, heldOn);
    const approved = await call(t, c.chair, 'POST', `${rid()}/versions/${version.number}/approve`, {
      ...FIXTURE_SOURCE,
      meetingId,
    });
    expect(approved.statusCode, approved.body).toBe(200);
    return approved.json<VersionJson>();
  }

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    release = await givenRelease(
      t,
      policyId,
      'November 2027 SEC Release',
      'planned',
      '2027-11-04',
      'november',
    );
    mp301 = await givenModification(t, 'MP301', 'approved');
    mp302 = await givenModification(t, 'MP302', 'approved');
    mp303 = await givenModification(t, 'MP303', 'approved');
    mp304 = await givenModification(t, 'MP304', 'approved');
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 15: before any RID approval an allocation is in force at once', async () => {
    const response = await allocate(t, c, release, mp301);
    expect(response.statusCode, response.body).toBe(201);
    first = response.json<AllocationJson>();
    expect(first).toMatchObject({ pendingChange: null, descopedAt: null });
    expect(await scope()).toEqual({
      approvedRidNumber: null,
      inStep: true,
      additions: [],
      removals: [],
    });
  });

  it('Ruling 15, D10.13(a): the approved RID fixes the content: a part allocated while the version was with the Panel waits as a pending addition', async () => {
    const v1 = await submittedVersion('drafts');
    const late = await allocate(t, c, release, mp303);
    expect(late.json<AllocationJson>().pendingChange).toBeNull();
    heldBack = late.json<AllocationJson>();
    await approve(v1, '2026-11-27');
    expect(await allocationRow(t, heldBack.id)).toMatchObject({
      pending_change: 'addition',
      descoped_at: null,
    });
    expect(await auditActions(t, 'release', release)).toContain('release.allocation_pending');
    expect(await scope()).toMatchObject({
      approvedRidNumber: 1,
      inStep: false,
      additions: [{ reference: 'MP303', part: 'whole', pending: true }],
      removals: [],
    });
  });

  it('Ruling 15, D10.15: after approval a new allocation is recorded as pending, not in the release’s content', async () => {
    const response = await allocate(t, c, release, mp302);
    expect(response.statusCode, response.body).toBe(201);
    added = response.json<AllocationJson>();
    expect(added).toMatchObject({ pendingChange: 'addition', appliedByRidVersionId: null });
    expect(await statusOf(t, mp302)).toBe('allocated');
    const difference = await scope();
    expect(difference.additions.map((a) => [a.reference, a.pending])).toEqual([
      ['MP302', true],
      ['MP303', true],
    ]);
  });

  it('Ruling 15, D10.15: after approval a de-scoping is recorded as a pending removal; a second one is refused and nothing changes', async () => {
    const response = await descope(t, c, first.id, '2026-11-27');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<AllocationJson>()).toMatchObject({
      pendingChange: 'removal',
      descopedAt: null,
    });
    expect(await statusOf(t, mp301)).toBe('allocated');
    expect((await auditActions(t, 'release', release)).at(-1)).toBe('release.descope_pending');
    expect((await scope()).removals).toEqual([
      expect.objectContaining({ reference: 'MP301', pending: true }),
    ]);

    const before = await snapshot(t);
    const again = await descope(t, c, first.id, '2026-11-27');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition', field: 'allocationId' });
    expect(await snapshot(t)).toEqual(before);
  });

  it('Ruling 15: the release page shows the pending additions and removals against the approved RID', async () => {
    const page = await call(t, c.member, 'GET', `/releases/${release}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Scope against the approved RID');
    const pending = page.body.slice(page.body.indexOf('id="scope-pending"'));
    expect(pending).toContain('To be added');
    expect(pending).toContain('MP302');
    expect(pending).toContain('To be removed');
    expect(pending).toContain('MP301');
  });

  it('Ruling 15: an approved amendment carrying the pending changes applies them', async () => {
    const v2 = await submittedVersion('amendments');
    const shown = await call(t, c.secas, 'GET', `${rid()}/versions/${v2.number}`);
    const content = shown.json<{ content: { reference: string }[] }>().content;
    expect(content.map((item) => item.reference).sort()).toEqual(['MP302', 'MP303']);
    const approved = await approve(v2, '2026-11-27');
    expect(await allocationRow(t, added.id)).toMatchObject({
      pending_change: null,
      applied_by_rid_version_id: approved.id,
      descoped_at: null,
    });
    expect(await allocationRow(t, heldBack.id)).toMatchObject({ pending_change: null });
    const removed = await allocationRow(t, first.id);
    expect(removed.pending_change).toBeNull();
    expect(removed.descoped_at).not.toBeNull();
    expect(removed.applied_by_rid_version_id).toBe(approved.id);
    expect(await statusOf(t, mp301)).toBe('approved');
    expect(await scope()).toEqual({
      approvedRidNumber: 2,
      inStep: true,
      additions: [],
      removals: [],
    });
    const actions = await auditActions(t, 'release', release);
    expect(actions).toContain('release.allocation_applied');
    expect(actions).toContain('release.descoped');
  });

  it('Ruling 15, D10.15: from the freeze an allocation and a de-scoping are refused with rid_frozen and the date; nothing changes', async () => {
    t.clock.set('2027-08-04T10:00:00Z');
    const before = await snapshot(t);
    const allocation = await allocate(t, c, release, mp304);
    expect(allocation.statusCode).toBe(409);
    expect(allocation.json()).toMatchObject({ code: 'rid_frozen', freezeDate: '2027-08-04' });
    expect(allocation.json<{ message: string }>().message).toContain('Wednesday 4 August 2027');
    const descoping = await descope(t, c, added.id, '2027-08-04');
    expect(descoping.statusCode).toBe(409);
    expect(descoping.json()).toMatchObject({ code: 'rid_frozen', freezeDate: '2027-08-04' });
    expect(await snapshot(t)).toEqual(before);
  });

  it('Ruling 15, D10.15, ruling 5: with the Panel’s recorded override a de-scoping after the freeze is accepted, pending', async () => {
    const meetingId = await givenMeeting(t, '2027-08-04');
    const override = await call(t, c.chair, 'POST', `${rid()}/freeze-overrides`, {
      meetingId,
      reasons: 'The DCC cannot deliver MP302 in time; the Panel lets the RID be amended.',
    });
    expect(override.statusCode, override.body).toBe(201);
    const response = await descope(t, c, added.id, '2027-08-04');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<AllocationJson>()).toMatchObject({ pendingChange: 'removal' });
  });
});

describe.each(ENGINES)('Ruling 17: dates in step with the Authority, on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let june: number;
  let november: number;
  let mp401: number;
  let mp402: number;
  let mp403: number;
  let juneAllocation: number;

  async function attentionOf(user: TestUser) {
    const principal = await loadPrincipal(t.ctx.db, user.id, 'token', null);
    if (!principal) throw new Error('the user should load');
    return outOfStepAttention(t.ctx, principal);
  }

  async function requestNewDate(modificationId: number) {
    const response = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/modifications/${modificationId}/authority-requests`,
      { reason: 'The June release cannot carry the change in time.' },
    );
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: number }>().id;
  }

  beforeAll(async () => {
    t = await createTestApp(engine, new TestClock('2026-11-27T10:00:00Z'));
    c = await givenCast(t);
    const policyId = await givenPolicy(t);
    june = await givenRelease(
      t,
      policyId,
      'June 2027 SEC Release',
      'planned',
      '2027-06-24',
      'june',
    );
    november = await givenRelease(
      t,
      policyId,
      'November 2027 SEC Release',
      'planned',
      '2027-11-04',
      'november',
    );
    mp401 = await givenApprovedWithDate(t, 'MP401', '2027-06-24');
    mp402 = await givenApprovedWithDate(t, 'MP402', '2027-06-24');
    mp403 = await givenApprovedWithDate(t, 'MP403', '2027-06-24');
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 17, D10.5(b): allocating to a release going live after the implementation date with no D10.5 request is refused with timetable_request_required; nothing changes', async () => {
    const before = await snapshot(t);
    const response = await allocate(t, c, november, mp401);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'timetable_request_required',
      field: 'releaseId',
      implementationDate: '2027-06-24',
    });
    expect(response.json<{ message: string }>().message).toContain('24 June 2027');
    expect(await snapshot(t)).toEqual(before);
    expect(await statusOf(t, mp401)).toBe('approved');
  });

  it('Ruling 17: a release going live on the implementation date is in step', async () => {
    const response = await allocate(t, c, june, mp402);
    expect(response.statusCode, response.body).toBe(201);
    juneAllocation = response.json<AllocationJson>().id;
  });

  it('Ruling 17, D10.5: with a recorded request to the Authority the allocation past the date is accepted', async () => {
    await requestNewDate(mp401);
    const response = await allocate(t, c, november, mp401);
    expect(response.statusCode, response.body).toBe(201);
  });

  it('Ruling 17, D10.5: a direction that leaves allocations out of step flags them to SECAS and the Panel (home page and e-mail)', async () => {
    const requestId = await requestNewDate(mp402);
    t.clock.advance(60_000);
    const outboxBefore = await t.ctx.db.selectFrom('outbox_message').select('id').execute();
    const direction = await call(
      t,
      c.authority,
      'POST',
      `/api/v1/authority-requests/${requestId}/direction`,
      { implementationDate: '2027-11-04' },
    );
    expect(direction.statusCode, direction.body).toBe(200);
    expect(direction.json()).toMatchObject({
      outOfStep: [
        {
          allocationId: juneAllocation,
          releaseName: 'June 2027 SEC Release',
          reference: 'MP402',
          code: 'before_directed_date',
        },
      ],
    });
    expect(await auditActions(t, 'modification', mp402)).toContain('allocation.out_of_step');
    const mail = await t.ctx.db
      .selectFrom('outbox_message')
      .select(['to_address', 'subject'])
      .where('id', 'not in', outboxBefore.map((row) => row.id).concat([0]))
      .where('subject', 'like', '%out of step%')
      .orderBy('to_address')
      .execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual(
      [c.secas.email, c.chair.email, c.member.email].sort(),
    );
    for (const user of [c.secas, c.chair, c.member]) {
      expect(await attentionOf(user)).toContainEqual(
        expect.objectContaining({
          title: expect.stringContaining('MP402 (whole) in June 2027 SEC Release') as string,
          severity: 'overdue',
        }),
      );
    }
    expect(await attentionOf(c.albion)).toEqual([]);
  });

  it('Ruling 17: a direction moving the date before a release with no new request flags the allocation as needing one', async () => {
    const pending = await t.ctx.db
      .selectFrom('authority_request')
      .select('id')
      .where('modification_id', '=', mp401)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    t.clock.advance(60_000);
    const direction = await call(
      t,
      c.authority,
      'POST',
      `/api/v1/authority-requests/${pending.id}/direction`,
      { implementationDate: '2027-06-24' },
    );
    expect(direction.statusCode, direction.body).toBe(200);
    expect(direction.json()).toMatchObject({
      outOfStep: [{ reference: 'MP401', code: 'timetable_request_required' }],
    });
    expect(await attentionOf(c.secas)).toContainEqual(
      expect.objectContaining({
        title: expect.stringContaining('MP401 (whole) in November 2027 SEC Release') as string,
      }),
    );
  });

  it('Ruling 17, D10.5(b): re-allocating to a release earlier than the Authority-directed date is refused with before_directed_date, even with a request; nothing changes', async () => {
    const descoped = await descope(t, c, juneAllocation, '2026-11-27');
    expect(descoped.statusCode, descoped.body).toBe(200);
    await requestNewDate(mp402);
    const before = await snapshot(t);
    const response = await allocate(t, c, june, mp402);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      code: 'before_directed_date',
      implementationDate: '2027-11-04',
    });
    expect(await snapshot(t)).toEqual(before);
    const inStep = await allocate(t, c, november, mp402);
    expect(inStep.statusCode, inStep.body).toBe(201);
    expect((await attentionOf(c.secas)).filter((item) => item.title.startsWith('MP402'))).toEqual(
      [],
    );
  });

  it('Ruling 17: a modification with no implementation timetable is allocated to any release', async () => {
    await t.ctx.db
      .updateTable('implementation_timetable')
      .set({ superseded_at: t.clock.now() })
      .where('modification_id', '=', mp403)
      .execute();
    const response = await allocate(t, c, november, mp403);
    expect(response.statusCode, response.body).toBe(201);
  });
});
