import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, givenModification } from '../support/implementation-fixtures.ts';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

interface Placement {
  meetingId: number;
  heldOn: string;
  latePaper: boolean;
}

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)(
  'Panel meetings and implementation actions (D10.2–D10.4) on %s',
  (engine) => {
    let t: TestApp;
    let secas: TestUser;
    let chair: TestUser;
    let member: TestUser;
    let dccUsers: TestUser[];
    let party: TestUser;
    let dcc: number;
    let ofgem: number;
    const meetings: Record<string, number> = {};
    let approved: { id: number; reference: string; placement: Placement | null };
    let actionId: number;

    const as = (user: TestUser, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: bearer(user), ...(payload ? { payload } : {}) });
    const meetingRow = (id: number) =>
      t.ctx.db
        .selectFrom('panel_meeting')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    const approve = async (decidedOn: string) => {
      const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
      const response = await as(secas, 'POST', `/api/v1/modifications/${m.id}/decisions`, {
        kind: 'change_board_decision',
        outcome: 'approve',
        decidedOn,
      });
      expect(response.statusCode).toBe(201);
      return { ...m, placement: response.json<{ placement: Placement | null }>().placement };
    };
    const homeOf = async (user: TestUser) => {
      const browser = new BrowserSession(t.app);
      await browser.signIn(user.email);
      return (await browser.get('/home')).body;
    };

    beforeAll(async () => {
      t = await createTestApp(engine);
      const secasOrg = await givenOrganisation(t.ctx, 'SECAS (Gemserv)', 'code_administrator');
      secas = await givenUser(t.ctx, 'code_administrator', { organisationId: secasOrg });
      chair = await givenUser(t.ctx, 'panel_chair');
      const supplier = await givenOrganisation(t.ctx, 'Northwind Energy plc');
      member = await givenUser(t.ctx, 'panel_member', { organisationId: supplier });
      dcc = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc');
      dccUsers = [
        await givenUser(t.ctx, 'dcc', { organisationId: dcc }),
        await givenUser(t.ctx, 'dcc', { organisationId: dcc }),
      ];
      const other = await givenOrganisation(t.ctx, 'Albion Power Ltd');
      party = await givenUser(t.ctx, 'party', { organisationId: other });
      ofgem = await givenOrganisation(t.ctx, 'Ofgem', 'authority');
      for (const heldOn of ['2026-11-13', '2026-11-20']) {
        const response = await as(secas, 'POST', '/api/v1/meetings', { heldOn, kind: 'ordinary' });
        expect(response.statusCode).toBe(201);
        meetings[heldOn] = response.json<{ meeting: { id: number } }>().meeting.id;
      }
    });
    afterAll(async () => {
      await t.close();
    });

    it('Ruling 3: a meeting’s papers are due 5 Working Days before it; one meeting a day; only SECAS schedules', async () => {
      const row = await meetingRow(meetings['2026-11-13'] ?? 0);
      expect(row).toMatchObject({
        held_on: '2026-11-13',
        papers_due: '2026-11-06',
        kind: 'ordinary',
        status: 'scheduled',
      });
      expect((await auditEvents(t.ctx, 'meeting.created')).length).toBe(2);
      const twice = await as(secas, 'POST', '/api/v1/meetings', {
        heldOn: '2026-11-13',
        kind: 'extraordinary',
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json()).toMatchObject({ code: 'already_exists', field: 'heldOn' });
      const bad = await as(secas, 'POST', '/api/v1/meetings', {
        heldOn: '2026-02-30',
        kind: 'ordinary',
      });
      expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'heldOn' });
      expect(
        (await as(chair, 'POST', '/api/v1/meetings', { heldOn: '2026-12-18', kind: 'ordinary' }))
          .statusCode,
      ).toBe(403);
      expect((await auditEvents(t.ctx, 'meeting.created')).length).toBe(2);
    });

    it('D10.2: closing the meeting without actions is refused with meeting_actions_missing naming the modification', async () => {
      approved = await approve('2026-11-10');
      expect(approved.placement).toMatchObject({
        meetingId: meetings['2026-11-13'],
        latePaper: true,
      });
      const response = await as(
        chair,
        'POST',
        `/api/v1/meetings/${meetings['2026-11-13']}/close`,
        {},
      );
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'meeting_actions_missing' });
      expect(response.json<{ message: string }>().message).toContain(approved.reference);
      expect(await meetingRow(meetings['2026-11-13'] ?? 0)).toMatchObject({
        status: 'scheduled',
        closed_at: null,
      });
      expect(await auditEvents(t.ctx, 'meeting.closed')).toHaveLength(0);
      const detail = await as(member, 'GET', `/api/v1/meetings/${meetings['2026-11-13']}`);
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
      [
        { description: 'Deploy', ownerOrganisationId: 0, dueDate: '2026-11-20' },
        'ownerOrganisationId',
      ],
      [
        { description: 'Deploy the change', ownerOrganisationId: -1, dueDate: '2026-11-12' },
        'dueDate',
      ],
      [{ description: '   ', ownerOrganisationId: -1, dueDate: '2026-11-20' }, 'description'],
      [
        { description: 'Deploy the change', ownerOrganisationId: -2, dueDate: '2026-11-20' },
        'ownerOrganisationId',
      ],
      [{ description: 'Deploy the change', ownerOrganisationId: -1, dueDate: '20 Nov' }, 'dueDate'],
    ])(
      'D10.2: a bad action %j is refused naming %s, and nothing is saved',
      async (input, field) => {
        const owner =
          input.ownerOrganisationId === -1
            ? dcc
            : input.ownerOrganisationId === -2
              ? ofgem
              : 999_999;
        const agenda = await t.ctx.db
          .selectFrom('agenda_item')
          .select('id')
          .where('modification_id', '=', approved.id)
          .executeTakeFirstOrThrow();
        const response = await as(
          chair,
          'POST',
          `/api/v1/meetings/${meetings['2026-11-13']}/actions`,
          {
            ...input,
            ownerOrganisationId: owner,
            agendaItemId: agenda.id,
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
      const agenda = await t.ctx.db
        .selectFrom('agenda_item')
        .select('id')
        .where('modification_id', '=', approved.id)
        .executeTakeFirstOrThrow();
      const byParty = await as(
        party,
        'POST',
        `/api/v1/meetings/${meetings['2026-11-13']}/actions`,
        {
          agendaItemId: agenda.id,
          description: 'Deploy the DUIS change to the test environment',
          ownerOrganisationId: dcc,
          dueDate: '2026-11-20',
        },
      );
      expect(byParty.statusCode).toBe(403);
      const response = await as(
        chair,
        'POST',
        `/api/v1/meetings/${meetings['2026-11-13']}/actions`,
        {
          agendaItemId: agenda.id,
          description: 'Deploy the DUIS change to the test environment',
          ownerOrganisationId: dcc,
          dueDate: '2026-11-20',
        },
      );
      expect(response.statusCode).toBe(201);
      const action = response.json<{
        id: number;
        ownerName: string;
        overdue: boolean;
        status: string;
      }>();
      actionId = action.id;
      expect(action).toMatchObject({ ownerName: 'Smart DCC Ltd', status: 'open', overdue: true });

      const mail = await t.ctx.db.selectFrom('outbox_message').selectAll().orderBy('id').execute();
      expect(mail.map((m) => m.to_address).sort()).toEqual(dccUsers.map((u) => u.email).sort());
      expect(mail.map((m) => m.dedupe_key).sort()).toEqual(
        dccUsers.map((u) => `action:${actionId}:assigned:${u.id}`).sort(),
      );
      expect(mail[0]?.subject).toContain(approved.reference);
      expect(mail[0]?.body_text).toContain('Deploy the DUIS change');
      expect(await auditEvents(t.ctx, 'implementation_action.recorded')).toHaveLength(1);

      const closed = await as(
        secas,
        'POST',
        `/api/v1/meetings/${meetings['2026-11-13']}/close`,
        {},
      );
      expect(closed.statusCode).toBe(200);
      expect(closed.json()).toMatchObject({ status: 'closed' });
      expect(await meetingRow(meetings['2026-11-13'] ?? 0)).toMatchObject({ status: 'closed' });
      expect(await auditEvents(t.ctx, 'meeting.closed')).toHaveLength(1);

      const late = await as(chair, 'POST', `/api/v1/meetings/${meetings['2026-11-13']}/actions`, {
        agendaItemId: agenda.id,
        description: 'Another action',
        ownerOrganisationId: dcc,
        dueDate: '2026-12-20',
      });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'meeting_closed' });
    });

    it('D10.2: with the Panel’s reason for having no actions recorded instead, the meeting closes', async () => {
      const other = await approve('2026-11-16');
      expect(other.placement).toMatchObject({ meetingId: meetings['2026-11-20'], latePaper: true });
      const item = await t.ctx.db
        .selectFrom('agenda_item')
        .select('id')
        .where('modification_id', '=', other.id)
        .executeTakeFirstOrThrow();
      const meeting = meetings['2026-11-20'] ?? 0;
      expect((await as(chair, 'POST', `/api/v1/meetings/${meeting}/close`, {})).statusCode).toBe(
        409,
      );
      const reason = await as(
        chair,
        'POST',
        `/api/v1/meetings/${meeting}/agenda/${item.id}/no-actions`,
        {
          reason: 'SECAS alone implements the text change in the next SEC release',
        },
      );
      expect(reason.statusCode).toBe(204);
      const row = await t.ctx.db
        .selectFrom('agenda_item')
        .selectAll()
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow();
      expect(row.no_actions_reason).toBe(
        'SECAS alone implements the text change in the next SEC release',
      );
      expect(await auditEvents(t.ctx, 'agenda_item.no_actions_recorded')).toHaveLength(1);
      const { version } = await meetingRow(meeting);
      expect(
        (await as(chair, 'POST', `/api/v1/meetings/${meeting}/close`, { version: version - 1 }))
          .statusCode,
      ).toBe(409);
      const closed = await as(chair, 'POST', `/api/v1/meetings/${meeting}/close`, { version });
      expect(closed.statusCode).toBe(200);
    });

    it('D10.3: an action past its due date shows on the home page of the Panel Chair, a Panel member, SECAS and a DCC user, not an unrelated Party', async () => {
      const title = `Overdue action on ${approved.reference}`;
      for (const user of [chair, member, secas, dccUsers[0] as TestUser]) {
        expect(await homeOf(user)).toContain(title);
      }
      expect(await homeOf(party)).not.toContain(title);
      const forDcc = await as(dccUsers[0] as TestUser, 'GET', '/api/v1/actions?overdue=true');
      expect(forDcc.json<{ id: number }[]>().map((a) => a.id)).toEqual([actionId]);
      expect((await as(party, 'GET', '/api/v1/actions?overdue=true')).json()).toEqual([]);
    });

    it('D10.3: the owner marks the action done; it is no longer overdue and a stale second attempt is refused', async () => {
      expect((await as(party, 'POST', `/api/v1/actions/${actionId}/complete`, {})).statusCode).toBe(
        403,
      );
      const done = await as(
        dccUsers[1] as TestUser,
        'POST',
        `/api/v1/actions/${actionId}/complete`,
        { version: 1 },
      );
      expect(done.statusCode).toBe(200);
      expect(done.json()).toMatchObject({ status: 'done', overdue: false });
      expect(await auditEvents(t.ctx, 'implementation_action.completed')).toHaveLength(1);
      const again = await as(chair, 'POST', `/api/v1/actions/${actionId}/complete`, {});
      expect(again.statusCode).toBe(409);
      expect(await homeOf(chair)).not.toContain(`Overdue action on ${approved.reference}`);
    });

    it('D10.2 / ruling 3: an approval with no meeting after it waits; the next meeting created takes it; extraordinary meetings count', async () => {
      const waiting = await approve('2026-11-25');
      expect(waiting.placement).toBeNull();
      const record = await as(member, 'GET', `/api/v1/modifications/${waiting.id}/implementation`);
      expect(record.json()).toMatchObject({ awaitingMeeting: true, placements: [] });
      expect(await homeOf(secas)).toContain('awaiting a Panel meeting');

      const created = await as(secas, 'POST', '/api/v1/meetings', {
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
        expect.objectContaining({ meetingId: body.meeting.id, latePaper: false }),
      ]);
      expect(
        await t.ctx.db
          .selectFrom('agenda_item')
          .selectAll()
          .where('modification_id', '=', waiting.id)
          .execute(),
      ).toEqual([
        expect.objectContaining({
          meeting_id: body.meeting.id,
          kind: 'implementation_actions',
          late_paper: false,
        }),
      ]);

      const extraordinary = await as(secas, 'POST', '/api/v1/meetings', {
        heldOn: '2026-12-01',
        kind: 'extraordinary',
      });
      const extraordinaryId = extraordinary.json<{ meeting: { id: number } }>().meeting.id;
      // Already-placed items stay where they are; a later approval goes to the extraordinary meeting.
      expect(extraordinary.json<{ placements: Placement[] }>().placements).toEqual([]);
      const next = await approve('2026-11-26');
      expect(next.placement).toMatchObject({
        meetingId: extraordinaryId,
        heldOn: '2026-12-01',
        latePaper: true,
      });
    });

    it('Pages: the calendar lists meetings with papers dates; the meeting page shows the agenda, records an action and shows why it cannot close', async () => {
      const browser = new BrowserSession(t.app);
      await browser.signIn(secas.email);
      const list = await browser.get('/meetings');
      expect(list.statusCode).toBe(200);
      expect(list.body).toContain('11 December 2026');
      expect(list.body).toContain('4 December 2026');
      const refused = await browser.post('/meetings', { heldOn: 'next Friday', kind: 'ordinary' });
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('govuk-error-summary');
      expect(refused.body).toContain('href="#heldOn"');

      const meetingId = meetings['2026-11-20'] ?? 0;
      const closedPage = await browser.get(`/meetings/${meetingId}`);
      expect(closedPage.body).toContain('Late paper');
      expect(closedPage.body).toContain('No actions because: SECAS alone implements');

      const extraordinary = await t.ctx.db
        .selectFrom('panel_meeting')
        .select('id')
        .where('held_on', '=', '2026-12-01')
        .executeTakeFirstOrThrow();
      const page = await browser.get(`/meetings/${extraordinary.id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Implementation actions (D10.2)');
      const close = await browser.post(`/meetings/${extraordinary.id}/close`, {});
      expect(close.statusCode).toBe(400);
      expect(close.body).toContain('cannot close before it is held');

      // The meeting day: a new session, as the one above has been idle too long by then.
      t.clock.set('2026-12-01T15:00:00Z');
      await browser.signIn(secas.email);
      const item = await t.ctx.db
        .selectFrom('agenda_item')
        .select('id')
        .where('meeting_id', '=', extraordinary.id)
        .executeTakeFirstOrThrow();
      await browser.get(`/meetings/${extraordinary.id}`);
      const stillOpen = await browser.post(`/meetings/${extraordinary.id}/close`, {});
      expect(stillOpen.statusCode).toBe(409);
      expect(stillOpen.body).toContain('has no implementation actions');
      const badAction = await browser.post(`/meetings/${extraordinary.id}/actions`, {
        agendaItemId: String(item.id),
        description: 'Publish the consolidated SEC',
        ownerOrganisationId: '',
        dueDate: '2026-12-15',
      });
      expect(badAction.statusCode).toBe(400);
      expect(badAction.body).toContain(`href="#ownerOrganisationId-${item.id}"`);
      const recorded = await browser.post(`/meetings/${extraordinary.id}/actions`, {
        agendaItemId: String(item.id),
        description: 'Publish the consolidated SEC',
        ownerOrganisationId: String(dcc),
        dueDate: '2026-12-15',
      });
      expect(recorded.statusCode).toBe(303);
      const after = await browser.get(`/meetings/${extraordinary.id}`);
      expect(after.body).toContain('Action recorded');
      expect(after.body).toContain('Publish the consolidated SEC');
      expect((await browser.post(`/meetings/${extraordinary.id}/close`, {})).statusCode).toBe(303);
      expect((await browser.get(`/meetings/${extraordinary.id}`)).body).toContain(
        'its record is final',
      );
      t.clock.set('2026-11-27T10:00:00Z');
    });
  },
);
