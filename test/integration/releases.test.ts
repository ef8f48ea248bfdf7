import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingOn } from '../support/panel-meeting.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { givenModification, givenPolicy, releaseActions } from '../support/release-fixtures.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, modificationRow, type Cast } from './modification-fixtures.ts';

type ReleaseJson = { id: number; name: string; goLive: string; status: string; version: number };

async function liveAllocations(t: TestApp, modificationId: number) {
  return t.ctx.db
    .selectFrom('allocation')
    .selectAll()
    .where('modification_id', '=', modificationId)
    .where('descoped_at', 'is', null)
    .execute();
}

describe.each(ENGINES)('SEC Releases on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let policyId: number;
  let february: ReleaseJson;
  let june: ReleaseJson;
  let november: ReleaseJson;
  let mp123: number;
  let mp124: number;
  let mp125: number;
  let rejected: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    policyId = await givenPolicy(t);
    mp123 = await givenModification(t, 'MP123', 'approved');
    mp124 = await givenModification(t, 'MP124', 'approved');
    mp125 = await givenModification(t, 'MP125', 'approved');
    rejected = await givenModification(t, 'MP126', 'rejected');
  });
  afterAll(async () => {
    await t.close();
  });

  it('ruling 6: a Party gets 403 creating releases and nothing changes', async () => {
    const events = await count(t, 'audit_event');
    const single = await call(t, c.albion, 'POST', '/api/v1/releases', {
      name: 'X',
      releaseType: 'ad_hoc',
      goLive: '2027-07-01',
    });
    const standard = await call(t, c.albion, 'POST', '/api/v1/releases/standard', { year: 2027 });
    expect([single.statusCode, standard.statusCode]).toEqual([403, 403]);
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await t.ctx.db.selectFrom('release').selectAll().execute()).toHaveLength(0);
  });

  it('D10.8(a), ruling 6: SECAS creates the standard releases of 2027 from the Policy in force', async () => {
    const response = await call(t, c.secas, 'POST', '/api/v1/releases/standard', { year: 2027 });
    expect(response.statusCode).toBe(201);
    const body = response.json<{ created: ReleaseJson[]; skipped: unknown[] }>();
    expect(body.created.map((r) => [r.name, r.goLive, r.status])).toEqual([
      ['February 2027 SEC Release', '2027-02-25', 'planned'],
      ['June 2027 SEC Release', '2027-06-24', 'planned'],
      ['November 2027 SEC Release', '2027-11-04', 'planned'],
    ]);
    expect(body.skipped).toEqual([]);
    [february, june, november] = body.created as [ReleaseJson, ReleaseJson, ReleaseJson];
    const rows = await t.ctx.db.selectFrom('release').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.policy_version_id)).toEqual([policyId, policyId, policyId]);
    expect(rows.map((r) => r.dcc_impacting)).toEqual([false, true, true]);
    expect(await releaseActions(t, november.id)).toEqual(['release.created']);

    const again = await call(t, c.secas, 'POST', '/api/v1/releases/standard', { year: 2027 });
    expect(again.json<{ created: unknown[]; skipped: { name: string }[] }>()).toMatchObject({
      created: [],
      skipped: [{ name: 'February 2027 SEC Release' }, {}, {}],
    });
    expect(await t.ctx.db.selectFrom('release').selectAll().execute()).toHaveLength(3);
  });

  it('ruling 7: an ad-hoc release is created with a name and date; a duplicate name is refused', async () => {
    const created = await call(t, c.secas, 'POST', '/api/v1/releases', {
      name: 'July 2027 SEC Release (ALV)',
      releaseType: 'ad_hoc',
      goLive: '2027-07-19',
    });
    expect(created.statusCode).toBe(201);
    const duplicate = await call(t, c.secas, 'POST', '/api/v1/releases', {
      name: 'July 2027 SEC Release (ALV)',
      releaseType: 'ad_hoc',
      goLive: '2027-07-20',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'already_exists', field: 'name' });
    const badType = await call(t, c.secas, 'POST', '/api/v1/releases', {
      name: 'Odd',
      releaseType: 'march',
      goLive: '2027-07-20',
    });
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toMatchObject({ field: 'releaseType' });
  });

  it('A-REL, D10.7: allocating a modification that is not approved is refused with not_approved', async () => {
    const events = await count(t, 'audit_event');
    const response = await call(t, c.secas, 'POST', `/api/v1/releases/${june.id}/allocations`, {
      modificationId: rejected,
      dccImpacting: false,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'not_approved', field: 'modificationId' });
    expect(await count(t, 'audit_event')).toBe(events);
    expect(await liveAllocations(t, rejected)).toHaveLength(0);
  });

  it('D10.8(a): a DCC-impacting part after the 12-month baseline needs a Panel exception', async () => {
    const response = await call(t, c.secas, 'POST', `/api/v1/releases/${november.id}/allocations`, {
      modificationId: mp123,
      dccImpacting: true,
    });
    expect(response.statusCode).toBe(409);
    const body = response.json<{ code: string; message: string; field: string }>();
    expect(body.code).toBe('panel_exception_required');
    expect(body.message).toContain('4 November 2026');
    expect(body.field).toBe('exceptionDecisionId');
    expect(await liveAllocations(t, mp123)).toHaveLength(0);
    expect((await modificationRow(t, mp123)).status).toBe('approved');
  });

  it('D10.8(a): with a recorded late-addition decision the part is allocated and linked', async () => {
    const byParty = await call(t, c.albion, 'POST', `/api/v1/releases/${november.id}/decisions`, {
      kind: 'late_addition',
      modificationId: mp123,
      meetingId: await meetingOn(t.ctx, '2026-11-26'),
      reasons: 'x',
    });
    expect(byParty.statusCode).toBe(403);
    const noReasons = await call(t, c.chair, 'POST', `/api/v1/releases/${november.id}/decisions`, {
      kind: 'late_addition',
      modificationId: mp123,
      meetingId: await meetingOn(t.ctx, '2026-11-26'),
      reasons: ' ',
    });
    expect(noReasons.json()).toMatchObject({ code: 'validation_failed', field: 'reasons' });
    const decided = await call(t, c.chair, 'POST', `/api/v1/releases/${november.id}/decisions`, {
      kind: 'late_addition',
      modificationId: mp123,
      meetingId: await meetingOn(t.ctx, '2026-11-26'),
      reasons: 'The change is needed before the winter; the DCC confirmed it can be built in time.',
    });
    expect(decided.statusCode).toBe(201);
    const decisionId = decided.json<{ id: number }>().id;
    const allocated = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/releases/${november.id}/allocations`,
      {
        modificationId: mp123,
        dccImpacting: true,
        exceptionDecisionId: decisionId,
      },
    );
    expect(allocated.statusCode).toBe(201);
    expect(allocated.json()).toMatchObject({ part: 'whole', exceptionDecisionId: decisionId });
    expect((await modificationRow(t, mp123)).status).toBe('allocated');
    expect(await releaseActions(t, november.id)).toEqual([
      'release.created',
      'release.late_addition_decided',
      'release.allocated',
    ]);
    const moved = await t.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'after'])
      .where('subject_type', '=', 'modification')
      .where('subject_id', '=', String(mp123))
      .execute();
    expect(moved.map((e) => e.action)).toEqual(['modification.status_changed']);
  });

  it('D10.8(a): a part that does not change DCC Systems goes in before the 6-month baseline without exception', async () => {
    const response = await call(t, c.secas, 'POST', `/api/v1/releases/${november.id}/allocations`, {
      modificationId: mp124,
      part: 'functionality',
      dccImpacting: false,
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ exceptionDecisionId: null });
  });

  it('D10.7, D10.8(a): a modification is split across releases: documents in June, functionality in November', async () => {
    const documents = await call(t, c.secas, 'POST', `/api/v1/releases/${june.id}/allocations`, {
      modificationId: mp124,
      part: 'documents',
      description: 'The text of Section H',
      dccImpacting: false,
    });
    expect(documents.statusCode).toBe(201);
    expect((await liveAllocations(t, mp124)).map((a) => [a.release_id, a.part]).sort()).toEqual(
      [
        [june.id, 'documents'],
        [november.id, 'functionality'],
      ].sort(),
    );
    const twice = await call(t, c.secas, 'POST', `/api/v1/releases/${february.id}/allocations`, {
      modificationId: mp124,
      part: 'documents',
      dccImpacting: false,
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already_exists', field: 'part' });
    const whole = await call(t, c.secas, 'POST', `/api/v1/releases/${february.id}/allocations`, {
      modificationId: mp124,
      dccImpacting: false,
    });
    expect(whole.statusCode).toBe(409);
    expect(whole.json()).toMatchObject({ code: 'already_exists', field: 'part' });
    expect(whole.json<{ message: string }>().message).toMatch(
      /already allocated as “(documents|functionality)” to .*: a whole modification and its parts cannot both be allocated/,
    );
    expect((await liveAllocations(t, mp124)).length).toBe(2);
    const dccInFebruary = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/releases/${february.id}/allocations`,
      {
        modificationId: mp125,
        dccImpacting: true,
      },
    );
    expect(dccInFebruary.json()).toMatchObject({ field: 'dccImpacting' });
  });

  it('D10.7, D10.8(b): unallocated approved modifications are shown to SECAS and the Panel Chair, not a Party; late milestones to SECAS and the Chair (issue 13)', async () => {
    const list = await call(t, c.secas, 'GET', '/api/v1/modifications/unallocated');
    expect(list.json<{ reference: string }[]>().map((m) => m.reference)).toEqual(['MP125']);
    expect((await call(t, c.albion, 'GET', '/api/v1/modifications/unallocated')).statusCode).toBe(
      403,
    );
    // D10.8(b): a day after the February release's notice period started without an approved
    // RID or a notice, both are late (a scope baseline is a date, done once passed: ruling 16).
    const milestones = (await call(t, c.secas, 'GET', `/api/v1/releases/${february.id}`)).json<{
      milestones: { id: string; name: string; date: string }[];
    }>().milestones;
    const notice = milestones.find((m) => m.id === 'notice_start');
    if (!notice) throw new Error('no notice start');
    const dayAfter = new Date(`${notice.date}T10:00:00Z`);
    dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
    t.clock.set(dayAfter.toISOString());
    try {
      for (const [user, shown] of [
        [c.secas, true],
        [c.chair, true],
        [c.albion, false],
      ] as const) {
        const browser = new BrowserSession(t.app);
        await browser.signIn(user.email);
        const home = await browser.get('/home');
        expect(home.body.includes('MP125 is approved but not allocated to a release')).toBe(shown);
        // Issue 13: SECAS and the Panel Chair are told of late milestones, with who must act.
        expect(home.body.includes(`February 2027 SEC Release: ${notice.name} is late`)).toBe(
          user !== c.albion,
        );
        expect(home.body.includes('February 2027 SEC Release: RID approved is late')).toBe(
          user !== c.albion,
        );
        expect(home.body.includes('SECAS must issue the release notice to all Parties')).toBe(
          user !== c.albion,
        );
        expect(home.body).not.toContain('DCC-impacting scope baselined is late');
      }
    } finally {
      t.clock.set('2026-11-27T10:00:00Z');
    }
  });

  it('Ruling 16: a release is not moved to RID approved by hand (status_follows_facts); a stale cancellation is refused; nothing changes', async () => {
    const events = await count(t, 'audit_event');
    const before = await t.ctx.db
      .selectFrom('release')
      .selectAll()
      .where('id', '=', june.id)
      .executeTakeFirstOrThrow();
    const byHand = await call(t, c.secas, 'POST', `/api/v1/releases/${june.id}/status`, {
      to: 'rid_approved',
      version: before.version,
    });
    expect(byHand.statusCode).toBe(409);
    expect(byHand.json()).toMatchObject({ code: 'status_follows_facts', field: 'to' });
    const stale = await call(t, c.secas, 'POST', `/api/v1/releases/${june.id}/status`, {
      to: 'cancelled',
      version: before.version + 1,
      reasons: 'Not needed',
    });
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    const after = await t.ctx.db
      .selectFrom('release')
      .selectAll()
      .where('id', '=', june.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect(await count(t, 'audit_event')).toBe(events);
  });

  it('D10.8(a): de-scoping records the Panel decision, returns the part to unallocated and the modification to approved', async () => {
    const [allocation] = await liveAllocations(t, mp123);
    if (!allocation) throw new Error('MP123 should be allocated');
    const noReasons = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/allocations/${allocation.id}/descope`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        reasons: '',
      },
    );
    expect(noReasons.json()).toMatchObject({ field: 'reasons' });
    const response = await call(
      t,
      c.chair,
      'POST',
      `/api/v1/allocations/${allocation.id}/descope`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-26'),
        reasons: 'The DCC cannot deliver it in November.',
      },
    );
    expect(response.statusCode).toBe(200);
    const row = await t.ctx.db
      .selectFrom('allocation')
      .selectAll()
      .where('id', '=', allocation.id)
      .executeTakeFirstOrThrow();
    expect(row.descoped_at).not.toBeNull();
    const decision = await t.ctx.db
      .selectFrom('release_decision')
      .selectAll()
      .where('id', '=', row.descope_decision_id ?? 0)
      .executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ kind: 'descope', modification_id: mp123 });
    expect((await modificationRow(t, mp123)).status).toBe('approved');
    expect((await releaseActions(t, november.id)).at(-1)).toBe('release.descoped');
    const list = await call(t, c.chair, 'GET', '/api/v1/modifications/unallocated');
    expect(
      list
        .json<{ reference: string }[]>()
        .map((m) => m.reference)
        .sort(),
    ).toEqual(['MP123', 'MP125']);
    const again = await call(t, c.chair, 'POST', `/api/v1/allocations/${allocation.id}/descope`, {
      meetingId: await meetingOn(t.ctx, '2026-11-26'),
      reasons: 'Again',
    });
    expect(again.json()).toMatchObject({ code: 'invalid_transition' });
  });

  it('D10.8(b): the release API shows scope, milestones (a passed scope baseline done), and decisions publicly', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1/releases/${november.id}` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      allocations: { part: string; descopedAt: string | null }[];
      milestones: { id: string; date: string; state: string }[];
      decisions: { kind: string; reasons: string }[];
    }>();
    expect(body.milestones.map((m) => [m.id, m.date, m.state])).toEqual([
      ['dcc_scope', '2026-11-04', 'done'],
      ['full_scope', '2027-05-04', 'upcoming'],
      ['rid_approval', '2027-08-04', 'upcoming'],
      ['notice_start', '2027-08-04', 'upcoming'],
      ['go_live', '2027-11-04', 'upcoming'],
    ]);
    expect(body.decisions.map((d) => d.kind)).toEqual(['late_addition', 'descope']);
    expect(body.allocations.filter((a) => a.descopedAt === null).map((a) => a.part)).toEqual([
      'functionality',
    ]);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/releases?from=2027-06-01' });
    expect(list.json<{ name: string }[]>().map((r) => r.name)).toEqual([
      'June 2027 SEC Release',
      'July 2027 SEC Release (ALV)',
      'November 2027 SEC Release',
    ]);
  });

  it('D10.8(b): the public releases page shows the timeline; the release page its scope and milestones', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/releases' });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('November 2027 SEC Release');
    expect(list.body).toContain('November 2027');
    const page = await t.app.inject({ method: 'GET', url: `/releases/${november.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('MP124');
    expect(page.body).toContain('DCC-impacting scope baselined');
    const milestones = page.body.slice(page.body.indexOf('id="milestones"')).split('</table>')[0];
    expect(milestones).toContain('Done');
    expect(milestones).not.toContain('Late');
    expect(page.body).not.toContain('Allocate a modification');
  });

  it('D10.7: SECAS allocates through the release page, and a refusal names the field', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    const page = await browser.get(`/releases/${june.id}`);
    expect(page.body).toContain('Allocate a modification');
    const refused = await browser.post(`/releases/${june.id}/allocations`, {
      modificationId: String(mp125),
      part: 'Bad Part',
      dccImpacting: 'no',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#allocate-part"');
    const done = await browser.post(`/releases/${june.id}/allocations`, {
      modificationId: String(mp125),
      part: 'whole',
      dccImpacting: 'no',
    });
    expect(done.statusCode).toBe(303);
    expect((await modificationRow(t, mp125)).status).toBe('allocated');
    const after = await browser.get(`/releases/${june.id}`);
    expect(after.body).toContain('The whole part has been allocated to the release.');
  });

  it('ruling 6: SECAS creates the standard releases of a year through the form', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.secas.email);
    const form = await browser.get('/releases/new');
    expect(form.statusCode).toBe(200);
    const done = await browser.post('/releases/standard', { year: '2028' });
    expect(done.statusCode).toBe(303);
    const list = await browser.get('/releases');
    expect(list.body).toContain(
      'Created: February 2028 SEC Release, June 2028 SEC Release, November 2028 SEC Release.',
    );
  });
});
