import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { givenUser, TEST_PASSWORD, type TestUser } from '../support/test-app.ts';
import {
  createTestDatabase,
  ENGINES,
  TestClock,
  testConfig,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

interface Reply {
  statusCode: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A cookie jar and the last CSRF token a page showed: one browser. */
class Browser {
  readonly cookies = new Map<string, string>();
  setCookieLines: string[] = [];
  csrfToken = '';

  constructor(
    private readonly app: SecrelApp,
    private readonly ip = '127.0.0.1',
  ) {}

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(response: Reply): void {
    this.setCookieLines = [response.headers['set-cookie'] ?? []].flat().map(String);
    for (const line of this.setCookieLines) {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrfToken = token;
  }

  async get(url: string): Promise<Reply> {
    const response = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: { cookie: this.header() },
    });
    this.keep(response);
    return response;
  }

  async post(url: string, form: Record<string, string>, cookie = this.header()): Promise<Reply> {
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
    this.keep(response);
    return response;
  }

  async signIn(user: TestUser, next = '/home'): Promise<Reply> {
    await this.get('/sign-in');
    return this.post('/sign-in', {
      _csrf: this.csrfToken,
      email: user.email,
      password: TEST_PASSWORD,
      next,
    });
  }
}

describe.each(ENGINES)('issue 11: sessions, CSRF and cookies on %s', (engine) => {
  let database: TestDatabase;
  let app: SecrelApp;
  let secureApp: SecrelApp;
  const clock = new TestClock();
  let address = 0;
  /** A browser at its own address, so the per-address sign-in limit never joins two tests. */
  const browser = (on = app) => {
    address += 1;
    return new Browser(on, `198.51.100.${address + (engine === 'pglite' ? 0 : 100)}`);
  };

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    app = await buildApp(testContext(database, clock, testConfig()));
    secureApp = await buildApp(testContext(database, clock, testConfig({ secureCookies: true })));
  });
  afterAll(async () => {
    await app.close();
    await secureApp.close();
    await database.close();
  });

  async function tokenCount(userId: number): Promise<number> {
    const rows = await database.db
      .selectFrom('api_token')
      .select('id')
      .where('user_id', '=', userId)
      .execute();
    return rows.length;
  }

  it('issue 11: a CSRF token is bound to the session it was issued in: another session’s token and cookies are refused', async () => {
    const victim = await givenUser(ctxOf(), 'panel_chair');
    const attacker = await givenUser(ctxOf(), 'party');
    const victimBrowser = browser();
    const attackerBrowser = browser();
    await victimBrowser.signIn(victim);
    await attackerBrowser.signIn(attacker);
    await attackerBrowser.get('/account');
    const before = await tokenCount(victim.id);
    const victimSession = [...victimBrowser.cookies].find(([name]) => name === 'secrel_session');
    const planted = new Map(attackerBrowser.cookies);
    planted.delete('secrel_session');
    const cookie = [...planted, victimSession ?? ['', '']]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const forged = await victimBrowser.post(
      '/account/tokens',
      { _csrf: attackerBrowser.csrfToken, name: 'forged' },
      cookie,
    );
    expect(forged.statusCode).toBe(403);
    expect(await tokenCount(victim.id)).toBe(before);
    await victimBrowser.get('/account');
    const own = await victimBrowser.post('/account/tokens', {
      _csrf: victimBrowser.csrfToken,
      name: 'mine',
    });
    expect(own.statusCode).toBe(200);
    expect(await tokenCount(victim.id)).toBe(before + 1);
  });

  it('issue 11: signing in rotates the CSRF token: the sign-in page’s token no longer works', async () => {
    const user = await givenUser(ctxOf(), 'panel_member');
    const session = browser();
    await session.get('/sign-in');
    const beforeSignIn = session.csrfToken;
    await session.post('/sign-in', {
      _csrf: beforeSignIn,
      email: user.email,
      password: TEST_PASSWORD,
      next: '/home',
    });
    const stale = await session.post('/account/tokens', { _csrf: beforeSignIn, name: 'stale' });
    expect(stale.statusCode).toBe(403);
    await session.get('/account');
    expect(session.csrfToken).not.toBe(beforeSignIn);
    const fresh = await session.post('/account/tokens', { _csrf: session.csrfToken, name: 'ok' });
    expect(fresh.statusCode).toBe(200);
  });

  it('issue 11: with SECURE_COOKIES=true the session and CSRF cookies are __Host- cookies, and an unprefixed session cookie is not honoured', async () => {
    const user = await givenUser(ctxOf(), 'authority');
    const session = browser(secureApp);
    await session.get('/sign-in');
    const csrfLine = session.setCookieLines.find((line) => line.startsWith('__Host-secrel_csrf='));
    expect(csrfLine).toMatch(/; Path=\/(;|$)/);
    expect(csrfLine).toMatch(/; Secure/);
    expect(csrfLine).not.toMatch(/Domain=/i);
    const signedIn = await session.post('/sign-in', {
      _csrf: session.csrfToken,
      email: user.email,
      password: TEST_PASSWORD,
      next: '/home',
    });
    expect(signedIn.statusCode).toBe(303);
    const sessionLine = session.setCookieLines.find((line) =>
      line.startsWith('__Host-secrel_session='),
    );
    expect(sessionLine).toMatch(/; Path=\/(;|$)/);
    expect(sessionLine).toMatch(/; HttpOnly/);
    expect(sessionLine).toMatch(/; Secure/);
    expect(sessionLine).toMatch(/; SameSite=Lax/);
    expect(sessionLine).not.toMatch(/Domain=/i);
    expect((await session.get('/home')).statusCode).toBe(200);
    const value = session.cookies.get('__Host-secrel_session') ?? '';
    const unprefixed = await secureApp.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `secrel_session=${value}` },
    });
    expect(unprefixed.statusCode).toBe(401);
    const api = await secureApp.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      remoteAddress: '192.0.2.200',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect([api.headers['set-cookie']].flat().join('\n')).toMatch(/^__Host-secrel_session=/m);
  });

  it.each([
    ['/\\evil.example/', '/home'],
    ['/\t/evil.example/', '/home'],
    ['/\\/evil.example', '/home'],
    ['//evil.example/', '/home'],
    ['https://evil.example/', '/home'],
    ['/modifications?status=open#list', '/modifications?status=open#list'],
  ])('issue 11: after sign-in next=%j leads to %s, never off-site', async (next, expected) => {
    const user = await givenUser(ctxOf(), 'panel_member');
    const session = browser();
    const page = await session.get(`/sign-in?next=${encodeURIComponent(next)}`);
    const shown = /name="next" value="([^"]*)"/.exec(page.body)?.[1];
    expect(shown?.replace(/&amp;/g, '&')).toBe(expected);
    const response = await session.post('/sign-in', {
      _csrf: session.csrfToken,
      email: user.email,
      password: TEST_PASSWORD,
      next,
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(expected);
  });

  it('issue 11: API sign-out with the session cookie and no body ends the session', async () => {
    const user = await givenUser(ctxOf(), 'dcc');
    const session = browser();
    await session.signIn(user);
    const cookie = session.header();
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(204);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('issue 11: a cross-site sign-out (a browser says so, or a form without the token) is refused and the session stays valid', async () => {
    const user = await givenUser(ctxOf(), 'dcc');
    const session = browser();
    await session.signIn(user);
    const cookie = session.header();
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json()).toMatchObject({ code: 'csrf_invalid' });
    const form = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-out',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(form.statusCode).toBe(403);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
  });

  function ctxOf() {
    return testContext(database, clock, testConfig());
  }
});
