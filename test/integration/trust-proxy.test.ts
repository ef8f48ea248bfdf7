import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app-context.ts';
import { readConfig } from '../../src/config.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { givenUser, TEST_PASSWORD } from '../support/test-app.ts';
import {
  createTestDatabase,
  ENGINES,
  TestClock,
  testConfig,
  testContext,
  type TestDatabase,
} from '../support/test-db.ts';

/** The address the session list and the audit trail recorded for the user's last sign-in. */
async function recordedAddresses(ctx: AppContext, userId: number) {
  const session = await ctx.db
    .selectFrom('session')
    .select('ip')
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  const event = await ctx.db
    .selectFrom('audit_event')
    .select('after')
    .where('action', '=', 'session.signed_in')
    .where('subject_id', '=', String(userId))
    .executeTakeFirstOrThrow();
  return { session: session.ip, audit: (event.after as { ip: string }).ip };
}

function signIn(
  app: SecrelApp,
  email: string,
  password: string,
  from: { socket: string; forwardedFor: string },
) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    remoteAddress: from.socket,
    headers: { 'x-forwarded-for': from.forwardedFor },
    payload: { email, password },
  });
}

describe.each(ENGINES)('issue 11: TRUST_PROXY on %s', (engine) => {
  let database: TestDatabase;
  let ctx: AppContext;
  let direct: SecrelApp;
  let proxied: SecrelApp;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
    const clock = new TestClock();
    ctx = testContext(database, clock, testConfig());
    direct = await buildApp(ctx);
    const behindProxy = testConfig({
      trustProxy: readConfig({ DATA_DIR: 'memory://', TRUST_PROXY: '127.0.0.1' }).trustProxy,
    });
    proxied = await buildApp(testContext(database, clock, behindProxy));
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
    await database.close();
  });

  it('issue 11: without TRUST_PROXY a spoofed X-Forwarded-For changes neither the per-address limit nor the recorded address', async () => {
    const socket = '198.51.100.80';
    const answers = [];
    for (let n = 0; n < 21; n += 1) {
      const response = await signIn(direct, `nobody-${n}@example.org`, 'some wrong password', {
        socket,
        forwardedFor: `203.0.113.${n}`,
      });
      answers.push(response.json<{ code: string }>().code);
    }
    expect(answers.slice(0, 20).every((code) => code === 'invalid_credentials')).toBe(true);
    expect(answers[20]).toBe('rate_limited');

    const user = await givenUser(ctx, 'panel_chair');
    const signedIn = await signIn(direct, user.email, TEST_PASSWORD, {
      socket: '198.51.100.81',
      forwardedFor: '203.0.113.250',
    });
    expect(signedIn.statusCode).toBe(200);
    expect(await recordedAddresses(ctx, user.id)).toEqual({
      session: '198.51.100.81',
      audit: '198.51.100.81',
    });
  });

  it('issue 11: with TRUST_PROXY=127.0.0.1 the address the proxy forwards is the one limited and recorded', async () => {
    const user = await givenUser(ctx, 'code_administrator');
    const signedIn = await signIn(proxied, user.email, TEST_PASSWORD, {
      socket: '127.0.0.1',
      forwardedFor: '203.0.113.90',
    });
    expect(signedIn.statusCode).toBe(200);
    expect(await recordedAddresses(ctx, user.id)).toEqual({
      session: '203.0.113.90',
      audit: '203.0.113.90',
    });

    const answers = [];
    for (let n = 0; n < 21; n += 1) {
      const response = await signIn(proxied, `someone-${n}@example.org`, 'some wrong password', {
        socket: '127.0.0.1',
        forwardedFor: '203.0.113.91',
      });
      answers.push(response.json<{ code: string }>().code);
    }
    expect(answers[20]).toBe('rate_limited');
    const otherClient = await signIn(proxied, 'someone-else@example.org', 'some wrong password', {
      socket: '127.0.0.1',
      forwardedFor: '203.0.113.92',
    });
    expect(otherClient.json()).toMatchObject({ code: 'invalid_credentials' });

    const notTheProxy = await givenUser(ctx, 'party');
    await signIn(proxied, notTheProxy.email, TEST_PASSWORD, {
      socket: '198.51.100.93',
      forwardedFor: '203.0.113.94',
    });
    expect(await recordedAddresses(ctx, notTheProxy.id)).toEqual({
      session: '198.51.100.93',
      audit: '198.51.100.93',
    });
  });
});
