import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  givenApproval,
  givenCast,
  givenMeetings,
  type Cast,
} from '../support/implementation-fixtures.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

// The clock stands at Friday 27 November 2026, 10:00 UTC.
describe.each(ENGINES)('Panel meeting pages on %s', (engine) => {
  let t: TestApp;
  let cast: Cast;
  let meetings: Record<string, number>;
  let browser: BrowserSession;

  beforeAll(async () => {
    t = await createTestApp(engine);
    cast = await givenCast(t.ctx);
    meetings = await givenMeetings(t, cast.secas, ['2026-11-20', '2026-12-11']);
    const decided = await givenApproval(t, cast.secas, '2026-11-16');
    await apiAs(t)(
      cast.chair,
      'POST',
      `/api/v1/meetings/${meetings['2026-11-20']}/agenda/${decided.placement?.agendaItemId}/no-actions`,
      {
        reason: 'SECAS alone implements the text change in the next SEC release',
      },
    );
    browser = new BrowserSession(t.app);
    await browser.signIn(cast.secas.email);
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 3: the calendar lists upcoming meetings with their papers dates, and a bad date is refused with an error summary', async () => {
    const list = await browser.get('/meetings');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('11 December 2026');
    expect(list.body).toContain('4 December 2026');
    const refused = await browser.post('/meetings', { heldOn: 'next Friday', kind: 'ordinary' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(refused.body).toContain('href="#heldOn"');
    const created = await browser.post('/meetings', {
      heldOn: '2026-12-01',
      kind: 'extraordinary',
    });
    expect(created.statusCode).toBe(303);
    const page = await browser.get(created.headers.location ?? '/meetings');
    expect(page.body).toContain(
      'Panel meeting on 1 December 2026 scheduled; papers due 24 November 2026.',
    );
  });

  it('D10.2: the meeting page shows the agenda with its late paper and the reason for having no actions', async () => {
    const page = await browser.get(`/meetings/${meetings['2026-11-20']}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Late paper');
    expect(page.body).toContain('No actions because: SECAS alone implements');
  });

  it('D10.2: the Panel records an action on the meeting page, and the close button shows why it cannot close until then', async () => {
    const approved = await givenApproval(t, cast.secas, '2026-11-26');
    const meeting = await t.ctx.db
      .selectFrom('panel_meeting')
      .select('id')
      .where('held_on', '=', '2026-12-01')
      .executeTakeFirstOrThrow();
    const itemId = String(approved.placement?.agendaItemId);
    expect(approved.placement?.meetingId).toBe(meeting.id);
    const page = await browser.get(`/meetings/${meeting.id}`);
    expect(page.body).toContain('Implementation actions (D10.2)');
    expect(page.body).toContain('has no implementation actions and no reason recorded');
    // Issue 13: the action and no-actions fields count characters to the limit the rule enforces.
    for (const field of ['description', 'reason'])
      expect(page.body).toMatch(
        new RegExp(`data-maxlength="4000">[\\s\\S]{0,400}id="${field}-${itemId}"`),
      );
    const early = await browser.post(`/meetings/${meeting.id}/close`, {});
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('cannot close before it is held');

    // The meeting day: a new session, as the one above has been idle too long by then.
    t.clock.set('2026-12-01T15:00:00Z');
    await browser.signIn(cast.secas.email);
    await browser.get(`/meetings/${meeting.id}`);
    const refused = await browser.post(`/meetings/${meeting.id}/close`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain(`href="#ref-${approved.reference}"`);
    const bad = await browser.post(`/meetings/${meeting.id}/actions`, {
      agendaItemId: itemId,
      description: 'Publish the consolidated SEC',
      ownerOrganisationId: '',
      dueDate: '2026-12-15',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`href="#ownerOrganisationId-${itemId}"`);
    expect(bad.body).toContain('Publish the consolidated SEC');
    const recorded = await browser.post(`/meetings/${meeting.id}/actions`, {
      agendaItemId: itemId,
      description: 'Publish the consolidated SEC',
      ownerOrganisationId: String(cast.orgs.dcc),
      dueDate: '2026-12-15',
    });
    expect(recorded.statusCode).toBe(303);
    const after = await browser.get(`/meetings/${meeting.id}`);
    expect(after.body).toContain('Action recorded');
    expect(after.body).toContain('Publish the consolidated SEC');
    expect((await browser.post(`/meetings/${meeting.id}/close`, {})).statusCode).toBe(303);
    expect((await browser.get(`/meetings/${meeting.id}`)).body).toContain('its record is final');
    t.clock.set('2026-11-27T10:00:00Z');
  });

  it('Permissions: a Party sees the calendar but has no forms, and a form post is refused', async () => {
    const party = new BrowserSession(t.app);
    await party.signIn(cast.party.email);
    const page = await party.get(`/meetings/${meetings['2026-12-11']}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Close meeting');
    expect(
      (await party.post('/meetings', { heldOn: '2027-01-08', kind: 'ordinary' })).statusCode,
    ).toBe(403);
    expect(
      await t.ctx.db
        .selectFrom('panel_meeting')
        .select('id')
        .where('held_on', '=', '2027-01-08')
        .execute(),
    ).toHaveLength(0);
  });
});
