import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, givenUser, TEST_PASSWORD, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

interface Attempt {
  email: string;
  password: string;
  ip: string;
}

function attempt(t: TestApp, { email, password, ip }: Attempt) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    remoteAddress: ip,
    payload: { email, password },
  });
}

async function failedSignIns(t: TestApp, userId: number): Promise<number> {
  const row = await t.ctx.db
    .selectFrom('audit_event')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'session.sign_in_failed')
    .where('subject_id', '=', String(userId))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe.each(ENGINES)('issue 11: sign-in throttling on %s', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('issue 11: a burst of concurrent wrong guesses gets no more password checks than the allowance, and a right password inside the burst does not sign in', async () => {
    const user = await givenUser(t.ctx, 'panel_chair');
    const ip = `198.51.100.${engine === 'pglite' ? 10 : 11}`;
    const wrong = Array.from({ length: 15 }, (_, n) =>
      attempt(t, { email: user.email, password: `wrong guess number ${n}`, ip }),
    );
    const right = attempt(t, { email: user.email, password: TEST_PASSWORD, ip });
    const responses = await Promise.all([...wrong, right]);
    const codes = responses.map((response) => response.json<{ code?: string }>().code);
    const checked = codes.filter((code) => code === 'invalid_credentials').length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(codes.filter((code) => code === 'sign_in_throttled')).toHaveLength(16 - checked);
    expect(responses.at(-1)?.statusCode).toBe(429);
    expect(await failedSignIns(t, user.id)).toBe(checked);
    const sessions = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('user_id', '=', user.id)
      .execute();
    expect(sessions).toHaveLength(0);
  });

  it('issue 11: failures from one address do not lock the account for the person at another address', async () => {
    const chair = await givenUser(t.ctx, 'panel_chair');
    const attacker = `203.0.113.${engine === 'pglite' ? 20 : 21}`;
    for (let n = 0; n < 8; n += 1) {
      await attempt(t, { email: chair.email, password: `attacker guess ${n}`, ip: attacker });
    }
    const blocked = await attempt(t, { email: chair.email, password: TEST_PASSWORD, ip: attacker });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'sign_in_throttled' });
    const chairAtHome = await attempt(t, {
      email: chair.email,
      password: TEST_PASSWORD,
      ip: `192.0.2.${engine === 'pglite' ? 30 : 31}`,
    });
    expect(chairAtHome.statusCode).toBe(200);
  });

  it('issue 11: guesses from many addresses slow the account down by seconds, never lock it, and a place the person signed in from is not slowed', async () => {
    const secas = await givenUser(t.ctx, 'code_administrator');
    const office = `192.0.2.${engine === 'pglite' ? 40 : 41}`;
    const signIn = (ip: string) => attempt(t, { email: secas.email, password: TEST_PASSWORD, ip });
    expect((await signIn(office)).statusCode).toBe(200);
    const octet = engine === 'pglite' ? 1 : 2;
    const botnet = [];
    for (let n = 0; n < 12; n += 1) {
      const ip = `10.${octet}.0.${n}`;
      botnet.push(await attempt(t, { email: secas.email, password: `botnet guess ${n}`, ip }));
    }
    expect(botnet.map((response) => response.statusCode)).toEqual([
      ...Array<number>(10).fill(401),
      429,
      429,
    ]);
    expect(Number(botnet[11]?.headers['retry-after'])).toBeLessThanOrEqual(5);
    expect((await signIn(office)).statusCode).toBe(200);
    const travelling = `192.0.2.${engine === 'pglite' ? 50 : 51}`;
    const slowed = await signIn(travelling);
    expect(slowed.statusCode).toBe(429);
    expect(slowed.json()).toMatchObject({ code: 'sign_in_throttled' });
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(5);
    t.clock.advance(5_000);
    expect((await signIn(travelling)).statusCode).toBe(200);
  });

  it('issue 11: a known and an unknown account get the same answers, throttled or not, with no retry time that tells them apart', async () => {
    const known = await givenUser(t.ctx, 'panel_member');
    const unknown = `nobody-${engine}@example.org`;
    const ip = `198.51.100.${engine === 'pglite' ? 60 : 61}`;
    for (let n = 0; n < 7; n += 1) {
      const [forKnown, forUnknown] = [
        await attempt(t, { email: known.email, password: `wrong ${n} password`, ip }),
        await attempt(t, { email: unknown, password: `wrong ${n} password`, ip }),
      ];
      expect(forUnknown.statusCode).toBe(forKnown.statusCode);
      expect(forUnknown.json()).toEqual(forKnown.json());
      expect(forUnknown.headers['retry-after']).toBe(forKnown.headers['retry-after']);
    }
    const last = await attempt(t, { email: unknown, password: 'wrong again', ip });
    expect(last.json()).toMatchObject({ code: 'sign_in_throttled' });
    expect(last.json()).not.toHaveProperty('retryAt');
  });
});
