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

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)('Implementation timetables (D6.8(c), D10.5, D10.6) on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;
  let chair: TestUser;
  let authority: TestUser;
  let dccUser: TestUser;
  let party: TestUser;
  let dcc: number;
  let secasOrg: number;
  let otherParty: number;
  const meetings: Record<string, number> = {};
  let mod: { id: number; reference: string };
  let openAction: number;
  let doneAction: number;
  let challengeId: number;

  const as = (user: TestUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(user), ...(payload ? { payload } : {}) });
  const timetableRows = (id: number) =>
    t.ctx.db
      .selectFrom('implementation_timetable')
      .selectAll()
      .where('modification_id', '=', id)
      .orderBy('id')
      .execute();
  const version = async (id: number) =>
    (
      await t.ctx.db
        .selectFrom('modification')
        .select('version')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).version;
  const homeOf = async (user: TestUser) => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(user.email);
    return (await browser.get('/home')).body;
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    secasOrg = await givenOrganisation(t.ctx, 'SECAS (Gemserv)', 'code_administrator');
    secas = await givenUser(t.ctx, 'code_administrator', { organisationId: secasOrg });
    chair = await givenUser(t.ctx, 'panel_chair');
    const ofgem = await givenOrganisation(t.ctx, 'Ofgem', 'authority');
    authority = await givenUser(t.ctx, 'authority', { organisationId: ofgem });
    dcc = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc');
    dccUser = await givenUser(t.ctx, 'dcc', { organisationId: dcc });
    const supplier = await givenOrganisation(t.ctx, 'Northwind Energy plc');
    party = await givenUser(t.ctx, 'party', { organisationId: supplier });
    otherParty = await givenOrganisation(t.ctx, 'Albion Power Ltd');
    for (const heldOn of ['2026-11-13', '2026-12-11']) {
      const response = await as(secas, 'POST', '/api/v1/meetings', { heldOn, kind: 'ordinary' });
      meetings[heldOn] = response.json<{ meeting: { id: number } }>().meeting.id;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('D6.8(c): amending the timetable of a Path 1 modification or an ALV is refused with path1_timetable_fixed, and nothing changes', async () => {
    for (const path of ['path1', 'alv'] as const) {
      const m = await givenModification(t.ctx, {
        path,
        status: path === 'alv' ? 'modification_proposal' : 'refinement',
        implementationDate: '2027-06-24',
      });
      const response = await as(secas, 'PUT', `/api/v1/modifications/${m.id}/timetable`, {
        implementationDate: '2027-11-04',
        version: m.version,
      });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'path1_timetable_fixed' });
      expect(await timetableRows(m.id)).toEqual([
        expect.objectContaining({ implementation_date: '2027-06-24', superseded_at: null }),
      ]);
      expect(await version(m.id)).toBe(m.version);
    }
    expect(await auditEvents(t.ctx, 'timetable.amended')).toHaveLength(0);
  });

  it('D6.8(c): a Path 3 timetable is amended in refinement; the old version stays in history', async () => {
    const m = await givenModification(t.ctx, {
      path: 'path3',
      status: 'refinement',
      implementationDate: '2027-06-24',
    });
    expect(
      (
        await as(party, 'PUT', `/api/v1/modifications/${m.id}/timetable`, {
          implementationDate: '2027-11-04',
        })
      ).statusCode,
    ).toBe(403);
    const past = await as(secas, 'PUT', `/api/v1/modifications/${m.id}/timetable`, {
      implementationDate: '2026-11-27',
    });
    expect(past.json()).toMatchObject({ code: 'validation_failed', field: 'implementationDate' });
    const stale = await as(secas, 'PUT', `/api/v1/modifications/${m.id}/timetable`, {
      implementationDate: '2027-11-04',
      version: m.version + 5,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });

    const response = await as(secas, 'PUT', `/api/v1/modifications/${m.id}/timetable`, {
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
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ implementation_date: '2027-06-24', source: 'proposal' });
    expect(rows[0]?.superseded_at).not.toBeNull();
    expect(rows[1]).toMatchObject({
      implementation_date: '2027-11-04',
      source: 'refinement',
      superseded_at: null,
    });
    expect(await version(m.id)).toBe(m.version + 1);
    const [event] = await auditEvents(t.ctx, 'timetable.amended');
    expect(event?.before).toMatchObject({ implementationDate: '2027-06-24' });

    const reported = await givenModification(t.ctx, {
      path: 'path3',
      status: 'report_phase',
      implementationDate: '2027-06-24',
    });
    const outside = await as(secas, 'PUT', `/api/v1/modifications/${reported.id}/timetable`, {
      implementationDate: '2027-11-04',
    });
    expect(outside.statusCode).toBe(409);
    expect(outside.json()).toMatchObject({ code: 'invalid_transition' });
  });

  it('D10.5: representations come from SECAS or a Party for itself, on an approved modification', async () => {
    const pending = await givenModification(t.ctx, {
      path: 'path2',
      status: 'authority_decision',
      implementationDate: '2027-02-25',
    });
    const decided = await as(authority, 'POST', `/api/v1/modifications/${pending.id}/decisions`, {
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn: '2026-11-10',
    });
    expect(decided.json()).toMatchObject({ placement: { meetingId: meetings['2026-11-13'] } });
    mod = pending;
    const item = await t.ctx.db
      .selectFrom('agenda_item')
      .select('id')
      .where('modification_id', '=', mod.id)
      .executeTakeFirstOrThrow();
    const record = async (owner: number, dueDate: string) =>
      (
        await as(chair, 'POST', `/api/v1/meetings/${meetings['2026-11-13']}/actions`, {
          agendaItemId: item.id,
          description: `Action for ${owner} due ${dueDate}`,
          ownerOrganisationId: owner,
          dueDate,
        })
      ).json<{ id: number }>().id;
    openAction = await record(dcc, '2026-12-10');
    doneAction = await record(secasOrg, '2026-11-20');
    expect((await as(secas, 'POST', `/api/v1/actions/${doneAction}/complete`, {})).statusCode).toBe(
      200,
    );

    const own = await as(party, 'POST', `/api/v1/modifications/${mod.id}/representations`, {
      text: 'Our systems cannot be ready by 25 February 2027: the DCC test window is too short.',
    });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ fromOrganisation: 'Northwind Energy plc' });
    const forAnother = await as(party, 'POST', `/api/v1/modifications/${mod.id}/representations`, {
      text: 'On their behalf',
      fromOrganisationId: otherParty,
    });
    expect(forAnother.statusCode).toBe(403);
    const bySecas = await as(secas, 'POST', `/api/v1/modifications/${mod.id}/representations`, {
      text: 'Received by letter',
      fromOrganisationId: otherParty,
    });
    expect(bySecas.json()).toMatchObject({ fromOrganisation: 'Albion Power Ltd' });
    expect(
      (
        await as(authority, 'POST', `/api/v1/modifications/${mod.id}/representations`, {
          text: 'No',
        })
      ).statusCode,
    ).toBe(403);
    const notApproved = await givenModification(t.ctx, { path: 'path3', status: 'refinement' });
    expect(
      (
        await as(party, 'POST', `/api/v1/modifications/${notApproved.id}/representations`, {
          text: 'Too soon',
        })
      ).json(),
    ).toMatchObject({ code: 'invalid_transition' });
    expect(await auditEvents(t.ctx, 'timetable.representation_recorded')).toHaveLength(2);
  });

  it('D10.5: the Panel’s request, then the Authority’s direction replaces the timetable and moves the open actions’ due dates', async () => {
    expect(
      (
        await as(party, 'POST', `/api/v1/modifications/${mod.id}/authority-requests`, {
          reason: 'x',
        })
      ).statusCode,
    ).toBe(403);
    const requested = await as(
      chair,
      'POST',
      `/api/v1/modifications/${mod.id}/authority-requests`,
      {
        reason: 'Parties represent that 25 February 2027 is not reasonably practicable',
        proposedDate: '2027-06-24',
      },
    );
    expect(requested.statusCode).toBe(201);
    const request = requested.json<{
      id: number;
      status: string;
      requestedOn: string;
      version: number;
    }>();
    expect(request).toMatchObject({ status: 'pending', requestedOn: '2026-11-27' });
    const mail = await t.ctx.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', authority.email)
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toContain(mod.reference);

    expect(
      (
        await as(secas, 'POST', `/api/v1/authority-requests/${request.id}/direction`, {
          implementationDate: '2027-06-24',
        })
      ).statusCode,
    ).toBe(403);
    const directed = await as(
      authority,
      'POST',
      `/api/v1/authority-requests/${request.id}/direction`,
      {
        implementationDate: '2027-06-24',
        version: request.version,
      },
    );
    expect(directed.statusCode).toBe(200);
    // 25 February → 24 June 2027 is 119 days later, so the open action due 10 December 2026 moves to 8 April 2027.
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
    expect(
      (await auditEvents(t.ctx, 'implementation_action.due_date_moved')).map((e) => e.subject_id),
    ).toEqual([String(openAction)]);
    expect(await auditEvents(t.ctx, 'authority_request.directed')).toHaveLength(1);
    const moved = await t.ctx.db
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', dccUser.email)
      .orderBy('id')
      .execute();
    expect(moved.at(-1)?.subject).toContain('New due date');

    const again = await as(
      authority,
      'POST',
      `/api/v1/authority-requests/${request.id}/direction`,
      { implementationDate: '2027-11-04' },
    );
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'decision_not_allowed' });

    const second = (
      await as(secas, 'POST', `/api/v1/modifications/${mod.id}/authority-requests`, {
        reason: 'A further delay',
      })
    ).json<{ id: number }>();
    const declined = await as(
      authority,
      'POST',
      `/api/v1/authority-requests/${second.id}/decline`,
      { reason: 'Not justified' },
    );
    expect(declined.json()).toMatchObject({ status: 'declined', directedOn: '2026-11-27' });
    expect((await timetableRows(mod.id)).filter((r) => r.superseded_at === null)).toHaveLength(1);
  });

  it('D10.6: a challenge to a Change Board approval is refused; only the Authority’s approval is appealed here', async () => {
    const m = await givenModification(t.ctx, {
      path: 'path3',
      status: 'approved',
      approvedOn: '2026-11-02',
      approvedBy: 'change_board',
    });
    const response = await as(secas, 'POST', `/api/v1/modifications/${m.id}/challenges`, {
      kind: 'appeal_s173',
      lodgedOn: '2026-11-20',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'decision_not_allowed' });
  });

  it('D10.6: a challenge → the Panel decides delay is appropriate → the request is outstanding and the meeting cannot close until it is made', async () => {
    expect(
      (
        await as(party, 'POST', `/api/v1/modifications/${mod.id}/challenges`, {
          kind: 'appeal_s173',
          lodgedOn: '2026-11-20',
        })
      ).statusCode,
    ).toBe(403);
    const recorded = await as(authority, 'POST', `/api/v1/modifications/${mod.id}/challenges`, {
      kind: 'appeal_s173',
      lodgedOn: '2026-11-20',
      details: 'Appeal to the CMA by a Large Supplier Party',
    });
    expect(recorded.statusCode).toBe(201);
    const body = recorded.json<{
      challenge: { id: number; delayAppropriate: null };
      placement: { meetingId: number; latePaper: boolean };
    }>();
    challengeId = body.challenge.id;
    expect(body.placement).toMatchObject({ meetingId: meetings['2026-12-11'], latePaper: false });
    expect(await auditEvents(t.ctx, 'legal_challenge.recorded')).toHaveLength(1);

    expect(
      (
        await as(party, 'POST', `/api/v1/challenges/${challengeId}/delay-decision`, {
          delayAppropriate: true,
        })
      ).statusCode,
    ).toBe(403);
    const decided = await as(chair, 'POST', `/api/v1/challenges/${challengeId}/delay-decision`, {
      delayAppropriate: true,
      reason: 'Implementation would be hard to reverse',
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({
      delayAppropriate: true,
      requestMade: false,
      requestOutstanding: true,
    });
    expect(
      (
        await as(chair, 'POST', `/api/v1/challenges/${challengeId}/delay-decision`, {
          delayAppropriate: false,
        })
      ).statusCode,
    ).toBe(409);

    const outstanding = `Ask the Authority for a new timetable for ${mod.reference}`;
    expect(await homeOf(chair)).toContain(outstanding);
    expect(await homeOf(secas)).toContain(outstanding);
    const record = await as(party, 'GET', `/api/v1/modifications/${mod.id}/implementation`);
    expect(record.json()).toMatchObject({
      challenges: [{ id: challengeId, requestOutstanding: true }],
    });

    t.clock.set('2026-12-11T16:00:00Z');
    const meeting = meetings['2026-12-11'] ?? 0;
    const refused = await as(chair, 'POST', `/api/v1/meetings/${meeting}/close`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'delay_request_required' });
    expect(refused.json<{ message: string }>().message).toContain(mod.reference);

    const request = await as(chair, 'POST', `/api/v1/modifications/${mod.id}/authority-requests`, {
      reason: 'The Panel considers delay appropriate while the appeal is heard',
      challengeId,
    });
    expect(request.statusCode).toBe(201);
    expect(request.json()).toMatchObject({ challengeId });
    const closed = await as(chair, 'POST', `/api/v1/meetings/${meeting}/close`, {});
    expect(closed.statusCode).toBe(200);
    t.clock.set('2026-11-27T10:00:00Z');
    expect(await homeOf(chair)).not.toContain(outstanding);
  });

  it('Pages: the implementation page shows decisions, timetable history, placements, actions, representations, requests and the challenge, and its forms work', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const page = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(page.statusCode).toBe(200);
    for (const text of [
      'Authority decision',
      '10 November 2026',
      'Superseded',
      'Directed by the Authority',
      'Late paper',
      `Action for ${dcc} due 2026-12-10`,
      '8 April 2027',
      'Northwind Energy plc',
      'Declined by the Authority',
      'Appeal under section 173 of the Energy Act 2004',
      'The request to the Authority has been made.',
    ]) {
      expect(page.body).toContain(text);
    }
    const empty = await browser.post(`/modifications/${mod.id}/implementation/representations`, {
      text: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#representation-text"');

    const fresh = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const decisionPage = await browser.get(`/modifications/${fresh.id}/implementation`);
    expect(decisionPage.body).toContain('Record a decision');
    const future = await browser.post(`/modifications/${fresh.id}/implementation/decisions`, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-12-25',
      version: String(fresh.version),
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('href="#decision-decidedOn"');
    const saved = await browser.post(`/modifications/${fresh.id}/implementation/decisions`, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-27',
      version: String(fresh.version),
    });
    expect(saved.statusCode).toBe(303);
    const after = await browser.get(`/modifications/${fresh.id}/implementation`);
    expect(after.body).toContain('Change Board decision recorded');
    // The 11 December meeting has closed, so the approval waits for the next one (ruling 3).
    expect(after.body).toContain('awaiting a Panel meeting');

    const path1 = await givenModification(t.ctx, {
      path: 'path1',
      status: 'refinement',
      implementationDate: '2027-06-24',
    });
    expect((await browser.get(`/modifications/${path1.id}/implementation`)).body).toContain(
      'cannot be amended in refinement',
    );
  });
});
