import type { BenchAccount } from './database-setup.ts';
import type { Scenario } from './measure.ts';

/** Signs in through the API as a demo user and returns the `Cookie` header for the session. */
export async function signInCookie(baseUrl: string, account: BenchAccount): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.text();
  if (response.status !== 200) {
    throw new Error(`sign-in as ${account.email} answered ${response.status}: ${body}`);
  }
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('secrel_session='));
  if (session === undefined) throw new Error(`sign-in as ${account.email} set no session cookie`);
  return session;
}

/** Makes an API token through the API for the signed-in user of `cookie`; returns the secret. */
export async function createTokenViaApi(baseUrl: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/me/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ name: `bench ${new Date().toISOString()}` }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { token?: unknown };
  if (response.status !== 201 || typeof body.token !== 'string') {
    throw new Error(`creating an API token answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.token;
}

export interface Credentials {
  /** Session cookie of the Panel Chair. */
  chairCookie: string;
  /** Session cookie of the Code Administrator (SECAS). */
  adminCookie: string;
  /** Bearer token of the Code Administrator. */
  adminToken: string;
}

/**
 * A sequence number deep in the history: the oldest pages are where offset pagination would
 * be slowest, and keyset pagination must cost the same as the first page.
 */
export const DEEP_SEQ = 1000;

/** The pages and API calls measured, in the order they run. */
export function benchScenarios(credentials: Credentials): Scenario[] {
  const chair = { cookie: credentials.chairCookie };
  const admin = { cookie: credentials.adminCookie };
  const bearer = { authorization: `Bearer ${credentials.adminToken}` };
  return [
    { name: 'ready', path: '/ready' },
    { name: 'landing page', path: '/' },
    { name: 'calendar page', path: '/calendar' },
    {
      name: 'deadline API',
      path: '/api/v1/calendar/deadline?instant=2021-06-09T12:00:00Z&n=10',
    },
    { name: 'home page (chair)', path: '/home', headers: chair },
    { name: 'audit page, newest', path: '/audit', headers: chair },
    { name: 'audit page, deep', path: `/audit?before=${DEEP_SEQ}`, headers: chair },
    { name: 'audit API, newest', path: '/api/v1/audit?limit=50', headers: bearer },
    {
      name: 'audit API, by subject',
      path: '/api/v1/audit?subjectType=modification&subjectId=42',
      headers: bearer,
    },
    {
      name: 'audit API, by action, deep',
      path: `/api/v1/audit?action=session.signed_in&before=${DEEP_SEQ}`,
      headers: bearer,
    },
    { name: 'outbox page (SECAS)', path: '/admin/outbox', headers: admin },
  ];
}

/** The scenarios whose names contain one of `words` (all of them when `words` is empty). */
export function selectScenarios(scenarios: Scenario[], words: readonly string[]): Scenario[] {
  if (words.length === 0) return scenarios;
  return scenarios.filter((scenario) =>
    words.some((word) => scenario.name.toLowerCase().includes(word.toLowerCase())),
  );
}
