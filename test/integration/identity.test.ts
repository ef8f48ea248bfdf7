import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrowserSession,
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  TEST_PASSWORD,
  type TestApp,
} from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

async function auditCount(testApp: TestApp, action?: string): Promise<number> {
  let query = testApp.ctx.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'));
  if (action) query = query.where('action', '=', action);
  const row = await query.executeTakeFirstOrThrow();
  return row.n;
}

function sessionCookie(response: { headers: Record<string, unknown> }): string {
  const cookies = [response.headers['set-cookie'] ?? []].flat() as string[];
  const line = cookies.find((cookie) => cookie.startsWith('secrel_session='));
  if (!line) throw new Error('no session cookie set');
  return line.split(';')[0] ?? '';
}

describe.each(ENGINES)('identity and access on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('signs in with e-mail and password, and the session cookie identifies the user', async () => {
    const user = await givenUser(t.ctx, 'panel_member');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: user.email.toUpperCase(), password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = sessionCookie(response);
    expect(response.headers['set-cookie']?.toString()).toMatch(/HttpOnly/i);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      email: user.email,
      roles: [{ role: 'panel_member', scope: '' }],
    });
    const stored = await t.ctx.db
      .selectFrom('session')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie).not.toContain(stored[0]?.id);
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    const user = await givenUser(t.ctx, 'party');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: user.email, password: 'wrong password here' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'nobody@example.org', password: 'wrong password here' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials' });
  });

  it('issue 11: backs off an address guessing at an account after repeated failures, even for the right password, until the wait ends', async () => {
    const user = await givenUser(t.ctx, 'party');
    const from = { remoteAddress: '198.51.100.200' };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        ...from,
        payload: { email: user.email, password: `wrong ${attempt} password` },
      });
      expect(response.statusCode).toBe(401);
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      ...from,
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'sign_in_throttled', retryAfterSeconds: 30 });
    expect(locked.headers['retry-after']).toBe('30');
    expect(await auditCount(t, 'session.sign_in_failed')).toBeGreaterThanOrEqual(5);
    t.clock.advance(31_000);
    const after = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      ...from,
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(after.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      ...from,
      payload: { email: user.email, password: 'wrong once more' },
    });
    expect(again.statusCode).toBe(401);
  });

  it('lists your sessions and revoking one ends it on the server', async () => {
    const user = await givenUser(t.ctx, 'authority');
    const first = sessionCookie(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: user.email, password: TEST_PASSWORD },
      }),
    );
    const second = sessionCookie(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { email: user.email, password: TEST_PASSWORD },
      }),
    );
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/sessions',
      headers: bearer(user),
    });
    expect(list.statusCode).toBe(200);
    const sessions = list.json<{ id: string }[]>();
    expect(sessions).toHaveLength(2);
    const other = await givenUser(t.ctx, 'authority');
    const notMine = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${sessions[0]?.id}`,
      headers: bearer(other),
    });
    expect(notMine.statusCode).toBe(404);
    for (const session of sessions) {
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/me/sessions/${session.id}`,
        headers: bearer(user),
      });
      expect(revoked.statusCode).toBe(204);
    }
    for (const cookie of [first, second]) {
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      expect(me.statusCode).toBe(401);
    }
  });

  it('API tokens authenticate as Bearer until revoked', async () => {
    const user = await givenUser(t.ctx, 'dcc');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: bearer(user),
      payload: { name: 'integration' },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json<{ id: number; token: string }>();
    const stored = await t.ctx.db
      .selectFrom('api_token')
      .select('token_hash')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(token);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.statusCode).toBe(200);
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/tokens/${id}`,
      headers: bearer(user),
    });
    expect(revoke.statusCode).toBe(204);
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('a request without the right role gets 403 and changes nothing', async () => {
    const party = await givenUser(t.ctx, 'party');
    const usersBefore = await t.ctx.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const auditBefore = await auditCount(t);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(party),
      payload: {
        email: 'intruder@example.org',
        name: 'Intruder',
        roles: [{ role: 'code_administrator' }],
      },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    const usersAfter = await t.ctx.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(usersAfter.n).toBe(usersBefore.n);
    expect(await auditCount(t)).toBe(auditBefore);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/users' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the Code Administrator registers a Party with its category and a user, each audited', async () => {
    const secas = await givenUser(t.ctx, 'code_administrator');
    const org = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: bearer(secas),
      payload: {
        name: 'Test Gas Networks plc',
        kind: 'party',
        partyCategory: 'gas_network',
        isUser: true,
      },
    });
    expect(org.statusCode).toBe(201);
    const organisationId = org.json<{ id: number }>().id;
    const dccWithCategory = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: bearer(secas),
      payload: { name: 'Another DCC', kind: 'dcc', partyCategory: 'large_supplier' },
    });
    expect(dccWithCategory.statusCode).toBe(400);
    expect(dccWithCategory.json()).toMatchObject({
      code: 'validation_failed',
      field: 'partyCategory',
    });
    const user = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(secas),
      payload: {
        email: 'gas@example.org',
        name: 'Gwen Gas',
        password: 'a long enough password',
        organisationId,
        roles: [{ role: 'party' }],
      },
    });
    expect(user.statusCode).toBe(201);
    const events = await t.ctx.db
      .selectFrom('audit_event')
      .select(['action', 'actor_id', 'subject_id'])
      .where('action', 'in', ['organisation.created', 'user.created'])
      .where('actor_id', '=', secas.id)
      .execute();
    expect(events.map((event) => event.action).sort()).toEqual([
      'organisation.created',
      'user.created',
    ]);
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(secas),
      payload: { email: 'GAS@example.org', name: 'Gwen Again', roles: [{ role: 'party' }] },
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'already_exists', field: 'email' });
  });

  it('bad input is a 400 naming the field, never a 500', async () => {
    const secas = await givenUser(t.ctx, 'code_administrator');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(secas),
      payload: { email: 'x@example.org', name: 'X', roles: [{ role: 'emperor' }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed' });
    expect(response.json<{ field: string }>().field).toMatch(/^roles/);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(secas),
      payload: { name: 'X', roles: [] },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ field: 'email' });
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { ...bearer(secas), 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('forms need the CSRF token: without it the post is refused and nothing changes', async () => {
    const user = await givenUser(t.ctx, 'panel_member');
    const browser = new BrowserSession(t.app);
    const signedIn = await browser.signIn(user.email);
    expect(signedIn.statusCode).toBe(303);
    await browser.get('/account');
    const tokensBefore = await t.ctx.db
      .selectFrom('api_token')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    const refused = await browser.post('/account/tokens', { name: 'no csrf' }, { csrf: false });
    expect(refused.statusCode).toBe(403);
    const tokensAfter = await t.ctx.db
      .selectFrom('api_token')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(tokensAfter).toHaveLength(tokensBefore.length);
    const accepted = await browser.post('/account/tokens', { name: 'with csrf' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.body).toContain('Copy this token now');
  });

  it('a sign-in form without the CSRF token is refused', async () => {
    const user = await givenUser(t.ctx, 'panel_member');
    const browser = new BrowserSession(t.app);
    await browser.get('/sign-in');
    const response = await browser.post(
      '/sign-in',
      { email: user.email, password: TEST_PASSWORD },
      { csrf: false },
    );
    expect(response.statusCode).toBe(403);
  });

  it('signing out through the page ends the session', async () => {
    const user = await givenUser(t.ctx, 'panel_member');
    const browser = new BrowserSession(t.app);
    await browser.signIn(user.email);
    expect((await browser.get('/home')).statusCode).toBe(200);
    const out = await browser.post('/sign-out', {});
    expect(out.statusCode).toBe(303);
    const home = await browser.get('/home');
    expect(home.statusCode).toBe(302);
    expect(home.headers.location).toBe('/sign-in?next=%2Fhome');
    const live = await t.ctx.db
      .selectFrom('session')
      .select('revoked_at')
      .where('user_id', '=', user.id)
      .execute();
    expect(live.every((session) => session.revoked_at !== null)).toBe(true);
  });

  it('pages carry security headers: CSP, no framing', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.body).not.toMatch(/GDS Transport/);
    expect(response.body).toContain('SEC Release Management');
  });

  it('each role has a home page; a Party belongs to an organisation with a Party Category', async () => {
    const orgId = await givenOrganisation(
      t.ctx,
      `Home Test Supplier ${engine}`,
      'party',
      'small_supplier',
    );
    const party = await givenUser(t.ctx, 'party', { organisationId: orgId });
    const browser = new BrowserSession(t.app);
    await browser.signIn(party.email);
    const home = await browser.get('/home');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('What needs your attention');
    expect(home.body).toContain(`Home Test Supplier ${engine}`);
  });
});
