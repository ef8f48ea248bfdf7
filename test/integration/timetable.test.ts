import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import {
  apiAs,
  auditEvents,
  givenCast,
  givenMeetings,
  givenModification,
  type Cast,
} from '../support/implementation-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)('Implementation timetables (D6.8(c), D10.5) on %s', (engine) => {
  let t: TestApp;
  let cast: Cast;
  let meetings: Record<string, number>;
  let mod: { id: number; reference: string };
  let openAction: number;
  let doneAction: number;

  const as = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(t)(...args);
  const timetableRows = (id: number) =>
    t.ctx.db
      .selectFrom('implementation_timetable')
      .selectAll()
      .where('modification_id', '=', id)
      .orderBy('id')
      .execute();
  const versionOf = async (id: number) =>
    (
      await t.ctx.db
        .selectFrom('modification')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version;
  const amend = (id: number, body: object) =>
    as(cast.secas, 'PUT', `/api/v1/modifications/${id}/timetable`, body);

  beforeAll(async () => {
    t = await createTestApp(engine);
    cast = await givenCast(t.ctx);
    meetings = await givenMeetings(t, cast.secas, ['2026-11-13']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D6.8(c): amending the timetable of a Path 1 modification or an ALV is refused with path1_timetable_fixed, and nothing changes', async () => {
    for (const path of ['path1', 'alv'] as const) {
      const status = path === 'alv' ? 'modification_proposal' : 'refinement';
      const m = await givenModification(t.ctx, { path, status, implementationDate: '2027-06-24' });
      const response = await amend(m.id, { implementationDate: '2027-11-04', version: m.version });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'path1_timetable_fixed' });
      expect(await timetableRows(m.id)).toEqual([
        expect.objectContaining({ implementation_date: '2027-06-24', superseded_at: null }),
      ]);
      expect(await versionOf(m.id)).toBe(m.version);
    }
    expect(await auditEvents(t.ctx, 'timetable.amended')).toHaveLength(0);
  });

  it('D6.8(c): a Path 3 timetable is amended in refinement; the old version stays in history', async () => {
    const m = await givenModification(t.ctx, {
      path: 'path3',
      status: 'refinement',
      implementationDate: '2027-06-24',
    });
    const byParty = await as(cast.party, 'PUT', `/api/v1/modifications/${m.id}/timetable`, {
      implementationDate: '2027-11-04',
    });
    expect(byParty.statusCode).toBe(403);
    expect((await amend(m.id, { implementationDate: '2026-11-27' })).json()).toMatchObject({
      code: 'validation_failed',
      field: 'implementationDate',
    });
    const stale = await amend(m.id, { implementationDate: '2027-11-04', version: m.version + 5 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    expect(await timetableRows(m.id)).toHaveLength(1);

    const response = await amend(m.id, {
      implementationDate: '2027-11-04',
      description: 'Moved to the November 2027 SEC Release under the Release Management Policy',
      version: m.version,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      implementationDate: '2027-11-04',
      source: 'refinement',
      supersededAt: null,
    });
    const rows = await timetableRows(m.id);
    expect(rows.map((r) => [r.implementation_date, r.source, r.superseded_at === null])).toEqual([
      ['2027-06-24', 'proposal', false],
      ['2027-11-04', 'refinement', true],
    ]);
    expect(await versionOf(m.id)).toBe(m.version + 1);
    const [event] = await auditEvents(t.ctx, 'timetable.amended');
    expect(event?.before).toMatchObject({ implementationDate: '2027-06-24' });
    const history = await as(cast.member, 'GET', `/api/v1/modifications/${m.id}/timetable`);
    expect(history.json()).toMatchObject({
      current: { implementationDate: '2027-11-04' },
      history: [{}, {}],
    });

    const reported = await givenModification(t.ctx, {
      path: 'path3',
      status: 'report_phase',
      implementationDate: '2027-06-24',
    });
    const outside = await amend(reported.id, { implementationDate: '2027-11-04' });
    expect(outside.statusCode).toBe(409);
    expect(outside.json()).toMatchObject({ code: 'invalid_transition' });
  });

  it('D10.5: representations come from SECAS or a Party for itself, on an approved modification', async () => {
    mod = await givenModification(t.ctx, {
      path: 'path2',
      status: 'authority_decision',
      implementationDate: '2027-02-25',
    });
    const decided = await as(cast.authority, 'POST', `/api/v1/modifications/${mod.id}/decisions`, {
      ...FIXTURE_SOURCE,
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn: '2026-11-10',
    });
    const agendaItemId = decided.json<{ placement: { agendaItemId: number } }>().placement
      .agendaItemId;
    const record = async (owner: number, dueDate: string) =>
      (
        await as(cast.chair, 'POST', `/api/v1/meetings/${meetings['2026-11-13']}/actions`, {
          agendaItemId,
          description: `Action for ${owner} due ${dueDate}`,
          ownerOrganisationId: owner,
          dueDate,
        })
      ).json<{ id: number }>().id;
    openAction = await record(cast.orgs.dcc, '2026-12-10');
    doneAction = await record(cast.orgs.secas, '2026-11-20');
    expect(
      (await as(cast.secas, 'POST', `/api/v1/actions/${doneAction}/complete`, {})).statusCode,
    ).toBe(200);

    const url = `/api/v1/modifications/${mod.id}/representations`;
    const own = await as(cast.party, 'POST', url, {
      text: 'Our systems cannot be ready by 25 February 2027: the DCC test window is too short.',
    });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ fromOrganisation: 'Northwind Energy plc' });
    const forAnother = await as(cast.party, 'POST', url, {
      text: 'For them',
      fromOrganisationId: cast.orgs.other,
    });
    expect(forAnother.statusCode).toBe(403);
    const bySecas = await as(cast.secas, 'POST', url, {
      text: 'Received by letter',
      fromOrganisationId: cast.orgs.other,
    });
    expect(bySecas.json()).toMatchObject({ fromOrganisation: 'Albion Power Ltd' });
    expect((await as(cast.authority, 'POST', url, { text: 'No' })).statusCode).toBe(403);
    const notApproved = await givenModification(t.ctx, { path: 'path3', status: 'refinement' });
    const early = await as(
      cast.party,
      'POST',
      `/api/v1/modifications/${notApproved.id}/representations`,
      { text: 'Too soon' },
    );
    expect(early.json()).toMatchObject({ code: 'invalid_transition' });
    expect(await auditEvents(t.ctx, 'timetable.representation_recorded')).toHaveLength(2);
  });

  it('D10.5: the Panel’s request, then the Authority’s direction replaces the timetable and moves the open actions’ due dates', async () => {
    const url = `/api/v1/modifications/${mod.id}/authority-requests`;
    expect((await as(cast.party, 'POST', url, { reason: 'x' })).statusCode).toBe(403);
    const requested = await as(cast.chair, 'POST', url, {
      reason: 'Parties represent that 25 February 2027 is not reasonably practicable',
      proposedDate: '2027-06-24',
    });
    expect(requested.statusCode).toBe(201);
    const request = requested.json<{ id: number; version: number }>();
    expect(requested.json()).toMatchObject({ status: 'pending', requestedOn: '2026-11-27' });
    const mail = await t.ctx.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', cast.authority.email)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain(mod.reference);

    const direct = (user: Cast['secas'], body: object) =>
      as(user, 'POST', `/api/v1/authority-requests/${request.id}/direction`, body);
    expect((await direct(cast.secas, { implementationDate: '2027-06-24' })).statusCode).toBe(403);
    const directed = await direct(cast.authority, {
      implementationDate: '2027-06-24',
      version: request.version,
    });
    expect(directed.statusCode).toBe(200);
    // 25 February → 24 June 2027 is 119 days, so the open action due 10 December 2026 moves to 8 April 2027.
    expect(directed.json()).toMatchObject({
      request: { status: 'directed', directedDate: '2027-06-24', directedOn: '2026-11-27' },
      timetable: { implementationDate: '2027-06-24', source: 'authority_direction' },
      moved: [{ id: openAction, from: '2026-12-10', to: '2027-04-08' }],
    });
    const rows = await timetableRows(mod.id);
    expect(rows.map((r) => [r.implementation_date, r.source, r.superseded_at === null])).toEqual([
      ['2027-02-25', 'proposal', false],
      ['2027-06-24', 'authority_direction', true],
    ]);
    const actions = await t.ctx.db
      .selectFrom('implementation_action')
      .select(['id', 'due_date'])
      .where('modification_id', '=', mod.id)
      .orderBy('id')
      .execute();
    expect(actions).toEqual([
      { id: openAction, due_date: '2027-04-08' },
      { id: doneAction, due_date: '2026-11-20' },
    ]);
    const moves = await auditEvents(t.ctx, 'implementation_action.due_date_moved');
    expect(moves.map((e) => e.subject_id)).toEqual([String(openAction)]);
    expect(await auditEvents(t.ctx, 'authority_request.directed')).toHaveLength(1);
    const toDcc = await t.ctx.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', cast.dccUsers[0].email)
      .orderBy('id')
      .execute();
    expect(toDcc.at(-1)?.subject).toContain('New due date');

    const again = await direct(cast.authority, { implementationDate: '2027-11-04' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'decision_not_allowed' });
  });

  it('D10.5: the Authority may decline a request instead; the timetable stays as it is', async () => {
    const second = await as(
      cast.secas,
      'POST',
      `/api/v1/modifications/${mod.id}/authority-requests`,
      { reason: 'A further delay' },
    );
    const id = second.json<{ id: number }>().id;
    const future = await as(cast.authority, 'POST', `/api/v1/authority-requests/${id}/decline`, {
      decidedOn: '2026-12-01',
    });
    expect(future.json()).toMatchObject({ code: 'validation_failed', field: 'decidedOn' });
    const declined = await as(cast.authority, 'POST', `/api/v1/authority-requests/${id}/decline`, {
      reason: 'Not justified',
    });
    expect(declined.json()).toMatchObject({ status: 'declined', directedOn: '2026-11-27' });
    expect((await timetableRows(mod.id)).filter((r) => r.superseded_at === null)).toEqual([
      expect.objectContaining({ implementation_date: '2027-06-24' }),
    ]);
    const [event] = await auditEvents(t.ctx, 'authority_request.declined');
    expect(event?.reason).toBe('Not justified');
  });
});
