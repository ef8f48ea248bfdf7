import type { AppContext } from '../../src/app-context.ts';
import type { Engine } from '../../src/db/database.ts';
import { buildApp, type SecrelApp } from '../../src/http/app.ts';
import { SYSTEM_ACTOR } from '../../src/audit/audit.ts';
import { createOrganisation, createUser } from '../../src/modules/identity/identity.actions.ts';
import { createApiToken } from '../../src/modules/identity/token.actions.ts';
import type { OrganisationKind, PartyCategory, Role } from '../../src/modules/identity/identity.ts';
import {
  createTestDatabase,
  TestClock,
  testConfig,
  testContext,
  type TestDatabase,
} from './test-db.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: SecrelApp;
  ctx: AppContext;
  database: TestDatabase;
  clock: TestClock;
  close(): Promise<void>;
}

/** A migrated database of `engine` with the HTTP app over it (no listening socket). */
export async function createTestApp(
  engine: Engine,
  clock = new TestClock(),
  config = testConfig(),
): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const ctx = testContext(database, clock, config);
  const app = await buildApp(ctx);
  await app.ready();
  return {
    app,
    ctx,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

let counter = 0;

export interface TestUser {
  id: number;
  email: string;
  token: string;
  organisationId: number | null;
}

/** Creates an organisation directly (system actor) for fixtures. */
export async function givenOrganisation(
  ctx: AppContext,
  name: string,
  kind: OrganisationKind = 'party',
  partyCategory: PartyCategory | null = kind === 'party' ? 'large_supplier' : null,
  isUser = true,
): Promise<number> {
  return createOrganisation(ctx, null, { name, kind, partyCategory, isUser }, SYSTEM_ACTOR);
}

/** Creates a user with `role` and an API token for it. */
export async function givenUser(
  ctx: AppContext,
  role: Role,
  options: { organisationId?: number | null; scope?: string; email?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const email = options.email ?? `${role.replace(/_/g, '-')}-${counter}@example.org`;
  const id = await createUser(
    ctx,
    null,
    {
      email,
      name: `Test ${role} ${counter}`,
      password: TEST_PASSWORD,
      organisationId: options.organisationId ?? null,
      roles: [{ role, scope: options.scope ?? '' }],
    },
    SYSTEM_ACTOR,
  );
  const { token } = await createApiToken(ctx, SYSTEM_ACTOR, id, 'test');
  return { id, email, token, organisationId: options.organisationId ?? null };
}

export function bearer(user: TestUser): { authorization: string } {
  return { authorization: `Bearer ${user.token}` };
}

/** A browser-like session: cookies kept between requests, CSRF token read from forms. */
export class BrowserSession {
  private cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly app: SecrelApp) {}

  /** The Cookie header this session sends. */
  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keep(setCookie: string | string[] | undefined): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string) {
    const response = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader() },
    });
    this.keep(response.headers['set-cookie']);
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match?.[1]) this.csrfToken = match[1];
    return response;
  }

  async post(url: string, form: Record<string, string>, options: { csrf?: boolean } = {}) {
    const payload = new URLSearchParams({
      ...(options.csrf === false ? {} : { _csrf: this.csrfToken }),
      ...form,
    });
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: payload.toString(),
    });
    this.keep(response.headers['set-cookie']);
    return response;
  }

  /**
   * Signs in as a browser does: the form, then the page it redirects to, whose CSRF token is
   * bound to the new session (the sign-in page's token stops working at sign-in).
   */
  async signIn(email: string, password = TEST_PASSWORD) {
    await this.get('/sign-in');
    const response = await this.post('/sign-in', { email, password, next: '/home' });
    const location = response.headers.location;
    if (response.statusCode === 303 && typeof location === 'string') await this.get(location);
    return response;
  }
}
