import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_SOURCE } from '../support/cut-over.ts';
import {
  apiAs,
  givenCast,
  givenMeetings,
  givenModification,
  type Cast,
} from '../support/implementation-fixtures.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)('The implementation page of a modification on %s', (engine) => {
  let t: TestApp;
  let cast: Cast;
  let mod: { id: number; reference: string };
  let requestId: number;

  const as = (...args: Parameters<ReturnType<typeof apiAs>>) => apiAs(t)(...args);
  const signedIn = async (user: Cast['secas']) => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(user.email);
    return browser;
  };

  beforeAll(async () => {
    t = await createTestApp(engine);
    cast = await givenCast(t.ctx);
    const meetings = await givenMeetings(t, cast.secas, ['2026-11-13', '2026-12-11']);
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
    await as(cast.chair, 'POST', `/api/v1/meetings/${meetings['2026-11-13']}/actions`, {
      agendaItemId: decided.json<{ placement: { agendaItemId: number } }>().placement.agendaItemId,
      description: 'Deploy the readiness reporting change',
      ownerOrganisationId: cast.orgs.dcc,
      dueDate: '2026-12-10',
    });
    await as(cast.party, 'POST', `/api/v1/modifications/${mod.id}/representations`, {
      text: 'Not practicable for Northwind',
    });
    const challenge = await as(cast.secas, 'POST', `/api/v1/modifications/${mod.id}/challenges`, {
      kind: 'appeal_s173',
      lodgedOn: '2026-11-20',
    });
    const challengeId = challenge.json<{ challenge: { id: number } }>().challenge.id;
    await as(cast.chair, 'POST', `/api/v1/challenges/${challengeId}/delay-decision`, {
      delayAppropriate: true,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.6: the page warns that the request to the Authority is outstanding, and the Panel Chair makes it through the form', async () => {
    const browser = await signedIn(cast.chair);
    const page = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(page.statusCode).toBe(200);
    for (const text of [
      'Authority decision',
      '10 November 2026',
      'Late paper',
      'Deploy the readiness reporting change',
      'Not practicable for Northwind',
      'Appeal under section 173 of the Energy Act 2004',
    ]) {
      expect(page.body).toContain(text);
    }
    expect(page.body).toContain(
      'A request to the Authority for a new timetable is required and has not been made (D10.6)',
    );
    const empty = await browser.post(`/modifications/${mod.id}/implementation/requests`, {
      reason: '',
      proposedDate: '',
      challengeId: '',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('href="#request-reason"');
    const challenge = await t.ctx.db
      .selectFrom('legal_challenge')
      .select('id')
      .executeTakeFirstOrThrow();
    const made = await browser.post(`/modifications/${mod.id}/implementation/requests`, {
      reason: 'Delay is appropriate while the appeal is heard',
      proposedDate: '2027-06-24',
      challengeId: String(challenge.id),
    });
    expect(made.statusCode).toBe(303);
    const after = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(after.body).toContain('The request for a new timetable has been sent to the Authority.');
    expect(after.body).not.toContain('has not been made (D10.6)');
    requestId = (
      await t.ctx.db.selectFrom('authority_request').select('id').executeTakeFirstOrThrow()
    ).id;
  });

  it('D10.5: the Authority directs the new timetable on the page; the history shows the superseded one and the moved action', async () => {
    const browser = await signedIn(cast.authority);
    const page = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(page.body).toContain('Direct a new timetable');
    const bad = await browser.post(
      `/modifications/${mod.id}/implementation/requests/${requestId}/direction`,
      { implementationDate: '2026-01-01', directedOn: '' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`href="#direction-${requestId}-implementationDate"`);
    const directed = await browser.post(
      `/modifications/${mod.id}/implementation/requests/${requestId}/direction`,
      {
        implementationDate: '2027-06-24',
        directedOn: '',
        version: '1',
      },
    );
    expect(directed.statusCode).toBe(303);
    const after = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(after.body).toContain(
      'New timetable directed: implementation on 24 June 2027; 1 open action moved.',
    );
    expect(after.body).toContain('Superseded');
    expect(after.body).toContain('Directed by the Authority (D10.5)');
    expect(after.body).toContain('8 April 2027');
  });

  it('D9: SECAS records the Change Board’s decision through the page; a future date is refused naming the field', async () => {
    const browser = await signedIn(cast.secas);
    const fresh = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    expect((await browser.get(`/modifications/${fresh.id}/implementation`)).body).toContain(
      'Record a decision',
    );
    const form = {
      kind: 'change_board_decision',
      outcome: 'approve',
      notes: '',
      version: String(fresh.version),
    };
    const future = await browser.post(`/modifications/${fresh.id}/implementation/decisions`, {
      ...form,
      ...FIXTURE_SOURCE,
      decidedOn: '2026-12-25',
    });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('href="#decision-decidedOn"');
    const saved = await browser.post(`/modifications/${fresh.id}/implementation/decisions`, {
      ...form,
      ...FIXTURE_SOURCE,
      decidedOn: '2026-11-27',
    });
    expect(saved.statusCode).toBe(303);
    const after = await browser.get(`/modifications/${fresh.id}/implementation`);
    expect(after.body).toContain(
      'Change Board decision recorded. It is on the agenda of the Panel meeting of 11 December 2026.',
    );
  });

  it('D6.8(c): the page explains that a Path 1 timetable is fixed and offers no amendment; a Path 3 one in refinement is amended', async () => {
    const browser = await signedIn(cast.secas);
    const path1 = await givenModification(t.ctx, {
      path: 'path1',
      status: 'refinement',
      implementationDate: '2027-06-24',
    });
    const fixed = await browser.get(`/modifications/${path1.id}/implementation`);
    expect(fixed.body).toContain('cannot be amended in refinement');
    expect(fixed.body).not.toContain('Amend timetable');
    const path3 = await givenModification(t.ctx, {
      path: 'path3',
      status: 'refinement',
      implementationDate: '2027-06-24',
    });
    await browser.get(`/modifications/${path3.id}/implementation`);
    const amended = await browser.post(`/modifications/${path3.id}/implementation/timetable`, {
      implementationDate: '2027-11-04',
      description: 'To fit the November 2027 SEC Release',
      version: String(path3.version),
    });
    expect(amended.statusCode).toBe(303);
    expect((await browser.get(`/modifications/${path3.id}/implementation`)).body).toContain(
      'now targets 4 November 2027',
    );
  });

  it('D10.4: a DCC user marks the DCC’s action done on the page', async () => {
    const browser = await signedIn(cast.dccUsers[0]);
    const page = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(page.body).toContain('Mark done');
    const action = await t.ctx.db
      .selectFrom('implementation_action')
      .selectAll()
      .executeTakeFirstOrThrow();
    const done = await browser.post(
      `/modifications/${mod.id}/implementation/actions/${action.id}/complete`,
      {
        version: String(action.version),
      },
    );
    expect(done.statusCode).toBe(303);
    const after = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(after.body).toContain('The action is marked done.');
    expect(after.body).not.toContain('Mark done');
  });

  it('Permissions: a Party sees the record without the Panel’s or the Authority’s forms, and their posts are refused', async () => {
    const browser = await signedIn(cast.party);
    const page = await browser.get(`/modifications/${mod.id}/implementation`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Record a decision');
    expect(page.body).not.toContain('Send request to the Authority');
    expect(page.body).toContain('Make representation');
    const refused = await browser.post(`/modifications/${mod.id}/implementation/challenges`, {
      kind: 'judicial_review',
      lodgedOn: '2026-11-20',
      details: '',
    });
    expect(refused.statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('legal_challenge').select('id').execute()).toHaveLength(1);
  });
});
