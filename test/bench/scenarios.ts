import type { BenchAccount } from './database-setup.ts';
import type { Scenario } from './measure.ts';
import type { BenchTargets } from './targets.ts';

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

/** The names of the scenarios whose p99 must not grow with the audit trail (issue 12). */
export const AUDIT_SCALED = ['audit page, newest', 'modifications (SECAS)'] as const;

/** The page a release's readers open, and the one its own RID redline gives. */
function releasePaths(targets: BenchTargets) {
  return {
    release: `/releases/${targets.releaseId}`,
    rid: `/releases/${targets.ridReleaseId}/rid`,
    ridVersion: `/releases/${targets.ridReleaseId}/rid/versions/${targets.ridTo}`,
    redline: `/releases/${targets.ridReleaseId}/rid/redline?from=${targets.ridFrom}&to=${targets.ridTo}`,
  };
}

/**
 * The write scenario: SECAS allocates another part of a split modification to a release whose
 * scope is open, through the API, each request a new part (D10.7, D10.8(a)).
 */
function allocationWrite(targets: BenchTargets, bearer: Record<string, string>): Scenario[] {
  const write = targets.write;
  if (!write) return [];
  const run = Date.now().toString(36);
  let counter = 0;
  return [
    {
      name: 'write: allocate a part (SECAS, API)',
      path: `/api/v1/releases/${write.releaseId}/allocations`,
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: () => {
        counter += 1;
        return JSON.stringify({
          modificationId: write.modificationId,
          part: `bench-${run}-${counter}`,
          description: 'A part allocated by the bench',
          dccImpacting: write.dccImpacting,
        });
      },
    },
  ];
}

/** The pages and API calls measured, in the order they run. */
export function benchScenarios(credentials: Credentials, targets: BenchTargets): Scenario[] {
  const chair = { cookie: credentials.chairCookie };
  const admin = { cookie: credentials.adminCookie };
  const bearer = { authorization: `Bearer ${credentials.adminToken}` };
  const paths = releasePaths(targets);
  const search = encodeURIComponent(targets.searchWord);
  return [
    { name: 'ready', path: '/ready' },
    { name: 'landing page', path: '/', public: true },
    { name: 'releases (public)', path: '/releases', public: true },
    { name: 'a release (public)', path: paths.release, public: true },
    { name: 'a release (chair)', path: paths.release, headers: chair },
    { name: 'RID (public)', path: paths.rid, public: true },
    { name: 'RID version (public)', path: paths.ridVersion, public: true },
    { name: 'RID redline (public)', path: paths.redline, public: true },
    { name: 'modifications (SECAS)', path: '/modifications', headers: admin },
    {
      name: 'modifications, filtered (SECAS)',
      path: '/modifications?status=implemented',
      headers: admin,
    },
    { name: 'modifications, searched (SECAS)', path: `/modifications?q=${search}`, headers: admin },
    {
      name: 'modifications, deep (SECAS)',
      path: `/modifications?page=${targets.deepModificationPage}`,
      headers: admin,
    },
    {
      name: 'a modification (SECAS)',
      path: `/modifications/${targets.modificationId}`,
      headers: admin,
    },
    { name: 'home page (chair)', path: '/home', headers: chair },
    { name: 'home page (SECAS)', path: '/home', headers: admin },
    { name: 'calendar page', path: '/calendar' },
    {
      name: 'deadline API',
      path: '/api/v1/calendar/deadline?instant=2021-06-09T12:00:00Z&n=10',
    },
    { name: 'releases API', path: '/api/v1/releases', headers: bearer },
    { name: 'modifications API', path: '/api/v1/modifications', headers: bearer },
    { name: 'audit page, newest', path: '/audit', headers: chair },
    { name: 'audit page, deep', path: `/audit?before=${DEEP_SEQ}`, headers: chair },
    { name: 'audit API, newest', path: '/api/v1/audit?limit=50', headers: bearer },
    {
      name: 'audit API, by subject',
      path: `/api/v1/audit?subjectType=modification&subjectId=${targets.modificationId}`,
      headers: bearer,
    },
    {
      name: 'audit API, by action, deep',
      path: `/api/v1/audit?action=modification.status_changed&before=${DEEP_SEQ}`,
      headers: bearer,
    },
    { name: 'outbox page (SECAS)', path: '/admin/outbox', headers: admin },
    ...allocationWrite(targets, bearer),
  ];
}

/** The scenarios whose names contain one of `words` (all of them when `words` is empty). */
export function selectScenarios(scenarios: Scenario[], words: readonly string[]): Scenario[] {
  if (words.length === 0) return scenarios;
  return scenarios.filter((scenario) =>
    words.some((word) => scenario.name.toLowerCase().includes(word.toLowerCase())),
  );
}
