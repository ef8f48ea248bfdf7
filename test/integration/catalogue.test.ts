import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, count, givenCast, givenCatalogue, type Cast } from './modification-fixtures.ts';

describe.each(ENGINES)('the catalogue of SEC documents on %s', (engine) => {
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

  it('Catalogue: anyone signed in reads it with each entry’s classes', async () => {
    const response = await call(t, c.northwind, 'GET', '/api/v1/documents');
    expect(response.statusCode).toBe(200);
    const entries = response.json<{ id: string; classes: string[] }[]>();
    expect(entries.map((e) => e.id)).toEqual([
      'section-a',
      'section-d',
      'section-g',
      'appendix-ad',
      'sec-release-management-policy',
    ]);
    expect(entries.find((e) => e.id === 'sec-release-management-policy')?.classes).toEqual([
      'technical_code_specification',
    ]);
    const withRetired = await call(t, c.northwind, 'GET', '/api/v1/documents?includeRetired=true');
    expect(withRetired.json<unknown[]>()).toHaveLength(6);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/documents' })).statusCode).toBe(401);
  });

  it('Catalogue: SECAS adds and edits entries, audited with before and after; a Party gets 403 and nothing changes', async () => {
    const events = await count(t, 'audit_event');
    const byParty = await call(t, c.albion, 'POST', '/api/v1/documents', {
      id: 'section-z',
      kind: 'section',
      code: 'Section Z',
      title: 'Alt HAN',
      classes: [],
    });
    expect(byParty.statusCode).toBe(403);
    const editByParty = await call(t, c.albion, 'PUT', '/api/v1/documents/section-g', {
      kind: 'section',
      code: 'Section G',
      title: 'x',
      classes: [],
      retired: false,
      version: 1,
    });
    expect(editByParty.statusCode).toBe(403);
    expect(await count(t, 'audit_event')).toBe(events);

    const created = await call(t, c.secas, 'POST', '/api/v1/documents', {
      id: 'section-z',
      kind: 'section',
      code: 'Section Z',
      title: 'Alt HAN Arrangements',
      classes: ['relates_to_section_z'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'section-z',
      classes: ['relates_to_section_z'],
      version: 1,
    });
    const duplicate = await call(t, c.secas, 'POST', '/api/v1/documents', {
      id: 'section-z',
      kind: 'section',
      code: 'Section Z',
      title: 'Again',
      classes: [],
    });
    expect(duplicate.json()).toMatchObject({ code: 'already_exists', field: 'id' });
    const badCode = await call(t, c.secas, 'POST', '/api/v1/documents', {
      id: 'section-y',
      kind: 'section',
      code: 'Y',
      title: 'Y',
      classes: [],
    });
    expect(badCode.json()).toMatchObject({ code: 'validation_failed', field: 'code' });
    const altHan = await call(t, c.secas, 'POST', '/api/v1/documents', {
      id: 'section-j-x',
      kind: 'section',
      code: 'Section J',
      title: 'Charges',
      classes: ['affects_alt_han_charges'],
    });
    expect(altHan.json()).toMatchObject({ code: 'validation_failed', field: 'classes' });

    const updated = await call(t, c.secas, 'PUT', '/api/v1/documents/section-g', {
      kind: 'section',
      code: 'Section G',
      title: 'Security',
      classes: ['security_obligation', 'smki_document'],
      retired: false,
      version: 1,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({
      classes: ['security_obligation', 'smki_document'],
      version: 2,
    });
    const row = await t.ctx.db
      .selectFrom('sec_document')
      .selectAll()
      .where('id', '=', 'section-g')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ is_security_obligation: true, is_smki_document: true, version: 2 });
    const event = await t.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'catalogue.document_updated')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({
      subject_type: 'sec_document',
      subject_id: 'section-g',
      actor_id: c.secas.id,
    });
    expect(event.before).toMatchObject({ classes: ['security_obligation'], version: 1 });
    expect(event.after).toMatchObject({
      classes: ['security_obligation', 'smki_document'],
      version: 2,
    });
    const createdEvent = await t.ctx.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'catalogue.document_created')
      .where('subject_id', '=', 'section-z')
      .executeTakeFirstOrThrow();
    expect(createdEvent.actor_id).toBe(c.secas.id);

    const stale = await call(t, c.secas, 'PUT', '/api/v1/documents/section-g', {
      kind: 'section',
      code: 'Section G',
      title: 'Old',
      classes: [],
      retired: false,
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    const missing = await call(t, c.secas, 'PUT', '/api/v1/documents/section-q', {
      kind: 'section',
      code: 'Section Q',
      title: 'Q',
      classes: [],
      retired: false,
      version: 1,
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (
        await t.ctx.db
          .selectFrom('sec_document')
          .select('title')
          .where('id', '=', 'section-g')
          .executeTakeFirstOrThrow()
      ).title,
    ).toBe('Security');
  });
});
