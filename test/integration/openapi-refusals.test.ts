import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS, type ErrorCode } from '../../src/errors.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';

/**
 * Codes every route may answer with, so no route lists them: a schema or field failure, an
 * unreadable body, no permission, a form without its token, a version read before a change, a
 * unique row already there, a constraint the database holds.
 */
const GENERIC: readonly ErrorCode[] = [
  'validation_failed',
  'bad_request',
  'forbidden',
  'csrf_invalid',
  'stale_version',
  'already_exists',
  'conflict',
];

/** Codes thrown only where no API route reaches: the single sign-on pages, the command line. */
const NOT_API: Partial<Record<ErrorCode, string>> = {
  sso_state_invalid: 'the single sign-on callback page (/sign-in/oidc/callback)',
  sso_email_unverified: 'the single sign-on callback page',
  sso_account_unknown: 'the single sign-on callback page',
  sso_account_disabled: 'the single sign-on callback page',
  cut_over_after_live_act: 'secrel cut-over set',
  cut_over_after_today: 'secrel cut-over set, secrel init',
};

/** Files whose codes no API route can give: pages, the command line. */
function isApiReachable(file: string): boolean {
  return !file.endsWith('.pages.ts') && !file.includes(`${path.sep}cli${path.sep}`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The catalogued 400, 403 and 409 codes named in code an API route can run. */
function refusalCodesThrownByTheApi(): ErrorCode[] {
  const files = sourceFiles('src')
    .filter(isApiReachable)
    .filter((file) => !file.endsWith(`${path.sep}errors.ts`));
  const text = files.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
  return (Object.keys(ERRORS) as ErrorCode[])
    .filter((code) => [400, 403, 409].includes(ERRORS[code].status))
    .filter((code) => !GENERIC.includes(code) && NOT_API[code] === undefined)
    .filter((code) => new RegExp(`['"\`]${code}['"\`]`).test(text));
}

describe.each(ENGINES)('issue 11: the OpenAPI document names each refusal on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => {
    await t.close();
  });

  it('issue 11: every catalogued 400, 403 and 409 code the API can throw is listed on a route that gives it', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body;
    const codes = refusalCodesThrownByTheApi();
    expect(codes.length).toBeGreaterThan(30);
    const unlisted = codes.filter((code) => !document.includes(`\`${code}\``));
    expect(unlisted).toEqual([]);
  });

  it('issue 11: rid_frozen is listed on every RID route that changes a version', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<
        string,
        Record<string, { responses: Record<string, { description?: string }> }>
      >;
    }>();
    const rid = '/api/v1/releases/{id}/rid';
    const changes = [
      ['post', `${rid}/drafts`],
      ['post', `${rid}/amendments`],
      ['patch', `${rid}/versions/{n}`],
      ['put', `${rid}/versions/{n}`],
      ['post', `${rid}/versions/{n}/submit`],
      ['post', `${rid}/versions/{n}/approve`],
    ] as const;
    const listed = changes
      .map(([method, url]) => [url, document.paths[url]?.[method]] as const)
      .filter(([, operation]) => operation !== undefined)
      .map(([url, operation]) => [
        url,
        JSON.stringify(operation?.responses['409'] ?? {}).includes('`rid_frozen`'),
      ]);
    expect(listed.length).toBe(5);
    expect(listed.filter(([, ok]) => !ok)).toEqual([]);
  });
});
