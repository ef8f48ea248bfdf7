import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  auditEvents,
  givenApproval,
  givenCast,
  givenMeetings,
  homeOf,
  type Cast,
  type Placement,
} from '../support/implementation-fixtures.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)('Panel meetings (ruling 3, D10.2) on %s', (engine) => {
  let t: TestApp;
  let cast: Cast;
  let meetings: Record<string, number>;
  let approved: Awaited<ReturnType<typeof givenApproval>>;

  const as = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(t)(...args);
  const meetingRow = (id: number | undefined) =>
    t.ctx.db
      .selectFrom('panel_meeting')
      .selectAll()
      .where('id', '=', id ?? 0)
      .executeTakeFirstOrThrow();
  const agendaItemOf = (modificationId: number) =>
    t.ctx.db
      .selectFrom('agenda_item')
      .selectAll()
      .where('modification_id', '=', modificationId)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await createTestApp(engine);
    cast = await givenCast(t.ctx);
    meetings = await givenMeetings(t, cast.secas, ['2026-11-13', '2026-11-20']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 3: a meeting’s papers are due 5 Working Days before it; one meeting a day; only SECAS schedules', async () => {
    expect(await meetingRow(meetings['2026-11-13'])).toMatchObject({
      held_on: '2026-11-13',
      papers_due: '2026-11-06',
      kind: 'ordinary',
      status: 'scheduled',
    });
    expect(await auditEvents(t.ctx, 'meeting.created')).toHaveLength(2);
    const twice = await as(cast.secas, 'POST', '/api/v1/meetings', {
      heldOn: '2026-11-13',
      kind: 'extraordinary',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: 'already_exists', field: 'heldOn' });
    const bad = await as(cast.secas, 'POST', '/api/v1/meetings', {
      heldOn: '2026-02-30',
      kind: 'ordinary',
    });
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'heldOn' });
    const byChair = await as(cast.chair, 'POST', '/api/v1/meetings', {
      heldOn: '2026-12-18',
      kind: 'ordinary',
    });
    expect(byChair.statusCode).toBe(403);
    expect(await auditEvents(t.ctx, 'meeting.created')).toHaveLength(2);
  });

  it('D10.2: closing the meeting without actions is refused with meeting_actions_missing naming the modification', async () => {
    approved = await givenApproval(t, cast.secas, '2026-11-10');
    expect(approved.placement).toMatchObject({
      meetingId: meetings['2026-11-13'],
      latePaper: true,
    });
    const response = await as(
      cast.chair,
      'POST',
      `/api/v1/meetings/${meetings['2026-11-13']}/close`,
      {},
    );
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'meeting_actions_missing' });
    expect(response.json<{ message: string }>().message).toContain(approved.reference);
    expect(await meetingRow(meetings['2026-11-13'])).toMatchObject({
      status: 'scheduled',
      closed_at: null,
    });
    expect(await auditEvents(t.ctx, 'meeting.closed')).toHaveLength(0);
    const detail = await as(cast.member, 'GET', `/api/v1/meetings/${meetings['2026-11-13']}`);
    expect(detail.json()).toMatchObject({
      agenda: [
        {
          reference: approved.reference,
          kind: 'implementation_actions',
          latePaper: true,
          actions: [],
        },
      ],
      closingProblems: [{ code: 'meeting_actions_missing', reference: approved.reference }],
    });
  });

  it.each([
    [{ description: 'Deploy', owner: 'none', dueDate: '2026-11-20' }, 'ownerOrganisationId'],
    [{ description: 'Deploy the change', owner: 'dcc', dueDate: '2026-11-12' }, 'dueDate'],
    [{ description: '   ', owner: 'dcc', dueDate: '2026-11-20' }, 'description'],
    [
      { description: 'Deploy the change', owner: 'ofgem', dueDate: '2026-11-20' },
      'ownerOrganisationId',
    ],
    [{ description: 'Deploy the change', owner: 'dcc', dueDate: '20 Nov' }, 'dueDate'],
  ] as const)(
    'D10.2: a bad action %j is refused naming %s, and nothing is saved',
    async (input, field) => {
      const owner = input.owner === 'none' ? 0 : cast.orgs[input.owner];
      const item = await agendaItemOf(approved.id);
      const response = await as(
        cast.chair,
        'POST',
        `/api/v1/meetings/${meetings['2026-11-13']}/actions`,
        {
          agendaItemId: item.id,
          description: input.description,
          ownerOrganisationId: owner,
          dueDate: input.dueDate,
        },
      );
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed', field });
      expect(
        await t.ctx.db.selectFrom('implementation_action').select('id').execute(),
      ).toHaveLength(0);
      expect(await t.ctx.db.selectFrom('outbox_message').select('id').execute()).toHaveLength(0);
    },
  );

  it('D10.2 / D10.4: with an action owned by the DCC the meeting closes, and each DCC user got an e-mail', async () => {
    const item = await agendaItemOf(approved.id);
    const action = {
      agendaItemId: item.id,
      description: 'Deploy the DUIS change to the test environment',
      ownerOrganisationId: cast.orgs.dcc,
      dueDate: '2026-11-20',
    };
    const url = `/api/v1/meetings/${meetings['2026-11-13']}/actions`;
    expect((await as(cast.party, 'POST', url, action)).statusCode).toBe(403);
    const response = await as(cast.chair, 'POST', url, action);
    expect(response.statusCode).toBe(201);
    const saved = response.json<{ id: number }>();
    expect(response.json()).toMatchObject({
      ownerName: 'Smart DCC Ltd',
      status: 'open',
      dueDate: '2026-11-20',
    });

    const mail = await t.ctx.db.selectFrom('outbox_message').selectAll().orderBy('id').execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual(cast.dccUsers.map((u) => u.email).sort());
    expect(mail.map((m) => m.dedupe_key).sort()).toEqual(
      cast.dccUsers.map((u) => `action:${saved.id}:assigned:${u.id}`).sort(),
    );
    expect(mail[0]?.subject).toContain(approved.reference);
    expect(mail[0]?.body_text).toContain('Deploy the DUIS change');
    expect(await auditEvents(t.ctx, 'implementation_action.recorded')).toHaveLength(1);

    const closed = await as(
      cast.secas,
      'POST',
      `/api/v1/meetings/${meetings['2026-11-13']}/close`,
      {},
    );
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed' });
    expect(await meetingRow(meetings['2026-11-13'])).toMatchObject({ status: 'closed' });
    expect(await auditEvents(t.ctx, 'meeting.closed')).toHaveLength(1);
    const late = await as(cast.chair, 'POST', url, { ...action, dueDate: '2026-12-20' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'meeting_closed' });
  });

  it('D10.2: with the Panel’s reason for having no actions recorded instead, the meeting closes', async () => {
    const other = await givenApproval(t, cast.secas, '2026-11-16');
    expect(other.placement).toMatchObject({ meetingId: meetings['2026-11-20'], latePaper: true });
    const item = await agendaItemOf(other.id);
    const meeting = meetings['2026-11-20'] ?? 0;
    expect((await as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/close`, {})).statusCode).toBe(
      409,
    );
    const reason = 'SECAS alone implements the text change in the next SEC release';
    const recorded = await as(
      cast.chair,
      'POST',
      `/api/v1/meetings/${meeting}/agenda/${item.id}/no-actions`,
      { reason },
    );
    expect(recorded.statusCode).toBe(204);
    expect(await agendaItemOf(other.id)).toMatchObject({ no_actions_reason: reason });
    expect(await auditEvents(t.ctx, 'agenda_item.no_actions_recorded')).toHaveLength(1);
    const { version } = await meetingRow(meeting);
    const stale = await as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/close`, {
      version: version - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    expect(
      (await as(cast.chair, 'POST', `/api/v1/meetings/${meeting}/close`, { version })).statusCode,
    ).toBe(200);
  });

  it('D10.2 / ruling 3: an approval with no meeting after it waits; the next meeting created takes it; extraordinary meetings count', async () => {
    const waiting = await givenApproval(t, cast.secas, '2026-11-25');
    expect(waiting.placement).toBeNull();
    const record = await as(
      cast.member,
      'GET',
      `/api/v1/modifications/${waiting.id}/implementation`,
    );
    expect(record.json()).toMatchObject({ awaitingMeeting: true, placements: [] });
    expect(await homeOf(t, cast.secas)).toContain('awaiting a Panel meeting');

    const created = await as(cast.secas, 'POST', '/api/v1/meetings', {
      heldOn: '2026-12-11',
      kind: 'ordinary',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json<{
      meeting: { id: number; papersDue: string };
      placements: Placement[];
    }>();
    expect(body.meeting.papersDue).toBe('2026-12-04');
    expect(body.placements).toEqual([
      {
        agendaItemId: expect.any(Number) as number,
        meetingId: body.meeting.id,
        heldOn: '2026-12-11',
        papersDue: '2026-12-04',
        latePaper: false,
      },
    ]);
    expect(await agendaItemOf(waiting.id)).toMatchObject({
      meeting_id: body.meeting.id,
      late_paper: false,
    });

    const extraordinary = await as(cast.secas, 'POST', '/api/v1/meetings', {
      heldOn: '2026-12-01',
      kind: 'extraordinary',
    });
    const extraordinaryId = extraordinary.json<{ meeting: { id: number } }>().meeting.id;
    // Items already placed stay where they are; a later approval goes to the extraordinary meeting.
    expect(extraordinary.json<{ placements: Placement[] }>().placements).toEqual([]);
    const next = await givenApproval(t, cast.secas, '2026-11-26');
    expect(next.placement).toMatchObject({
      meetingId: extraordinaryId,
      heldOn: '2026-12-01',
      latePaper: true,
    });
  });
});
