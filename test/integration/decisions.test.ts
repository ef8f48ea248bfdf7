import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  auditEvents,
  givenCast,
  givenMeetings,
  givenModification,
  type Placement,
} from '../support/implementation-fixtures.ts';
import { createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';

interface Recorded {
  decision: { kind: string; body: string; outcome: string; decidedOn: string };
  modification: { status: string; approvedOn: string | null; approvedBy: string | null };
  placement: Placement | null;
}

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)('Decisions (D9, D9A.11, ruling 4) on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;
  let authority: TestUser;
  let party: TestUser;
  let meetings: Record<string, number>;

  // Dated before the fixtures' cut-over: each decision is history, with its source (ruling 13).
  const decide = (user: TestUser, id: number, payload: object) =>
    apiAs(t)(user, 'POST', `/api/v1/modifications/${id}/decisions`, {
      ...FIXTURE_SOURCE,
      ...payload,
    });
  const modificationRow = (id: number) =>
    t.ctx.db.selectFrom('modification').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const decisionCount = async (id: number) =>
    (await t.ctx.db.selectFrom('decision').select('id').where('modification_id', '=', id).execute())
      .length;
  const agendaOf = (id: number) =>
    t.ctx.db.selectFrom('agenda_item').selectAll().where('modification_id', '=', id).execute();

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ secas, authority, party } = await givenCast(t.ctx));
    meetings = await givenMeetings(t, secas, ['2026-11-13', '2026-11-27', '2026-12-11']);
  });
  afterAll(async () => {
    await t.close();
  });

  it("Ruling 4 / D9: Path 3 approval is the Change Board's, dated the day it decided; D10.2: it goes on the next meeting, not one on the approval day", async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const response = await decide(secas, m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-27',
      notes: 'Approved unanimously',
      version: m.version,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json<Recorded>();
    expect(body.decision).toMatchObject({
      kind: 'change_board_decision',
      body: 'change_board',
      outcome: 'approve',
    });
    expect(body.modification).toMatchObject({
      status: 'approved',
      approvedOn: '2026-11-27',
      approvedBy: 'change_board',
    });
    // The meeting held on the approval day itself is not "the next Panel meeting" (ruling 3).
    expect(body.placement).toMatchObject({
      meetingId: meetings['2026-12-11'],
      heldOn: '2026-12-11',
      latePaper: false,
    });

    const row = await modificationRow(m.id);
    expect(row).toMatchObject({
      status: 'approved',
      approved_on: '2026-11-27',
      approved_by: 'change_board',
    });
    expect(row.version).toBeGreaterThan(m.version);
    const agenda = await agendaOf(m.id);
    expect(agenda).toHaveLength(1);
    expect(agenda[0]).toMatchObject({
      meeting_id: meetings['2026-12-11'],
      kind: 'implementation_actions',
      late_paper: false,
    });

    const recorded = (await auditEvents(t.ctx, 'decision.recorded')).filter(
      (e) => (e.after as { modificationId: number }).modificationId === m.id,
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.reason).toBe('Approved unanimously');
    const moved = (await auditEvents(t.ctx, 'modification.status_changed')).filter(
      (e) => e.subject_id === String(m.id),
    );
    expect(moved.map((e) => e.after)).toEqual([
      expect.objectContaining({ status: 'approved', cause: 'decision' }),
    ]);
    const placed = (await auditEvents(t.ctx, 'agenda_item.placed')).filter(
      (e) => (e.after as { modificationId: number }).modificationId === m.id,
    );
    expect(placed).toHaveLength(1);
  });

  it('Ruling 3: an approval placed after the meeting’s papers were issued is flagged late paper and stays on that meeting', async () => {
    const m = await givenModification(t.ctx, { path: 'fast_track', status: 'change_board' });
    const response = await decide(secas, m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-12',
    });
    expect(response.statusCode).toBe(201);
    // The 13 November meeting's papers were due on Friday 6 November, before today.
    expect(response.json<Recorded>().placement).toMatchObject({
      meetingId: meetings['2026-11-13'],
      papersDue: '2026-11-06',
      latePaper: true,
    });
    expect((await agendaOf(m.id))[0]).toMatchObject({ late_paper: true });
  });

  it('D9: a Path 3 rejection moves it to rejected and puts nothing on the agenda', async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const response = await decide(secas, m.id, {
      kind: 'change_board_decision',
      outcome: 'reject',
      decidedOn: '2026-11-25',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json<Recorded>()).toMatchObject({
      modification: { status: 'rejected', approvedOn: null },
      placement: null,
    });
    expect(await agendaOf(m.id)).toHaveLength(0);
  });

  it('Path 2 needs the Change Board recommendation first; then the Authority decides and its date is the approval date', async () => {
    const m = await givenModification(t.ctx, { path: 'path2', status: 'change_board' });
    const early = await decide(authority, m.id, {
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'decision_not_allowed',
      message: "Path 2 needs the Change Board's recommendation first",
    });

    const recommended = await decide(secas, m.id, {
      kind: 'change_board_recommendation',
      outcome: 'approve',
      decidedOn: '2026-11-04',
    });
    expect(recommended.statusCode).toBe(201);
    expect(recommended.json<Recorded>()).toMatchObject({
      decision: { body: 'change_board' },
      modification: { status: 'authority_decision', approvedOn: null, approvedBy: null },
      placement: null,
    });

    // The Change Board's secretariat cannot record the Authority's decision.
    const bySecas = await decide(secas, m.id, {
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(bySecas.statusCode).toBe(403);
    const beforeRecommendation = await decide(authority, m.id, {
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn: '2026-11-03',
    });
    expect(beforeRecommendation.statusCode).toBe(400);
    expect(beforeRecommendation.json()).toMatchObject({
      code: 'validation_failed',
      field: 'decidedOn',
    });

    const approved = await decide(authority, m.id, {
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(approved.statusCode).toBe(201);
    expect(approved.json<Recorded>()).toMatchObject({
      decision: { body: 'authority' },
      modification: { status: 'approved', approvedOn: '2026-11-20', approvedBy: 'authority' },
      placement: { meetingId: meetings['2026-11-27'], latePaper: true },
    });
    const listed = await apiAs(t)(party, 'GET', `/api/v1/modifications/${m.id}/decisions`);
    expect(listed.statusCode).toBe(200);
    expect(
      listed
        .json<{ kind: string; body: string; decidedOn: string }[]>()
        .map((d) => [d.kind, d.body, d.decidedOn]),
    ).toEqual([
      ['change_board_recommendation', 'change_board', '2026-11-04'],
      ['authority_decision', 'authority', '2026-11-20'],
    ]);
  });

  it('D9A.11 / D10.1: an ALV is decided by the Authority, never the Change Board', async () => {
    const m = await givenModification(t.ctx, {
      reference: 'MP200',
      path: 'alv',
      status: 'authority_decision',
    });
    const byBoard = await decide(secas, m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(byBoard.statusCode).toBe(409);
    expect(byBoard.json()).toMatchObject({ code: 'decision_not_allowed', field: 'kind' });
    const byAuthority = await decide(authority, m.id, {
      kind: 'authority_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(byAuthority.statusCode).toBe(201);
    expect(byAuthority.json<Recorded>().modification).toMatchObject({
      status: 'approved',
      approvedBy: 'authority',
    });
  });

  it('A Party recording a decision is refused with 403 and nothing changes', async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const auditBefore = (await t.ctx.db.selectFrom('audit_event').select('seq').execute()).length;
    const response = await decide(party, m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    expect(await modificationRow(m.id)).toMatchObject({
      status: 'change_board',
      approved_on: null,
      version: m.version,
    });
    expect(await decisionCount(m.id)).toBe(0);
    expect(await agendaOf(m.id)).toHaveLength(0);
    expect((await t.ctx.db.selectFrom('audit_event').select('seq').execute()).length).toBe(
      auditBefore,
    );
  });

  it.each([
    [
      { kind: 'change_board_decision', outcome: 'approve', decidedOn: '2026-11-28' },
      400,
      'decidedOn',
    ],
    [
      { kind: 'change_board_decision', outcome: 'approve', decidedOn: '2026-02-30' },
      400,
      'decidedOn',
    ],
    [
      { kind: 'change_board_decision', outcome: 'approve', decidedOn: '2025-12-31' },
      400,
      'decidedOn',
    ],
    [{ kind: 'change_board_decision', outcome: 'maybe', decidedOn: '2026-11-20' }, 400, 'outcome'],
    [{ kind: 'panel_decision', outcome: 'approve', decidedOn: '2026-11-20' }, 400, 'kind'],
    [{ kind: 'change_board_decision', outcome: 'approve' }, 400, 'decidedOn'],
    [
      { kind: 'change_board_decision', outcome: 'approve', decidedOn: '2026-11-20', version: 99 },
      409,
      'version',
    ],
  ])(
    'Bad input %j is refused with %i naming %s, and nothing changes',
    async (payload, status, field) => {
      const m = await givenModification(t.ctx, {
        path: 'path3',
        status: 'change_board',
        raisedOn: '2026-01-09',
      });
      const response = await decide(secas, m.id, payload);
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ field });
      expect(await modificationRow(m.id)).toMatchObject({
        status: 'change_board',
        version: m.version,
      });
      expect(await decisionCount(m.id)).toBe(0);
    },
  );

  it('A decision on a modification that is not at the Change Board is refused with the reason', async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'refinement' });
    const response = await decide(secas, m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json<{ message: string }>().message).toMatch(/Refinement Process/);
    const missing = await decide(secas, 999_999, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-11-20',
    });
    expect(missing.statusCode).toBe(404);
  });
});
