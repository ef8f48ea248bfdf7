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
});
