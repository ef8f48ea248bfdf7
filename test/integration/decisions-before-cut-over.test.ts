import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  givenCast,
  givenMeetings,
  givenModification,
} from '../support/implementation-fixtures.ts';
import { BrowserSession, createTestApp, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES, givenCutOver } from '../support/test-db.ts';

/*
 * Ruling 13: a Change Board or Authority decision dated before the cut-over is history ("held
 * outside secrel, with the published document attached"), even when it reaches secrel through
 * the live route: it is refused without its published source, and flagged with it on the page
 * and in the API. A decision dated on or after the cut-over is live and takes no outside source.
 * The clock stands at Friday 27 November 2026; the cut-over is 2 November 2026.
 */

const SOURCE_URL = 'https://smartenergycodecompany.co.uk/modifications/mp703/';
const LABEL = 'Held outside secrel';

describe.each(ENGINES)('Ruling 13: decisions dated before the cut-over, on %s', (engine) => {
  let t: TestApp;
  let secas: TestUser;

  const decide = (id: number, payload: object) =>
    apiAs(t)(secas, 'POST', `/api/v1/modifications/${id}/decisions`, payload);
  const footprint = async (id: number) => ({
    modification: await t.ctx.db
      .selectFrom('modification')
      .select(['status', 'approved_on', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    decisions: (
      await t.ctx.db.selectFrom('decision').select('id').where('modification_id', '=', id).execute()
    ).length,
    sources: (await t.ctx.db.selectFrom('history_source').select('subject_id').execute()).length,
    events: (await t.ctx.db.selectFrom('audit_event').select('seq').execute()).length,
  });

  beforeAll(async () => {
    t = await createTestApp(engine);
    ({ secas } = await givenCast(t.ctx));
    await givenMeetings(t, secas, ['2026-12-11']);
    await givenCutOver(t.ctx.db, '2026-11-02');
  });
  afterAll(async () => {
    await t.close();
  });

  it('Ruling 13: a decision dated before the cut-over without its published source is refused (history_source_required); nothing changes', async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const before = await footprint(m.id);
    const refused = await decide(m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-10-20',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'history_source_required', field: 'sourceUrl' });
    expect(refused.json<{ message: string }>().message).toContain(
      'before the cut-over (2026-11-02)',
    );
    const blank = await decide(m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-10-20',
      sourceUrl: '  ',
      sourceSummary: '',
    });
    expect(blank.json()).toMatchObject({ code: 'history_source_required' });
    const notAnAddress = await decide(m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-10-20',
      sourceUrl: 'the SEC website',
    });
    expect(notAnAddress.statusCode).toBe(400);
    expect(notAnAddress.json()).toMatchObject({ code: 'validation_failed', field: 'sourceUrl' });
    expect(await footprint(m.id)).toEqual(before);
  });

  it('Ruling 13: with its source, the decision is recorded as history and flagged in the API, on the page and in the audit event', async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const recorded = await decide(m.id, {
      kind: 'change_board_decision',
      outcome: 'approve',
      decidedOn: '2026-10-20',
      sourceUrl: SOURCE_URL,
      sourceSummary: 'The Change Board approved it on 20 October 2026.',
    });
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json()).toMatchObject({
      modification: { status: 'approved', approvedOn: '2026-10-20' },
    });
    const listed = await apiAs(t)(secas, 'GET', `/api/v1/modifications/${m.id}/decisions`);
    expect(listed.json<unknown[]>()).toHaveLength(1);
    expect(listed.json()).toMatchObject([
      {
        decidedOn: '2026-10-20',
        heldOutsideSecrel: true,
        historySource: {
          url: SOURCE_URL,
          summary: 'The Change Board approved it on 20 October 2026.',
        },
      },
    ]);
    const event = await t.ctx.db
      .selectFrom('audit_event')
      .select('after')
      .where('action', '=', 'decision.recorded')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.after).toMatchObject({
      heldOutsideSecrel: true,
      source: { url: SOURCE_URL },
    });
    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const page = await browser.get(`/modifications/${m.id}/implementation`);
    const decisions = page.body.slice(page.body.indexOf('id="decisions"')).split('</table>')[0];
    expect(decisions).toContain(LABEL);
  });

  it('Ruling 13: a decision dated on or after the cut-over is live: a source is refused (history_after_cut_over) and, without one, it is not flagged', async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const before = await footprint(m.id);
    const refused = await decide(m.id, {
      kind: 'change_board_decision',
      outcome: 'reject',
      decidedOn: '2026-11-02',
      sourceSummary: 'Rejected',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'history_after_cut_over',
      field: 'sourceSummary',
    });
    expect(await footprint(m.id)).toEqual(before);
    const live = await decide(m.id, {
      kind: 'change_board_decision',
      outcome: 'reject',
      decidedOn: '2026-11-02',
    });
    expect(live.statusCode).toBe(201);
    const listed = await apiAs(t)(secas, 'GET', `/api/v1/modifications/${m.id}/decisions`);
    expect(listed.json<unknown[]>()).toHaveLength(1);
    expect(listed.json()).toMatchObject([{ heldOutsideSecrel: false, historySource: null }]);
  });

  it('Ruling 13: the decision form asks for the source of a decision before the cut-over and names the field when it is missing', async () => {
    const m = await givenModification(t.ctx, { path: 'path3', status: 'change_board' });
    const browser = new BrowserSession(t.app);
    await browser.signIn(secas.email);
    const page = await browser.get(`/modifications/${m.id}/implementation`);
    expect(page.body).toContain('id="decision-sourceUrl"');
    expect(page.body).toContain('before the cut-over (2 November 2026)');
    const form = {
      version: String(m.version),
      kind: 'change_board_decision',
      outcome: 'approve',
      'decidedOn-day': '20',
      'decidedOn-month': '10',
      'decidedOn-year': '2026',
    };
    const refused = await browser.post(`/modifications/${m.id}/implementation/decisions`, form);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#decision-sourceUrl"');
    const done = await browser.post(`/modifications/${m.id}/implementation/decisions`, {
      ...form,
      sourceUrl: SOURCE_URL,
    });
    expect(done.statusCode).toBe(303);
    const after = await browser.get(`/modifications/${m.id}/implementation`);
    expect(after.body).toContain(LABEL);
  });
});
