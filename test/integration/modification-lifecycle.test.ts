import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  auditOf,
  call,
  count,
  givenCast,
  givenCatalogue,
  modificationRow,
  raised,
  type Cast,
} from './modification-fixtures.ts';

describe.each(ENGINES)('the lifecycle of modifications on %s', (engine) => {
  let t: TestApp;
  let c: Cast;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    await givenCatalogue(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const progress = (id: number, body: Record<string, unknown>, user = c.secas) =>
    call(t, user, 'POST', `/api/v1/modifications/${id}/progress`, body);

  it('Lifecycle: only allowed transitions — draft_proposal → change_board is 409 invalid_transition and nothing changes', async () => {
    const id = await raised(t, c.albion, { reference: 'DP117', title: 'Bulk CH returns' });
    const before = await modificationRow(t, id);
    const eventsBefore = await count(t, 'audit_event');
    const response = await progress(id, { to: 'change_board', reason: 'Skip ahead', version: 1 });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'invalid_transition' });
    expect(await modificationRow(t, id)).toEqual(before);
    expect(await count(t, 'audit_event')).toBe(eventsBefore);
    const byParty = await progress(
      id,
      { to: 'modification_proposal', reason: 'x', version: 1, path: 'path3' },
      c.albion,
    );
    expect(byParty.statusCode).toBe(403);
    const noPath = await progress(id, {
      to: 'modification_proposal',
      reason: 'Panel converted it',
      version: 1,
    });
    expect(noPath.json()).toMatchObject({ code: 'validation_failed', field: 'path' });
    const noReason = await progress(id, {
      to: 'modification_proposal',
      reason: '  ',
      version: 1,
      path: 'path3',
    });
    expect(noReason.json()).toMatchObject({ code: 'validation_failed', field: 'reason' });
    expect(await modificationRow(t, id)).toEqual(before);
  });

  it('Lifecycle: DP117 → MP117 on Path 3, then each step to the Change Board, each audited with actor and reason; stale versions get 409', async () => {
    const { id } = await modificationRow(
      t,
      (
        await t.ctx.db
          .selectFrom('modification')
          .select('id')
          .where('reference', '=', 'DP117')
          .executeTakeFirstOrThrow()
      ).id,
    );
    const converted = await progress(
      id,
      {
        to: 'modification_proposal',
        reason: 'Panel 13 March 2020 agreed the problem statement',
        version: 1,
        path: 'path3',
      },
      c.chair,
    );
    expect(converted.statusCode).toBe(200);
    expect(converted.json()).toEqual({
      id,
      reference: 'MP117',
      status: 'modification_proposal',
      version: 2,
    });
    expect(await modificationRow(t, id)).toMatchObject({
      reference: 'MP117',
      path: 'path3',
      status: 'modification_proposal',
      version: 2,
    });
    expect((await modificationRow(t, id)).search_text).toMatch(/^mp117 /);
    const stale = await progress(id, {
      to: 'report_phase',
      reason: 'Straight to the Report Phase',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version', field: 'version' });
    const steps = ['report_phase', 'modification_report_consultation', 'change_board'] as const;
    let version = 2;
    for (const to of steps) {
      const response = await progress(id, { to, reason: `Panel agreed: ${to}`, version });
      expect(response.statusCode, to).toBe(200);
      version = response.json<{ version: number }>().version;
    }
    expect(await modificationRow(t, id)).toMatchObject({ status: 'change_board', version: 5 });
    const events = (await auditOf(t, id)).filter((e) => e.action !== 'modification.raised');
    expect(events.map((e) => [e.action, e.actor_id, e.reason])).toEqual([
      ['modification.converted', c.chair.id, 'Panel 13 March 2020 agreed the problem statement'],
      [
        'modification.status_changed',
        c.chair.id,
        'Panel 13 March 2020 agreed the problem statement',
      ],
      ['modification.status_changed', c.secas.id, 'Panel agreed: report_phase'],
      ['modification.status_changed', c.secas.id, 'Panel agreed: modification_report_consultation'],
      ['modification.status_changed', c.secas.id, 'Panel agreed: change_board'],
    ]);
    expect(events[0]?.before).toEqual({ reference: 'DP117', path: null });
    expect(events.at(-1)?.after).toMatchObject({ status: 'change_board', cause: 'progress' });
    const timeline = await call(
      t,
      c.northwind,
      'GET',
      `/api/v1/modifications/${id}/timeline?limit=2`,
    );
    expect(timeline.statusCode).toBe(200);
    const page = timeline.json<{
      events: { action: string; reason: string; actor: string; seq: number }[];
      nextBefore: number;
    }>();
    expect(page.events.map((e) => e.reason)).toEqual([
      'Panel agreed: change_board',
      'Panel agreed: modification_report_consultation',
    ]);
    expect(page.events[0]?.actor).toMatch(/^Test code_administrator/);
    const older = await call(
      t,
      c.northwind,
      'GET',
      `/api/v1/modifications/${id}/timeline?before=${page.nextBefore}`,
    );
    expect(older.json<{ events: { action: string }[] }>().events.at(-1)?.action).toBe(
      'modification.raised',
    );
  });

  it('D6.8: leaving refinement for the Report Phase is refused while refinement is incomplete', async () => {
    const id = await raised(t, c.albion, {
      reference: 'MP303',
      title: 'Refined change',
      path: 'path2',
      documentIds: ['appendix-ad'],
    });
    const into = await progress(id, {
      to: 'refinement',
      reason: 'Panel sent it to a Working Group',
      version: 1,
    });
    expect(into.statusCode).toBe(200);
    const before = await modificationRow(t, id);
    const out = await progress(id, { to: 'report_phase', reason: 'Done?', version: 2 });
    expect(out.statusCode).toBe(409);
    expect(out.json()).toMatchObject({ code: 'refinement_incomplete' });
    expect(out.json<{ message: string }>().message).toContain('(a)');
    expect(await modificationRow(t, id)).toEqual(before);
  });
});
