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

describe.each(ENGINES)('modification register and lifecycle on %s', (engine) => {
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

  it('Ruling 12: raises in each real reference form, each audited as raised', async () => {
    t.clock.set('2026-11-27T10:00:00Z');
    const secmp0008 = await raised(t, c.secas, {
      reference: 'SECMP0008',
      title: 'Provision of a DCC Alert for Quarantined Service Requests',
      path: 'path2',
      proposerOrgId: c.northwindOrg,
    });
    const response = await call(t, c.secas, 'POST', '/api/v1/modifications', {
      reference: 'secmp0061',
      title: 'Enduring SEC Release Provisions',
      summary: 'Clarify the Panel’s powers over SEC Releases',
      path: 'path2',
      proposerOrgId: c.albionOrg,
      documentIds: ['section-a', 'section-d', 'sec-release-management-policy'],
      dependsOn: ['SECMP0008'],
      proposedImplementationDate: '2027-11-04',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({
      reference: 'SECMP0061',
      status: 'modification_proposal',
      version: 1,
    });
    const id = response.json<{ id: number }>().id;
    expect(await modificationRow(t, id)).toMatchObject({
      reference: 'SECMP0061',
      proposer_org_id: c.albionOrg,
      path: 'path2',
      status: 'modification_proposal',
      raised_on: '2026-11-27',
      search_text:
        'secmp0061 enduring sec release provisions clarify the panel’s powers over sec releases',
    });
    const documents = await t.ctx.db
      .selectFrom('modification_document')
      .select('document_id')
      .where('modification_id', '=', id)
      .orderBy('document_id')
      .execute();
    expect(documents.map((d) => d.document_id)).toEqual([
      'sec-release-management-policy',
      'section-a',
      'section-d',
    ]);
    const dependency = await t.ctx.db
      .selectFrom('modification_dependency')
      .selectAll()
      .where('modification_id', '=', id)
      .execute();
    expect(dependency).toEqual([{ modification_id: id, depends_on_id: secmp0008 }]);
    const timetable = await t.ctx.db
      .selectFrom('implementation_timetable')
      .selectAll()
      .where('modification_id', '=', id)
      .execute();
    expect(timetable).toMatchObject([
      { implementation_date: '2027-11-04', source: 'proposal', superseded_at: null },
    ]);
    const [event] = await auditOf(t, id);
    expect(event).toMatchObject({ action: 'modification.raised', actor_id: c.secas.id });
    expect(event?.after).toMatchObject({
      reference: 'SECMP0061',
      proposerOrgId: c.albionOrg,
      dependsOn: ['SECMP0008'],
    });

    const mp200 = await call(t, c.authority, 'POST', '/api/v1/modifications', {
      reference: 'MP200',
      title: 'Faster Switching consequential changes to the SEC',
      path: 'alv',
    });
    expect(mp200.json()).toMatchObject({ reference: 'MP200', status: 'modification_proposal' });
    const mp102a = await call(t, c.albion, 'POST', '/api/v1/modifications', {
      reference: 'MP102A',
      title: 'Power Outage Alerts triggered by an OTA firmware upgrade',
      path: 'path3',
      documentIds: ['appendix-ad'],
    });
    expect(mp102a.json()).toMatchObject({ reference: 'MP102A', status: 'modification_proposal' });
    expect(await modificationRow(t, mp102a.json<{ id: number }>().id)).toMatchObject({
      proposer_org_id: c.albionOrg,
    });
    const dp090 = await call(t, c.albion, 'POST', '/api/v1/modifications', {
      reference: 'DP090',
      title: 'Incorporation of Non GBCS Non-Mandated Alerts into the SEC',
    });
    expect(dp090.json()).toMatchObject({ reference: 'DP090', status: 'draft_proposal' });
    expect(await modificationRow(t, dp090.json<{ id: number }>().id)).toMatchObject({
      path: null,
      proposer_org_id: c.albionOrg,
    });

    const detail = await call(t, c.northwind, 'GET', `/api/v1/modifications/${id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      reference: 'SECMP0061',
      proposer: { id: c.albionOrg, name: 'Albion Power Ltd' },
      pathName: 'Path 2: Authority Determined',
      dependsOn: [{ reference: 'SECMP0008' }],
      implementationTimetable: { implementationDate: '2027-11-04', source: 'proposal' },
      nextSteps: ['refinement', 'report_phase'],
    });
    expect(
      detail.json<{ documents: { id: string; classes: string[] }[] }>().documents,
    ).toContainEqual(
      expect.objectContaining({
        id: 'sec-release-management-policy',
        classes: ['technical_code_specification'],
      }),
    );
  });

  it('Ruling 12: a duplicate reference is refused with 409 on field reference, and nothing is written', async () => {
    const [rows, events] = [await count(t, 'modification'), await count(t, 'audit_event')];
    const response = await call(t, c.northwind, 'POST', '/api/v1/modifications', {
      reference: 'mp102a',
      title: 'Another',
      path: 'path3',
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'already_exists', field: 'reference' });
    expect([await count(t, 'modification'), await count(t, 'audit_event')]).toEqual([rows, events]);
  });

  it('Fast-Track: a Party gets 403 fast_track_panel_only and nothing is written; a Panel member raises it for the Panel', async () => {
    const [rows, events] = [await count(t, 'modification'), await count(t, 'audit_event')];
    const refused = await call(t, c.albion, 'POST', '/api/v1/modifications', {
      reference: 'MP301',
      title: 'Correct a cross-reference',
      path: 'fast_track',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'fast_track_panel_only', field: 'path' });
    const bySecas = await call(t, c.secas, 'POST', '/api/v1/modifications', {
      reference: 'MP301',
      title: 'Correct a cross-reference',
      path: 'fast_track',
      proposerOrgId: c.albionOrg,
    });
    expect(bySecas.json()).toMatchObject({ code: 'fast_track_panel_only' });
    expect([await count(t, 'modification'), await count(t, 'audit_event')]).toEqual([rows, events]);
    const id = await raised(t, c.member, {
      reference: 'MP301',
      title: 'Correct a cross-reference in D10.15',
      path: 'fast_track',
    });
    expect(await modificationRow(t, id)).toMatchObject({
      path: 'fast_track',
      proposer_org_id: null,
    });
  });

  it('Register: ALVs only by the Authority; Parties only in their own name; bad input names its field', async () => {
    const [rows, events] = [await count(t, 'modification'), await count(t, 'audit_event')];
    const cases: [typeof c.albion, Record<string, unknown>, number, string, string][] = [
      [c.albion, { reference: 'MP302', title: 'x', path: 'alv' }, 403, 'forbidden', 'path'],
      [
        c.albion,
        { reference: 'MP302', title: 'x', path: 'path3', proposerOrgId: c.northwindOrg },
        403,
        'forbidden',
        'proposerOrgId',
      ],
      [
        c.secas,
        { reference: 'MP302', title: 'x', path: 'path3' },
        400,
        'validation_failed',
        'proposerOrgId',
      ],
      [
        c.albion,
        { reference: 'MP30', title: 'x', path: 'path3' },
        400,
        'validation_failed',
        'reference',
      ],
      [c.albion, { reference: 'MP302', title: 'x' }, 400, 'validation_failed', 'path'],
      [
        c.albion,
        { reference: 'DP302', title: 'x', path: 'path3' },
        400,
        'validation_failed',
        'path',
      ],
      [
        c.albion,
        { reference: 'MP302', title: 'x', path: 'path3', documentIds: ['section-z'] },
        400,
        'validation_failed',
        'documentIds',
      ],
      [
        c.albion,
        { reference: 'MP302', title: 'x', path: 'path3', documentIds: ['old-document'] },
        400,
        'validation_failed',
        'documentIds',
      ],
      [
        c.albion,
        { reference: 'MP302', title: 'x', path: 'path3', dependsOn: ['MP999'] },
        400,
        'validation_failed',
        'dependsOn',
      ],
      [
        c.albion,
        { reference: 'MP302', title: 'x', path: 'path3', proposedImplementationDate: '2027-02-30' },
        400,
        'validation_failed',
        'proposedImplementationDate',
      ],
      [
        c.albion,
        { reference: 'MP302', title: 'x', path: 'path9' },
        400,
        'validation_failed',
        'path',
      ],
    ];
    for (const [user, body, status, code, field] of cases) {
      const response = await call(t, user, 'POST', '/api/v1/modifications', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json(), JSON.stringify(body)).toMatchObject({ code, field });
    }
    expect([await count(t, 'modification'), await count(t, 'audit_event')]).toEqual([rows, events]);
  });

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

  it('Withdrawal: withdrawn on Wed 9 Jun 2021, the adoption window closes at 2021-06-23T23:59:59+01:00 (the MP117 precedent)', async () => {
    t.clock.set('2021-06-09T10:00:00Z');
    const id = await raised(t, c.albion, {
      reference: 'MP304',
      title: 'Bulk CH returns (withdrawn)',
      path: 'path2',
    });
    await progress(id, { to: 'refinement', reason: 'Working Group', version: 1 });
    const byOther = await call(t, c.northwind, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'Not mine',
      version: 2,
    });
    expect(byOther.statusCode).toBe(403);
    const response = await call(t, c.albion, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'The proposer no longer needs it',
      version: 2,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'withdrawn',
      version: 3,
      adoptionDeadline: '2021-06-23T23:59:59+01:00',
    });
    const row = await modificationRow(t, id);
    expect(row).toMatchObject({ status: 'withdrawn', status_before_withdrawal: 'refinement' });
    expect(row.adoption_deadline?.toISOString()).toBe('2021-06-23T22:59:59.000Z');
    expect(row.withdrawn_at?.toISOString()).toBe('2021-06-09T10:00:00.000Z');
    const event = (await auditOf(t, id)).at(-1);
    expect(event).toMatchObject({
      action: 'modification.status_changed',
      actor_id: c.albion.id,
      reason: 'The proposer no longer needs it',
    });
    expect(event?.after).toMatchObject({
      status: 'withdrawn',
      cause: 'withdrawal',
      status_before_withdrawal: 'refinement',
    });

    t.clock.set('2021-06-23T15:00:00Z');
    const own = await call(t, c.albion, 'POST', `/api/v1/modifications/${id}/adopt`, {
      version: 3,
    });
    expect(own.statusCode).toBe(403);
    expect(await modificationRow(t, id)).toMatchObject({ status: 'withdrawn', version: 3 });
    const adopted = await call(t, c.northwind, 'POST', `/api/v1/modifications/${id}/adopt`, {
      reason: 'Northwind needs the change',
      version: 3,
    });
    expect(adopted.statusCode).toBe(200);
    expect(adopted.json()).toMatchObject({ status: 'refinement', version: 4 });
    expect(await modificationRow(t, id)).toMatchObject({
      status: 'refinement',
      proposer_org_id: c.northwindOrg,
      status_before_withdrawal: null,
      adoption_deadline: null,
      withdrawn_at: null,
    });
    const adoption = (await auditOf(t, id)).at(-1);
    expect(adoption).toMatchObject({
      action: 'modification.adopted',
      actor_id: c.northwind.id,
      reason: 'Northwind needs the change',
    });
    expect(adoption?.before).toMatchObject({ status: 'withdrawn', proposerOrgId: c.albionOrg });
    expect(adoption?.after).toEqual({
      status: 'refinement',
      proposerOrgId: c.northwindOrg,
      cause: 'adoption',
    });
  });

  it('Withdrawal: adoption on Thu 24 Jun 2021 is 409 adoption_window_closed, naming the deadline, and nothing changes', async () => {
    t.clock.set('2021-06-09T10:00:00Z');
    const id = await raised(t, c.albion, {
      reference: 'MP305',
      title: 'Late adoption',
      path: 'path3',
    });
    await call(t, c.secas, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'Withdrawn for the proposer',
      version: 1,
    });
    t.clock.set('2021-06-24T09:00:00Z');
    const events = await count(t, 'audit_event');
    const late = await call(t, c.northwind, 'POST', `/api/v1/modifications/${id}/adopt`, {
      version: 2,
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'adoption_window_closed' });
    expect(late.json<{ message: string }>().message).toContain('2021-06-23T23:59:59+01:00');
    expect(await modificationRow(t, id)).toMatchObject({
      status: 'withdrawn',
      proposer_org_id: c.albionOrg,
      version: 2,
    });
    expect(await count(t, 'audit_event')).toBe(events);
    const again = await call(t, c.albion, 'POST', `/api/v1/modifications/${id}/withdraw`, {
      reason: 'Twice',
      version: 2,
    });
    expect(again.json()).toMatchObject({ code: 'invalid_transition' });
    t.clock.set('2026-11-27T10:00:00Z');
  });
});
