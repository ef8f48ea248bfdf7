import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { OidcConfig } from '../../src/config.ts';

/** What the provider says about an account: its e-mail address and whether it verified it. */
export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/** A real OpenID provider (oidc-provider, certified) on loopback, for one test file. */
export interface TestOidcProvider {
  issuer: string;
  /** The settings secrel needs (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, a name). */
  config: OidcConfig;
  /** The accounts the provider knows, by the login typed on its sign-in page. */
  accounts: Map<string, ProviderAccount>;
  /** Codes the provider redeemed at its token endpoint (a replay finds none left to redeem). */
  redeemedCodes: () => number;
  close(): Promise<void>;
}

const CLIENT_ID = 'secrel-test';
const CLIENT_SECRET = randomBytes(24).toString('base64url');

/**
 * Starts oidc-provider on 127.0.0.1 with one confidential client for `redirectUri`, PKCE (S256)
 * required, and a sign-in page of its own (/interaction/:uid: one "Login" field naming an
 * account of `accounts`); consent is implied (a first-party client). ID tokens carry only `sub`,
 * as the spec's default: secrel reads the e-mail claims from UserInfo.
 */
export async function startOidcProvider(
  redirectUri: string,
  accounts: Record<string, ProviderAccount> = {},
): Promise<TestOidcProvider> {
  const known = new Map(Object.entries(accounts));
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let redeemed = 0;

  const configuration: Configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { methods: ['S256'], required: () => true },
    jwks: {
      keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }],
    },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      Grant: 600,
    },
    findAccount: (_ctx, id) => {
      const account = known.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({
        clientId: client.clientId,
        accountId: session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('authorization_code.consumed', () => {
    redeemed += 1;
  });
  const callback = provider.callback();

  server.on('request', (req, res) => {
    const match = /^\/interaction\/([\w-]+)$/.exec(req.url ?? '');
    if (!match) {
      void callback(req, res);
      return;
    }
    void interaction(provider, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  return {
    issuer,
    config: { issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, name: 'Test Provider' },
    accounts: known,
    redeemedCodes: () => redeemed,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

/** The provider's sign-in page: GET shows a one-field form; POST logs that account in. */
async function interaction(
  provider: Provider,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'POST') {
    const body = new URLSearchParams(await readBody(req));
    const login = body.get('login') ?? '';
    await provider.interactionFinished(
      req,
      res,
      login === '' ? { error: 'access_denied' } : { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(`<!doctype html><html lang="en"><head><title>Test Provider: sign in</title></head>
<body><main><h1>Test Provider</h1>
<form method="post" action="/interaction/${details.uid}">
<label for="login">Login</label> <input id="login" name="login" autocomplete="off">
<button type="submit">Continue</button>
</form></main></body></html>`);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A cookie jar for one origin: names and values, paths ignored (the provider's names differ). */
class CookieJar {
  private cookies = new Map<string, string>();

  keep(lines: string[]): void {
    for (const line of lines) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at < 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1);
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }
}

/** What secrel answered, through `app.inject`. */
export interface SecrelResponse {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * A browser for the whole code flow: secrel's side through `inject` (its public URL is never
 * dialled), the provider's over real HTTP with `fetch`, a cookie jar for each, redirects followed
 * by hand so each hop can be seen.
 */
export class OidcBrowser {
  readonly secrelCookies = new CookieJar();
  private readonly providerCookies = new CookieJar();

  constructor(
    private readonly inject: (request: {
      method: 'GET';
      url: string;
      headers: Record<string, string>;
    }) => Promise<SecrelResponse>,
    private readonly publicUrl: string,
  ) {}

  /** GET a secrel path with this browser's cookies. */
  async secrel(path: string): Promise<SecrelResponse> {
    const response = await this.inject({
      method: 'GET',
      url: path,
      headers: { cookie: this.secrelCookies.header() },
    });
    this.secrelCookies.keep([response.headers['set-cookie'] ?? []].flat() as string[]);
    return response;
  }

  /**
   * Starts at secrel's "Sign in with …" link, signs in at the provider as `login` ('' cancels),
   * and stops at the callback to secrel, which it returns without calling (tests call it).
   */
  async toCallback(login: string, next = '/home'): Promise<string> {
    const start = await this.secrel(`/sign-in/oidc?next=${encodeURIComponent(next)}`);
    if (start.statusCode !== 303) throw new Error(`sign-in did not redirect: ${start.body}`);
    let url = String(start.headers.location);
    for (let hop = 0; hop < 10; hop += 1) {
      if (url.startsWith(this.publicUrl)) return url;
      const isForm = /\/interaction\/[\w-]+$/.test(new URL(url).pathname);
      const response = await fetch(url, {
        method: isForm ? 'POST' : 'GET',
        redirect: 'manual',
        headers: {
          cookie: this.providerCookies.header(),
          ...(isForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(isForm ? { body: new URLSearchParams({ login }).toString() } : {}),
      });
      this.providerCookies.keep(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (location === null) {
        throw new Error(`provider stopped at ${url}: ${response.status} ${await response.text()}`);
      }
      url = new URL(location, url).href;
    }
    throw new Error('too many redirects');
  }

  /** Calls secrel's callback URL (as the provider's redirect would) with this browser's cookies. */
  async callback(url: string): Promise<SecrelResponse> {
    return this.secrel(url.slice(this.publicUrl.length));
  }
}
