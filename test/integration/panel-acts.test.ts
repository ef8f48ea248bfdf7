import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES, givenCutOver, TestClock } from '../support/test-db.ts';
import {
  apiAs,
  givenApproval,
  givenCast,
  givenMeeting,
  givenModification,
  type Cast,
} from '../support/implementation-fixtures.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';
import { COMPLETE_SECTIONS } from './rid-fixtures.ts';

/** How many rows `table` holds. */
async function rows(t: TestApp, table: 'panel_meeting' | 'audit_event' | 'implementation_action') {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

// The clock stands at Friday 27 November 2026, 10:00 UTC; the cut-over is 1 January 2026.
describe.each(ENGINES)('Panel acts a single actor cannot fabricate (ruling 13) on %s', (engine) => {
  let t: TestApp;
  let cast: Cast;
  const as = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(t)(...args);

  /** A refused request: its code (and status), and no meeting, action or audit event added. */
  async function refused(
    request: () => ReturnType<ReturnType<typeof apiAs>>,
    status: number,
    code: string,
  ) {
    const before = await Promise.all([
      rows(t, 'panel_meeting'),
      rows(t, 'implementation_action'),
      rows(t, 'audit_event'),
    ]);
    const response = await request();
    expect(response.json()).toMatchObject({ code });
    expect(response.statusCode).toBe(status);
    expect(
      await Promise.all([
        rows(t, 'panel_meeting'),
        rows(t, 'implementation_action'),
        rows(t, 'audit_event'),
      ]),
    ).toEqual(before);
    return response.json<{ message: string; field?: string }>();
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    await givenCutOver(t.ctx.db, '2026-01-01');
    cast = await givenCast(t.ctx);
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 13: a meeting dated in the past cannot be created (meeting_in_past)', async () => {
    const refusal = await refused(
      () => as(cast.secas, 'POST', '/api/v1/meetings', { heldOn: '2026-11-26', kind: 'ordinary' }),
      400,
      'meeting_in_past',
    );
    expect(refusal).toMatchObject({ field: 'heldOn' });
    expect(refusal.message).toContain('26 November 2026');
    await refused(
      () =>
        as(cast.chair, 'POST', '/api/v1/meetings', { heldOn: '2026-11-26', kind: 'extraordinary' }),
      400,
      'meeting_in_past',
    );
  });

  it('Ruling 13: SECAS cannot create an ordinary meeting dated today, its papers date a week before it existed (meeting_papers_passed)', async () => {
    const today = await refused(
      () => as(cast.secas, 'POST', '/api/v1/meetings', { heldOn: '2026-11-27', kind: 'ordinary' }),
      409,
      'meeting_papers_passed',
    );
    expect(today.message).toContain('extraordinary');
    // Friday 4 December: its papers are due today, 27 November, so they are already issued.
    const nextWeek = await refused(
      () => as(cast.secas, 'POST', '/api/v1/meetings', { heldOn: '2026-12-04', kind: 'ordinary' }),
      409,
      'meeting_papers_passed',
    );
    expect(nextWeek.message).toContain('27 November 2026');
    // Friday 11 December: papers due 4 December, still ahead.
    const scheduled = await as(cast.secas, 'POST', '/api/v1/meetings', {
      heldOn: '2026-12-11',
      kind: 'ordinary',
    });
    expect(scheduled.statusCode).toBe(201);
    expect(scheduled.json()).toMatchObject({
      meeting: { heldOn: '2026-12-11', papersDue: '2026-12-04', heldOutsideSecrel: false },
    });
  });

  it('Ruling 13: an extraordinary meeting is called by the Panel Chair, not SECAS alone (extraordinary_meeting_chair)', async () => {
    const bySecas = await refused(
      () =>
        as(cast.secas, 'POST', '/api/v1/meetings', { heldOn: '2026-11-27', kind: 'extraordinary' }),
      403,
      'extraordinary_meeting_chair',
    );
    expect(bySecas).toMatchObject({ field: 'kind' });
    await refused(
      () => as(cast.chair, 'POST', '/api/v1/meetings', { heldOn: '2026-12-18', kind: 'ordinary' }),
      403,
      'forbidden',
    );
    const called = await as(cast.chair, 'POST', '/api/v1/meetings', {
      heldOn: '2026-12-02',
      kind: 'extraordinary',
    });
    expect(called.statusCode).toBe(201);
    expect(called.json()).toMatchObject({
      meeting: { kind: 'extraordinary', heldOutsideSecrel: false },
    });
  });

  it('Ruling 13: a meeting held before the cut-over is history, created by SECAS and flagged "Held outside secrel" in the API and on its pages', async () => {
    const history = await as(cast.secas, 'POST', '/api/v1/meetings', {
      heldOn: '2025-12-12',
      kind: 'ordinary',
    });
    expect(history.statusCode).toBe(201);
    const id = history.json<{ meeting: { id: number } }>().meeting.id;
    expect(history.json()).toMatchObject({ meeting: { heldOutsideSecrel: true } });
    expect((await as(cast.member, 'GET', `/api/v1/meetings/${id}`)).json()).toMatchObject({
      heldOutsideSecrel: true,
    });
    const browser = new BrowserSession(t.app);
    await browser.signIn(cast.member.email);
    expect((await browser.get(`/meetings/${id}`)).body).toContain('Held outside secrel');
    expect((await browser.get('/meetings')).body).toContain('Held outside secrel');
  });

  it('Ruling 13, D10.2: actions are not recorded, nor the meeting closed, before it is held (meeting_not_held)', async () => {
    // The first meeting after today is the Chair's extraordinary meeting of 2 December.
    const approved = await givenApproval(t, cast.secas, '2026-11-27');
    expect(approved.placement).toMatchObject({ heldOn: '2026-12-02' });
    const item = approved.placement?.agendaItemId ?? 0;
    const onMeeting = approved.placement?.meetingId ?? 0;
    await refused(
      () =>
        as(cast.chair, 'POST', `/api/v1/meetings/${onMeeting}/actions`, {
          agendaItemId: item,
          description: 'Deploy the change',
          ownerOrganisationId: cast.orgs.dcc,
          dueDate: '2026-12-20',
        }),
      409,
      'meeting_not_held',
    );
    await refused(
      () =>
        as(cast.chair, 'POST', `/api/v1/meetings/${onMeeting}/agenda/${item}/no-actions`, {
          reason: 'None needed',
        }),
      409,
      'meeting_not_held',
    );
    await refused(
      () => as(cast.chair, 'POST', `/api/v1/meetings/${onMeeting}/close`, {}),
      409,
      'meeting_not_held',
    );
  });

  it('Ruling 13, D10.6: the Panel’s decision on delay is not recorded before the meeting whose agenda holds it (meeting_not_held)', async () => {
    const m = await givenModification(t.ctx, {
      path: 'path2',
      status: 'approved',
      approvedOn: '2026-11-10',
      approvedBy: 'authority',
      implementationDate: '2027-02-25',
    });
    const lodged = await as(cast.authority, 'POST', `/api/v1/modifications/${m.id}/challenges`, {
      kind: 'appeal_s173',
      lodgedOn: '2026-11-20',
    });
    expect(lodged.json()).toMatchObject({ placement: { heldOn: '2026-12-02' } });
    const challenge = lodged.json<{ challenge: { id: number } }>().challenge.id;
    const refusal = await refused(
      () =>
        as(cast.chair, 'POST', `/api/v1/challenges/${challenge}/delay-decision`, {
          delayAppropriate: true,
        }),
      409,
      'meeting_not_held',
    );
    expect(refusal.message).toContain('2 December 2026');
    expect(
      await t.ctx.db
        .selectFrom('legal_challenge')
        .select('delay_appropriate')
        .where('id', '=', challenge)
        .executeTakeFirstOrThrow(),
    ).toEqual({ delay_appropriate: null });
  });

  it('D10.2: a meeting held more than 5 Working Days ago cannot be closed out with actions, a reason for none, or its close (panel_record_late)', async () => {
    // Held Friday 13 November: its decisions could be recorded until Friday 20 November.
    const meeting = await givenMeeting(t.ctx, '2026-11-13', '2026-11-06');
    const approved = await givenApproval(t, cast.secas, '2026-11-10');
    expect(approved.placement).toMatchObject({ meetingId: meeting });
    const item = approved.placement?.agendaItemId ?? 0;
    const late = await refused(
      () =>
        as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/actions`, {
          agendaItemId: item,
          description: 'Deploy the change',
          ownerOrganisationId: cast.orgs.dcc,
          dueDate: '2026-12-20',
        }),
      409,
      'panel_record_late',
    );
    expect(late.message).toContain('20 November 2026');
    await refused(
      () =>
        as(cast.secas, 'POST', `/api/v1/meetings/${meeting}/agenda/${item}/no-actions`, {
          reason: 'None needed',
        }),
      409,
      'panel_record_late',
    );
    await refused(
      () => as(cast.secas, 'POST', `/api/v1/meetings/${meeting}/close`, {}),
      409,
      'panel_record_late',
    );
  });

  it('D10.2: an action due after the modification’s implementation date is refused with the date (action_after_implementation); one due by then is recorded', async () => {
    // Held Tuesday 24 November: decisions recorded until Tuesday 1 December.
    const meeting = await givenMeeting(t.ctx, '2026-11-24', '2026-11-17');
    const m = await givenModification(t.ctx, {
      path: 'path3',
      status: 'change_board',
      implementationDate: '2027-02-25',
    });
    const decided = await as(cast.secas, 'POST', `/api/v1/modifications/${m.id}/decisions`, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-23',
    });
    expect(decided.json()).toMatchObject({ placement: { meetingId: meeting } });
    const item = decided.json<{ placement: { agendaItemId: number } }>().placement.agendaItemId;
    const action = {
      agendaItemId: item,
      description: 'Deploy the change to the production environment',
      ownerOrganisationId: cast.orgs.dcc,
      dueDate: '2027-03-04',
    };
    const refusal = await refused(
      () => as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/actions`, action),
      409,
      'action_after_implementation',
    );
    expect(refusal).toMatchObject({ field: 'dueDate' });
    expect(refusal.message).toContain('25 February 2027');
    const recorded = await as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/actions`, {
      ...action,
      dueDate: '2027-02-25',
    });
    expect(recorded.statusCode).toBe(201);
  });

  it('Ruling 13: the meeting page of a live meeting says until when its decisions can be recorded', async () => {
    const meeting = await givenMeeting(t.ctx, '2026-11-25', '2026-11-18');
    const browser = new BrowserSession(t.app);
    await browser.signIn(cast.member.email);
    const page = (await browser.get(`/meetings/${meeting}`)).body;
    expect(page).toContain('2 December 2026');
    expect(page).not.toContain('Held outside secrel');
  });
});

interface VersionJson {
  id: number;
  number: number;
  status: string;
  version: number;
}

// The Panel's decisions on a RID and a TAD against a meeting, from the cut-over of 1 January 2026.
describe.each(ENGINES)(
  'Panel decisions on the RID and TAD (D10.12, D10.15, ruling 13) on %s',
  (engine) => {
    let t: TestApp;
    let cast: Cast;
    let release: number;
    let heldLongAgo: number;
    let notYetHeld: number;
    let heldThisWeek: number;
    const as = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(t)(...args);
    const base = () => `/api/v1/releases/${release}/rid`;
    const snapshot = async () => ({
      versions: await t.ctx.db
        .selectFrom('rid_version')
        .select(['id', 'status', 'version'])
        .orderBy('id')
        .execute(),
      overrides: await rows2('rid_freeze_override'),
      tadRequests: await rows2('tad_request'),
      events: await rows(t, 'audit_event'),
    });
    const rows2 = async (table: 'rid_freeze_override' | 'tad_request') =>
      (await t.ctx.db.selectFrom(table).select('id').execute()).length;

    beforeAll(async () => {
      t = await createTestApp(engine, new TestClock('2026-11-10T10:00:00Z'));
      await givenCutOver(t.ctx.db, '2026-01-01');
      cast = await givenCast(t.ctx);
      const policy = await givenPolicy(t);
      release = await givenRelease(
        t,
        policy,
        'June 2027 SEC Release',
        'planned',
        '2027-06-24',
        'june',
      );
      await givenAllocation(
        t,
        release,
        await givenAllocatedModification(t, 'MP301', '2027-06-24'),
        'whole',
      );
      heldLongAgo = await givenMeeting(t.ctx, '2026-11-13', '2026-11-06');
      heldThisWeek = await givenMeeting(t.ctx, '2026-11-24', '2026-11-17');
      notYetHeld = await givenMeeting(t.ctx, '2026-12-11', '2026-12-04');
      const created = (await as(cast.secas, 'POST', `${base()}/drafts`)).json<VersionJson>();
      const edited = await as(cast.secas, 'PUT', `${base()}/versions/${created.number}`, {
        version: created.version,
        sections: COMPLETE_SECTIONS,
      });
      expect(edited.statusCode).toBe(200);
      const submitted = await as(cast.secas, 'POST', `${base()}/versions/1/submit`, {
        version: edited.json<VersionJson>().version,
      });
      expect(submitted.statusCode).toBe(200);
      t.clock.set('2026-11-27T10:00:00Z');
    });
    afterAll(async () => {
      await t.close();
    });

    it('D10.12: the Panel’s approval of a RID is not recorded against a meeting not yet held (meeting_not_held)', async () => {
      const before = await snapshot();
      const response = await as(cast.chair, 'POST', `${base()}/versions/1/approve`, {
        meetingId: notYetHeld,
      });
      expect(response.json()).toMatchObject({ code: 'meeting_not_held', field: 'meetingId' });
      expect(response.statusCode).toBe(409);
      expect(await snapshot()).toEqual(before);
    });

    it('D10.12: the Panel’s approval of a RID is not recorded more than 5 Working Days after its meeting (panel_record_late)', async () => {
      const before = await snapshot();
      const response = await as(cast.secas, 'POST', `${base()}/versions/1/approve`, {
        meetingId: heldLongAgo,
      });
      expect(response.json()).toMatchObject({ code: 'panel_record_late', field: 'meetingId' });
      expect(response.statusCode).toBe(409);
      expect(response.json<{ message: string }>().message).toContain('20 November 2026');
      expect(await snapshot()).toEqual(before);
    });

    it('D10.15: a Panel override of the RID freeze is not recorded against a meeting held more than 5 Working Days ago (panel_record_late)', async () => {
      const before = await snapshot();
      const response = await as(cast.chair, 'POST', `${base()}/freeze-overrides`, {
        meetingId: heldLongAgo,
        reasons: 'A defect fix must be added after the freeze',
      });
      expect(response.json()).toMatchObject({ code: 'panel_record_late' });
      expect(response.statusCode).toBe(409);
      expect(await snapshot()).toEqual(before);
    });

    it('Ruling 13: the Panel’s request for a TAD is not recorded against a meeting held more than 5 Working Days ago (panel_record_late)', async () => {
      const before = await snapshot();
      const response = await as(cast.chair, 'POST', `/api/v1/releases/${release}/tad/request`, {
        meetingId: heldLongAgo,
        requestedOn: '2026-11-13',
      });
      expect(response.json()).toMatchObject({ code: 'panel_record_late' });
      expect(response.statusCode).toBe(409);
      expect(await snapshot()).toEqual(before);
    });

    it('Ruling 13: a Panel decision to de-scope a part, taken at a meeting held more than 5 Working Days ago, is refused (panel_record_late)', async () => {
      const allocation = await t.ctx.db
        .selectFrom('allocation')
        .select(['id', 'descoped_at'])
        .where('release_id', '=', release)
        .executeTakeFirstOrThrow();
      const events = await rows(t, 'audit_event');
      const response = await as(
        cast.chair,
        'POST',
        `/api/v1/allocations/${allocation.id}/descope`,
        {
          meetingId: heldLongAgo,
          reasons: 'The DCC cannot deliver it in time',
        },
      );
      expect(response.json()).toMatchObject({ code: 'panel_record_late', field: 'meetingId' });
      expect(response.statusCode).toBe(409);
      expect(
        await t.ctx.db
          .selectFrom('allocation')
          .select(['id', 'descoped_at'])
          .where('id', '=', allocation.id)
          .executeTakeFirstOrThrow(),
      ).toEqual(allocation);
      expect(await rows(t, 'audit_event')).toBe(events);
    });

    it('Ruling 13: a Panel late-addition decision taken at a meeting held more than 5 Working Days ago is refused (panel_record_late)', async () => {
      const m = await givenModification(t.ctx, { path: 'path3', status: 'approved' });
      const decisions = async () =>
        (await t.ctx.db.selectFrom('release_decision').select('id').execute()).length;
      const [before, events] = [await decisions(), await rows(t, 'audit_event')];
      const response = await as(cast.secas, 'POST', `/api/v1/releases/${release}/decisions`, {
        kind: 'late_addition',
        modificationId: m.id,
        meetingId: heldLongAgo,
        reasons: 'A security fix',
      });
      expect(response.json()).toMatchObject({ code: 'panel_record_late', field: 'meetingId' });
      expect(response.statusCode).toBe(409);
      expect(await decisions()).toBe(before);
      expect(await rows(t, 'audit_event')).toBe(events);
    });

    it('D10.12: the approval is recorded against the meeting held this week, within its record window', async () => {
      const response = await as(cast.chair, 'POST', `${base()}/versions/1/approve`, {
        meetingId: heldThisWeek,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'approved' });
    });
  },
);
