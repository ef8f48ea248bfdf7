import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcBrowser, startOidcProvider, type TestOidcProvider } from '../support/oidc-provider.ts';
import { createTestApp, givenUser, type TestApp, type TestUser } from '../support/test-app.ts';
import { ENGINES, TestClock, testConfig } from '../support/test-db.ts';

/** secrel's public URL in these tests: the provider redirects there; `inject` answers it. */
const PUBLIC_URL = 'http://secrel.test';

describe.each(ENGINES)('issue 11: single sign-on with OpenID Connect on %s', (engine) => {
  let t: TestApp;
  let provider: TestOidcProvider;
  let chair: TestUser;
  let unverified: TestUser;
  let disabled: TestUser;

  beforeAll(async () => {
    provider = await startOidcProvider(`${PUBLIC_URL}/sign-in/oidc/callback`);
    const clock = new TestClock();
    clock.set(new Date().toISOString());
    t = await createTestApp(
      engine,
      clock,
      testConfig({ publicUrl: PUBLIC_URL, oidc: provider.config }),
    );
    chair = await givenUser(t.ctx, 'panel_chair');
    unverified = await givenUser(t.ctx, 'panel_member');
    disabled = await givenUser(t.ctx, 'code_administrator');
    await t.ctx.db
      .updateTable('app_user')
      .set({ disabled_at: new Date() })
      .where('id', '=', disabled.id)
      .execute();
    provider.accounts.set('chair', { email: chair.email.toUpperCase(), email_verified: true });
    provider.accounts.set('unverified', { email: unverified.email, email_verified: false });
    provider.accounts.set('stranger', { email: 'stranger@example.org', email_verified: true });
    provider.accounts.set('disabled', { email: disabled.email, email_verified: true });
  });
  afterAll(async () => {
    await t.close();
    await provider.close();
  });

  const browser = () => new OidcBrowser((request) => t.app.inject(request), PUBLIC_URL);

  async function count(table: 'session' | 'app_user'): Promise<number> {
    const row = await t.ctx.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async function lastRefusal() {
    const row = await t.ctx.db
      .selectFrom('audit_event')
      .select(['subject_type', 'subject_id', 'after'])
      .where('action', '=', 'session.sso_refused')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    return row as { subject_type: string; subject_id: string; after: Record<string, unknown> };
  }

  it('the sign-in page offers "Sign in with <provider>" only when single sign-on is set up', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in?next=/releases' });
    expect(page.body).toContain('Sign in with Test Provider');
    expect(page.body).toContain('href="/sign-in/oidc?next=%2Freleases"');
    const oidc = t.ctx.config.oidc;
    t.ctx.config.oidc = undefined;
    try {
      const plain = await t.app.inject({ method: 'GET', url: '/sign-in' });
      expect(plain.body).not.toContain('Sign in with');
      const start = await t.app.inject({ method: 'GET', url: '/sign-in/oidc' });
      expect(start.statusCode).toBe(404);
    } finally {
      t.ctx.config.oidc = oidc;
    }
  });

  it('starts the code flow with PKCE (S256), state and nonce, the state kept server-side only as a hash', async () => {
    const b = browser();
    const start = await b.secrel('/sign-in/oidc?next=/home');
    expect(start.statusCode).toBe(303);
    const url = new URL(String(start.headers.location));
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/sign-in/oidc/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    const state = url.searchParams.get('state') ?? '';
    expect(b.secrelCookies.get('secrel_oidc')).toBe(state);
    expect(String(start.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const stored = await t.ctx.db.selectFrom('oidc_sign_in').select('id').execute();
    expect(stored.map((row) => row.id)).not.toContain(state);
  });

  it('over HTTPS (SECURE_COOKIES) the state cookie is a Secure __Secure- cookie', async () => {
    t.ctx.config.secureCookies = true;
    try {
      const start = await t.app.inject({ method: 'GET', url: '/sign-in/oidc' });
      expect(start.statusCode).toBe(303);
      const cookie = [start.headers['set-cookie'] ?? []].flat().join('\n');
      expect(cookie).toMatch(/^__Secure-secrel_oidc=[\w-]+;.*Secure/m);
      expect(cookie).toMatch(/Path=\/sign-in\/oidc/);
    } finally {
      t.ctx.config.secureCookies = false;
    }
  });

  it('a known, verified e-mail signs in with secrel’s own role; the session records the method', async () => {
    const b = browser();
    const sessionsBefore = await count('session');
    const callback = await b.toCallback('chair', '/releases');
    const response = await b.callback(callback);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/releases');
    expect(b.secrelCookies.get('secrel_oidc')).toBeUndefined();
    const me = await b.secrel('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({
      email: chair.email,
      roles: [{ role: 'panel_chair', scope: '' }],
    });
    expect(await count('session')).toBe(sessionsBefore + 1);
    const session = await t.ctx.db
      .selectFrom('session')
      .select(['method', 'id'])
      .where('user_id', '=', chair.id)
      .executeTakeFirstOrThrow();
    expect(session.method).toBe('oidc');
    const audit = await t.ctx.db
      .selectFrom('audit_event')
      .select(['after', 'actor_id'])
      .where('action', '=', 'session.signed_in')
      .where('subject_id', '=', String(chair.id))
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(chair.id);
    expect(audit.after).toMatchObject({ method: 'oidc', session: session.id.slice(0, 12) });
  });

  it('password sign-in still opens a session recorded as method password', async () => {
    const user = await givenUser(t.ctx, 'party');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: user.email, password: 'correct horse battery staple' },
    });
    expect(response.statusCode).toBe(200);
    const session = await t.ctx.db
      .selectFrom('session')
      .select('method')
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(session.method).toBe('password');
  });

  it('an e-mail the provider has not verified is refused, with a clear page and an audit event', async () => {
    const b = browser();
    const sessionsBefore = await count('session');
    const response = await b.callback(await b.toCallback('unverified'));
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('has not verified your e-mail address');
    expect(response.body).toContain('You have not been signed in');
    expect(await count('session')).toBe(sessionsBefore);
    expect((await b.secrel('/api/v1/me')).statusCode).toBe(401);
    const refusal = await lastRefusal();
    expect(refusal.after).toMatchObject({
      reason: 'sso_email_unverified',
      email: unverified.email,
    });
  });

  it('an e-mail with no secrel account is refused, and no user is created (no self-sign-up)', async () => {
    const b = browser();
    const [users, sessions] = [await count('app_user'), await count('session')];
    const response = await b.callback(await b.toCallback('stranger'));
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('There is no account with your e-mail address');
    expect(await count('app_user')).toBe(users);
    expect(await count('session')).toBe(sessions);
    const refusal = await lastRefusal();
    expect(refusal).toMatchObject({
      subject_type: 'sign_in',
      subject_id: 'stranger@example.org',
      after: { reason: 'sso_account_unknown' },
    });
  });

  it('a disabled user cannot sign in through the provider', async () => {
    const b = browser();
    const sessions = await count('session');
    const response = await b.callback(await b.toCallback('disabled'));
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Your account is disabled');
    expect(await count('session')).toBe(sessions);
    expect(await lastRefusal()).toMatchObject({
      subject_type: 'user',
      subject_id: String(disabled.id),
      after: { reason: 'sso_account_disabled' },
    });
  });

  it('a tampered state is refused before the code is redeemed', async () => {
    const b = browser();
    const callback = new URL(await b.toCallback('chair'));
    const state = callback.searchParams.get('state') ?? '';
    callback.searchParams.set('state', `${state.slice(0, -2)}xy`);
    const [sessions, redeemed] = [await count('session'), provider.redeemedCodes()];
    const response = await b.callback(callback.href);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('start signing in again');
    expect(await count('session')).toBe(sessions);
    expect(provider.redeemedCodes()).toBe(redeemed);
    expect((await lastRefusal()).after).toMatchObject({ reason: 'sso_state_invalid' });
  });

  it('a callback in another browser (without the state cookie) is refused: no login CSRF', async () => {
    const callback = await browser().toCallback('chair');
    const sessions = await count('session');
    const response = await browser().callback(callback);
    expect(response.statusCode).toBe(400);
    expect(await count('session')).toBe(sessions);
  });

  it('a replayed callback is refused, even with the state cookie put back', async () => {
    const b = browser();
    const callback = await b.toCallback('chair');
    const state = new URL(callback).searchParams.get('state') ?? '';
    expect((await b.callback(callback)).statusCode).toBe(303);
    const [sessions, redeemed] = [await count('session'), provider.redeemedCodes()];
    b.secrelCookies.set('secrel_oidc', state);
    const replay = await b.callback(callback);
    expect(replay.statusCode).toBe(400);
    expect(await count('session')).toBe(sessions);
    expect(provider.redeemedCodes()).toBe(redeemed);
  });

  it('a sign-in not completed within ten minutes has expired', async () => {
    const b = browser();
    const callback = await b.toCallback('chair');
    const sessions = await count('session');
    t.clock.advance(10 * 60 * 1000 + 1000);
    const response = await b.callback(callback);
    expect(response.statusCode).toBe(400);
    expect(await count('session')).toBe(sessions);
  });

  it('cancelling at the provider is refused as a failed sign-in', async () => {
    const b = browser();
    const response = await b.callback(await b.toCallback(''));
    expect(response.statusCode).toBe(401);
    expect(response.body).toContain('Single sign-on did not complete');
    expect((await lastRefusal()).after).toMatchObject({
      reason: 'sso_failed',
      providerError: 'access_denied',
    });
  });

  it('`next` goes through the same safe-redirect check as password sign-in', async () => {
    const b = browser();
    const response = await b.callback(await b.toCallback('chair', '//evil.example/steal'));
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/home');
  });
});
