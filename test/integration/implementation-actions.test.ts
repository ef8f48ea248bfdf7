import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  auditEvents,
  givenApproval,
  givenCast,
  givenMeetings,
  homeOf,
  type Cast,
} from '../support/implementation-fixtures.ts';
import {
  createTestApp,
  givenOrganisation,
  givenUser,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)('Implementation actions (D10.3, D10.4) on %s', (engine) => {
  let t: TestApp;
  let cast: Cast;
  let unrelated: TestUser;
  let reference: string;
  let actionId: number;
  const overdueTitle = () => `Overdue action on ${reference}`;

  const as = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(t)(...args);

  beforeAll(async () => {
    t = await createTestApp(engine);
    cast = await givenCast(t.ctx);
    unrelated = await givenUser(t.ctx, 'party', {
      organisationId: await givenOrganisation(t.ctx, 'Kestrel Community Power Ltd'),
    });
    const meetings = await givenMeetings(t, cast.secas, ['2026-11-13']);
    const approved = await givenApproval(t, cast.secas, '2026-11-10');
    reference = approved.reference;
    const response = await as(
      cast.chair,
      'POST',
      `/api/v1/meetings/${meetings['2026-11-13']}/actions`,
      {
        agendaItemId: approved.placement?.agendaItemId,
        description: 'Deploy the DUIS change to the test environment',
        ownerOrganisationId: cast.orgs.dcc,
        dueDate: '2026-11-20',
      },
    );
    actionId = response.json<{ id: number }>().id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.3: an action past its due date shows on the home page of the Panel Chair, a Panel member, SECAS and a DCC user, not an unrelated Party', async () => {
    for (const user of [cast.chair, cast.member, cast.secas, cast.dccUsers[0]]) {
      expect(await homeOf(t, user)).toContain(overdueTitle());
    }
    expect(await homeOf(t, unrelated)).not.toContain(overdueTitle());
  });

  it('D10.3: the API lists overdue actions: all of them for the Panel, the owner’s own for a Party', async () => {
    const forChair = await as(cast.chair, 'GET', '/api/v1/actions?overdue=true');
    expect(forChair.json()).toEqual([
      expect.objectContaining({ id: actionId, overdue: true, ownerName: 'Smart DCC Ltd' }),
    ]);
    const forDcc = await as(cast.dccUsers[0], 'GET', '/api/v1/actions?overdue=true');
    expect(forDcc.json<{ id: number }[]>().map((a) => a.id)).toEqual([actionId]);
    expect((await as(unrelated, 'GET', '/api/v1/actions?overdue=true')).json()).toEqual([]);
    // On its due date an action is not overdue yet.
    t.clock.set('2026-11-20T12:00:00Z');
    expect((await as(cast.chair, 'GET', '/api/v1/actions?overdue=true')).json()).toEqual([]);
    t.clock.set('2026-11-27T10:00:00Z');
  });

  it('D10.4: the owner marks the action done; it is no longer overdue, and a second attempt is refused', async () => {
    expect(
      (await as(unrelated, 'POST', `/api/v1/actions/${actionId}/complete`, {})).statusCode,
    ).toBe(403);
    const stale = await as(cast.dccUsers[1], 'POST', `/api/v1/actions/${actionId}/complete`, {
      version: 9,
    });
    expect(stale.statusCode).toBe(409);
    const done = await as(cast.dccUsers[1], 'POST', `/api/v1/actions/${actionId}/complete`, {
      version: 1,
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', overdue: false });
    const row = await t.ctx.db
      .selectFrom('implementation_action')
      .selectAll()
      .where('id', '=', actionId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', version: 2 });
    expect(row.completed_at).not.toBeNull();
    expect(await auditEvents(t.ctx, 'implementation_action.completed')).toHaveLength(1);
    const again = await as(cast.chair, 'POST', `/api/v1/actions/${actionId}/complete`, {});
    expect(again.statusCode).toBe(409);
    expect(await auditEvents(t.ctx, 'implementation_action.completed')).toHaveLength(1);
    expect(await homeOf(t, cast.chair)).not.toContain(overdueTitle());
  });
});
