import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { givenDemo, type DemoDatabase } from '../support/demo-db.ts';
import { ENGINES } from '../support/test-db.ts';

/**
 * Issue 13: the public landing page is the SEC Website's release section — the releases to come,
 * open consultations and appeal windows, recent notices — and publishes the audit chain's head
 * with how to verify it; the API gives the same head to anyone.
 */
describe.each(ENGINES)('the public landing page on %s', (engine) => {
  let demo: DemoDatabase;
  let app: SecrelApp;

  beforeAll(async () => {
    demo = await givenDemo(engine);
    app = await buildApp(demo.ctx);
    await app.ready();
  }, 600_000);
  afterAll(async () => {
    await app.close();
    await demo.close();
  });

  it('lists upcoming releases, open consultations, open appeal windows and recent notices, signed out', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    const body = page.body;
    expect(body).toContain('<title>SEC Release Management</title>');
    const upcoming = await demo.ctx.db
      .selectFrom('release')
      .select(['id', 'name'])
      .where('go_live', '>=', '2026-11-27')
      .where('status', 'not in', ['cancelled', 'live'])
      .orderBy('go_live')
      .executeTakeFirstOrThrow();
    expect(body).toContain(
      `<a class="govuk-link" href="/releases/${upcoming.id}">${upcoming.name}</a>`,
    );
    const open = await demo.ctx.db
      .selectFrom('consultation')
      .select(['id'])
      .where('opens_at', '<=', new Date('2026-11-27T10:00:00Z'))
      .where('closes_at', '>=', new Date('2026-11-27T10:00:00Z'))
      .execute();
    expect(open.length).toBeGreaterThan(0);
    for (const c of open) expect(body).toContain(`href="/consultations/${c.id}"`);
    const notice = await demo.ctx.db
      .selectFrom('release_notice')
      .select(['release_id', 'subject'])
      .orderBy('issued_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(body).toContain(`href="/releases/${notice.release_id}/notices">${notice.subject}</a>`);
    expect(body).toMatch(/id="appeal-windows"/);
  });

  it('publishes the head of the audit chain, the same as the public API and the chain itself', async () => {
    const head = await demo.ctx.db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    const last = await demo.ctx.db
      .selectFrom('audit_event')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(head).toEqual(last);
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.body).toContain(`<span class="secrel-hash">${head.hash}</span>`);
    expect(page.body).toContain('secrel audit verify');
    const api = await app.inject({ method: 'GET', url: '/api/v1/audit/head' });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ seq: head.seq, hash: head.hash });
  });
});
