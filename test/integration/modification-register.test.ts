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

interface ListBody {
  items: { reference: string; id: number }[];
  nextBefore: number | null;
}

describe.each(ENGINES)('register lists, documents and the catalogue on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    await givenCatalogue(t);
    ids.DP090 = await raised(t, c.albion, {
      reference: 'DP090',
      title: 'Non GBCS Non-Mandated Alerts',
      summary: 'Alerts outside the GBCS',
    });
    ids.MP102A = await raised(t, c.albion, {
      reference: 'MP102A',
      title: 'Power Outage Alerts',
      summary: 'After an OTA firmware upgrade, 100% of alerts',
      path: 'path3',
      documentIds: ['appendix-ad'],
    });
    ids.MP133 = await raised(t, c.northwind, {
      reference: 'MP133',
      title: 'Consequential changes to SEC Section G',
      path: 'path2',
      documentIds: ['section-g'],
    });
    ids.MP200 = await raised(t, c.authority, {
      reference: 'MP200',
      title: 'Faster Switching consequential changes',
      path: 'alv',
      documentIds: ['section-a', 'appendix-ad'],
    });
    ids.MP301 = await raised(t, c.member, {
      reference: 'MP301',
      title: 'Fix a typo_in D10',
      path: 'fast_track',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const idOf = (reference: string): number => {
    const id = ids[reference];
    if (id === undefined) throw new Error(`no ${reference}`);
    return id;
  };
  const list = async (query: string): Promise<string[]> => {
    const response = await call(t, c.northwind, 'GET', `/api/v1/modifications${query}`);
    expect(response.statusCode, query).toBe(200);
    return response.json<ListBody>().items.map((item) => item.reference);
  };

  it('Register: lists newest first and filters by status, path, proposer and document', async () => {
    expect(await list('')).toEqual(['MP301', 'MP200', 'MP133', 'MP102A', 'DP090']);
    expect(await list('?status=draft_proposal')).toEqual(['DP090']);
    expect(await list('?path=alv')).toEqual(['MP200']);
    expect(await list(`?proposer=${c.albionOrg}`)).toEqual(['MP102A', 'DP090']);
    expect(await list('?document=appendix-ad')).toEqual(['MP200', 'MP102A']);
    expect(
      await list(
        `?document=appendix-ad&proposer=${c.albionOrg}&status=modification_proposal&path=path3`,
      ),
    ).toEqual(['MP102A']);
    expect(await list('?document=no-such-document')).toEqual([]);
  });

  it('Register: searches reference, title and summary, case-insensitively, with % and _ matching themselves', async () => {
    expect(await list('?q=mp102')).toEqual(['MP102A']);
    expect(await list('?q=SECTION%20G')).toEqual(['MP133']);
    expect(await list('?q=gbcs')).toEqual(['DP090']);
    expect(await list('?q=100%25')).toEqual(['MP102A']);
    expect(await list('?q=%25')).toEqual(['MP102A']);
    expect(await list('?q=typo_in')).toEqual(['MP301']);
    expect(await list('?q=typo%25in')).toEqual([]);
    expect(await list('?q=_')).toEqual(['MP301']);
  });

  it('Register: pages newest first, without repeats or gaps', async () => {
    const first = await call(t, c.northwind, 'GET', '/api/v1/modifications?limit=2');
    const page1 = first.json<ListBody>();
    expect(page1.items.map((i) => i.reference)).toEqual(['MP301', 'MP200']);
    expect(page1.nextBefore).toBe(ids.MP200);
    const page2 = (
      await call(t, c.northwind, 'GET', `/api/v1/modifications?limit=2&before=${page1.nextBefore}`)
    ).json<ListBody>();
    expect(page2.items.map((i) => i.reference)).toEqual(['MP133', 'MP102A']);
    const page3 = (
      await call(t, c.northwind, 'GET', `/api/v1/modifications?limit=2&before=${page2.nextBefore}`)
    ).json<ListBody>();
    expect(page3).toEqual({
      items: [expect.objectContaining({ reference: 'DP090' })],
      nextBefore: null,
    });
  });

  it("issue 13: the API lists by the day each was raised, not the order written, and pages from a modification's place in that order", async () => {
    // MP301 was written last but raised first (as MP261 of May was written after MP260 of July).
    const raisedOn = await t.ctx.db
      .selectFrom('modification')
      .select('raised_on')
      .where('id', '=', idOf('MP301'))
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .updateTable('modification')
      .set({ raised_on: '2020-05-01' })
      .where('id', '=', idOf('MP301'))
      .execute();
    try {
      expect(await list('')).toEqual(['MP200', 'MP133', 'MP102A', 'DP090', 'MP301']);
      const page1 = (
        await call(t, c.northwind, 'GET', '/api/v1/modifications?limit=2')
      ).json<ListBody>();
      expect(page1.items.map((i) => i.reference)).toEqual(['MP200', 'MP133']);
      const page2 = (
        await call(
          t,
          c.northwind,
          'GET',
          `/api/v1/modifications?limit=2&before=${page1.nextBefore}`,
        )
      ).json<ListBody>();
      expect(page2.items.map((i) => i.reference)).toEqual(['MP102A', 'DP090']);
      const page3 = (
        await call(
          t,
          c.northwind,
          'GET',
          `/api/v1/modifications?limit=2&before=${page2.nextBefore}`,
        )
      ).json<ListBody>();
      expect(page3).toEqual({
        items: [expect.objectContaining({ reference: 'MP301' })],
        nextBefore: null,
      });
      const unknown = await call(t, c.northwind, 'GET', '/api/v1/modifications?before=999999');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ code: 'validation_failed', field: 'before' });
    } finally {
      await t.ctx.db
        .updateTable('modification')
        .set({ raised_on: raisedOn.raised_on })
        .where('id', '=', idOf('MP301'))
        .execute();
    }
  });

  it('Register: bad filters are 400 naming the field; the public reads the register, not the timeline', async () => {
    const bad = await call(t, c.northwind, 'GET', '/api/v1/modifications?status=lost');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', field: 'status' });
    // Issue 13: the register's public fields are published, as on the SEC Website.
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/modifications' });
    expect(anonymous.statusCode).toBe(200);
    const one = anonymous.json<ListBody>().items[0];
    expect(one).toBeDefined();
    const single = await t.app.inject({
      method: 'GET',
      url: `/api/v1/modifications/${String(one?.id)}`,
    });
    expect(single.statusCode).toBe(200);
    // Who acted, their reasons and what changed stay with those signed in.
    const timeline = await t.app.inject({
      method: 'GET',
      url: `/api/v1/modifications/${String(one?.id)}/timeline`,
    });
    expect(timeline.statusCode).toBe(401);
    const missing = await call(t, c.northwind, 'GET', '/api/v1/modifications/999999');
    expect(missing.statusCode).toBe(404);
  });

  it('Register: SECAS sets the documents a modification changes, audited with before and after; others get 403; stale versions 409', async () => {
    const id = idOf('MP133');
    const byParty = await call(t, c.northwind, 'PUT', `/api/v1/modifications/${id}/documents`, {
      documentIds: ['section-a'],
      version: 1,
    });
    expect(byParty.statusCode).toBe(403);
    const retired = await call(t, c.secas, 'PUT', `/api/v1/modifications/${id}/documents`, {
      documentIds: ['old-document'],
      version: 1,
    });
    expect(retired.json()).toMatchObject({ code: 'validation_failed', field: 'documentIds' });
    const response = await call(t, c.secas, 'PUT', `/api/v1/modifications/${id}/documents`, {
      documentIds: ['section-g', 'section-a'],
      version: 1,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ reference: 'MP133', version: 2 });
    const documents = await t.ctx.db
      .selectFrom('modification_document')
      .select('document_id')
      .where('modification_id', '=', id)
      .orderBy('document_id')
      .execute();
    expect(documents.map((d) => d.document_id)).toEqual(['section-a', 'section-g']);
    const event = (await auditOf(t, id)).at(-1);
    expect(event).toMatchObject({ action: 'modification.documents_changed', actor_id: c.secas.id });
    expect(event?.before).toEqual({ documentIds: ['section-g'] });
    expect(event?.after).toEqual({ documentIds: ['section-a', 'section-g'] });
    const stale = await call(t, c.secas, 'PUT', `/api/v1/modifications/${id}/documents`, {
      documentIds: [],
      version: 1,
    });
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    expect((await modificationRow(t, id)).version).toBe(2);
  });

  it('Register: the documents of a decided modification are fixed', async () => {
    const id = idOf('MP102A');
    await t.ctx.db
      .updateTable('modification')
      .set({ status: 'approved' })
      .where('id', '=', id)
      .execute();
    const response = await call(t, c.secas, 'PUT', `/api/v1/modifications/${id}/documents`, {
      documentIds: [],
      version: 1,
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'invalid_transition', field: 'documentIds' });
    expect(await count(t, 'modification_document')).toBeGreaterThan(0);
    await t.ctx.db
      .updateTable('modification')
      .set({ status: 'modification_proposal' })
      .where('id', '=', id)
      .execute();
  });
});
