import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingOn } from '../support/panel-meeting.ts';
import { BrowserSession, createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import { call, givenCast, type Cast } from './modification-fixtures.ts';
import { givenModification, givenPolicy } from '../support/release-fixtures.ts';

type ListJson = { items: { reference: string }[] };

describe.each(ENGINES)('the register filtered by SEC Release on %s', (engine) => {
  let t: TestApp;
  let c: Cast;
  let june: number;
  let november: number;

  beforeAll(async () => {
    t = await createTestApp(engine);
    c = await givenCast(t);
    await givenPolicy(t);
    const mp201 = await givenModification(t, 'MP201', 'approved');
    const mp202 = await givenModification(t, 'MP202', 'approved');
    await givenModification(t, 'MP203', 'approved');
    const created = await call(t, c.secas, 'POST', '/api/v1/releases/standard', { year: 2027 });
    const releases = created.json<{ created: { id: number; name: string }[] }>().created;
    june = releases.find((r) => r.name === 'June 2027 SEC Release')?.id ?? 0;
    november = releases.find((r) => r.name === 'November 2027 SEC Release')?.id ?? 0;
    for (const modificationId of [mp201, mp202]) {
      const allocated = await call(t, c.secas, 'POST', `/api/v1/releases/${june}/allocations`, {
        modificationId,
        dccImpacting: false,
      });
      expect(allocated.statusCode).toBe(201);
    }
    const [mp202Part] = await t.ctx.db
      .selectFrom('allocation')
      .select('id')
      .where('modification_id', '=', mp202)
      .execute();
    const descoped = await call(
      t,
      c.secas,
      'POST',
      `/api/v1/allocations/${mp202Part?.id}/descope`,
      {
        meetingId: await meetingOn(t.ctx, '2026-11-20'),
        reasons: 'Not ready for June',
      },
    );
    expect(descoped.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.7: the API lists the modifications with a live allocation in the release, not de-scoped ones', async () => {
    const inJune = await call(t, c.albion, 'GET', `/api/v1/modifications?release=${june}`);
    expect(inJune.statusCode).toBe(200);
    expect(inJune.json<ListJson>().items.map((i) => i.reference)).toEqual(['MP201']);
    const inNovember = await call(t, c.albion, 'GET', `/api/v1/modifications?release=${november}`);
    expect(inNovember.json<ListJson>().items).toEqual([]);
    const all = await call(t, c.albion, 'GET', '/api/v1/modifications');
    expect(all.json<ListJson>().items.map((i) => i.reference)).toEqual(['MP203', 'MP202', 'MP201']);
  });

  it('D10.7: a release id that is not a number is refused with 400 naming the field', async () => {
    const response = await call(t, c.albion, 'GET', '/api/v1/modifications?release=june');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ field: 'release' });
  });

  it('D10.7: the list page offers a Release select and filters by it', async () => {
    const browser = new BrowserSession(t.app);
    await browser.signIn(c.albion.email);
    const page = await browser.get(`/modifications?release=${june}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="release"');
    expect(page.body).toContain(`<option value="${june}" selected>June 2027 SEC Release</option>`);
    expect(page.body).toContain('MP201');
    expect(page.body).not.toContain('MP202 test modification');
    expect(page.body).not.toContain('will come with the releases');
    const bad = await browser.get('/modifications?release=june');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#release"');
  });
});
