import { timingSafeEqual } from 'node:crypto';
import * as client from 'openid-client';
import { inTransaction, type AppContext } from '../../app-context.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import type { OidcConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import {
  OIDC_SCOPES,
  OIDC_SIGN_IN_TTL_MS,
  allowsPlainHttp,
  checkOidcAccount,
  oidcRedirectUri,
  verifiedEmailOf,
  type OidcClaims,
} from './oidc.ts';
import { findUserByEmail, hashSecret } from './identity.store.ts';
import { consumeOidcSignIn, insertOidcSignIn, type OidcSignIn } from './oidc.store.ts';
import { openSession, type SignInResult } from './session.actions.ts';

/** Each provider's metadata, discovered once per process (again after a failure). */
const discovered = new WeakMap<OidcConfig, Promise<client.Configuration>>();

/** The configured provider, from its discovery document (`sso_unavailable` if it cannot be read). */
async function providerOf(ctx: AppContext): Promise<client.Configuration> {
  const oidc = ctx.config.oidc;
  if (!oidc) throw new AppError('not_found', 'Single sign-on is not set up');
  let pending = discovered.get(oidc);
  if (!pending) {
    pending = client.discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      { client_secret: oidc.clientSecret },
      client.ClientSecretBasic(oidc.clientSecret),
      {
        timeout: 10,
        // Plain HTTP only for an issuer on this machine (allowsPlainHttp): tests, local trials.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        ...(allowsPlainHttp(oidc.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
    discovered.set(oidc, pending);
  }
  try {
    return await pending;
  } catch (error) {
    discovered.delete(oidc);
    throw new AppError('sso_unavailable', undefined, { details: { cause: String(error) } });
  }
}

/**
 * Issue 11: starts a single sign-on. A fresh `state`, `nonce` and PKCE code verifier (S256) are
 * kept server-side for ten minutes, under the hash of the state; the state also goes back to the
 * browser (in an HttpOnly cookie) so the callback is bound to the browser that started it.
 */
export async function startOidcSignIn(
  ctx: AppContext,
  nextPath: string,
): Promise<{ url: string; state: string }> {
  const provider = await providerOf(ctx);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    await insertOidcSignIn(unit.trx, {
      id: hashSecret(state),
      codeVerifier,
      nonce,
      nextPath,
      createdAt: unit.now,
      expiresAt: new Date(unit.now.getTime() + OIDC_SIGN_IN_TTL_MS),
    });
  });
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: oidcRedirectUri(ctx.config.publicUrl),
    scope: OIDC_SCOPES,
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url: url.href, state };
}

export interface OidcCallback {
  /** The callback's query string as received, `?code=…&state=…` (or `?error=…`). */
  search: string;
  /** The state the browser kept in its cookie, if any. */
  stateCookie: string | undefined;
  userAgent: string;
  ip: string;
}

/**
 * Issue 11: completes a single sign-on. The state must be the browser's own and unused (a replay
 * or a tampered state is `sso_state_invalid`); the code is exchanged with the PKCE verifier and
 * the ID token checked (issuer, audience, signature, nonce); the provider's verified e-mail
 * finds the account SECAS created. Then the session opens as a password sign-in's does, with
 * method `oidc`. Every refusal is audited (`session.sso_refused`) and changes nothing else.
 */
export async function finishOidcSignIn(
  ctx: AppContext,
  input: OidcCallback,
): Promise<SignInResult & { nextPath: string }> {
  const seen: { email?: string; userId?: number; providerError?: string } = {};
  try {
    const provider = await providerOf(ctx);
    const pending = await takeSignIn(ctx, input);
    const params = new URLSearchParams(input.search);
    const providerError = params.get('error');
    if (providerError !== null) {
      seen.providerError = providerError;
      throw new AppError('sso_failed');
    }
    const claims = await exchangeCode(ctx, provider, input.search, pending);
    if (typeof claims.email === 'string') seen.email = claims.email;
    const email = verifiedEmailOf(claims);
    const user = await findUserByEmail(ctx.db, email);
    if (user) seen.userId = user.id;
    const account = checkOidcAccount(
      user && { id: user.id, name: user.name, disabled: user.disabled_at !== null },
    );
    const result = await openSession(ctx, account, {
      method: 'oidc',
      userAgent: input.userAgent,
      ip: input.ip,
    });
    return { ...result, nextPath: pending.nextPath };
  } catch (error) {
    if (error instanceof AppError && error.code !== 'not_found') {
      await auditRefusal(ctx, error, seen, input.ip);
    }
    throw error;
  }
}

/** The pending sign-in named by the callback's state, used up; refused unless the browser's own. */
async function takeSignIn(ctx: AppContext, input: OidcCallback): Promise<OidcSignIn> {
  const state = new URLSearchParams(input.search).get('state') ?? '';
  if (state === '' || !input.stateCookie || !sameSecret(state, input.stateCookie)) {
    throw new AppError('sso_state_invalid');
  }
  const pending = await inTransaction(ctx, SYSTEM_ACTOR, (unit) =>
    consumeOidcSignIn(unit.trx, hashSecret(state), unit.now),
  );
  if (!pending) throw new AppError('sso_state_invalid');
  return pending;
}

/** Compares two secrets in constant time (by their hashes, which have one length). */
function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(hashSecret(a), 'hex'), Buffer.from(hashSecret(b), 'hex'));
}

/**
 * The code for tokens at the provider (authorization code grant with the PKCE verifier), the ID
 * token validated by openid-client; the e-mail claims from UserInfo when the ID token has none.
 */
async function exchangeCode(
  ctx: AppContext,
  provider: client.Configuration,
  search: string,
  pending: OidcSignIn,
): Promise<OidcClaims> {
  const state = new URLSearchParams(search).get('state') ?? '';
  try {
    const tokens = await client.authorizationCodeGrant(
      provider,
      new URL(`${oidcRedirectUri(ctx.config.publicUrl)}${search}`),
      {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      },
    );
    const claims = tokens.claims();
    if (!claims) throw new AppError('sso_failed', undefined, { details: { cause: 'no ID token' } });
    if (claims.email !== undefined && claims.email_verified !== undefined) return claims;
    const info = await client.fetchUserInfo(provider, tokens.access_token, claims.sub);
    return { sub: claims.sub, email: info.email, email_verified: info.email_verified };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('sso_failed', undefined, { details: { cause: String(error) } });
  }
}

async function auditRefusal(
  ctx: AppContext,
  error: AppError,
  seen: { email?: string; userId?: number; providerError?: string },
  ip: string,
): Promise<void> {
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    await unit.audit({
      action: 'session.sso_refused',
      subjectType: seen.userId === undefined ? 'sign_in' : 'user',
      subjectId: seen.userId === undefined ? (seen.email ?? 'unknown') : String(seen.userId),
      after: {
        method: 'oidc',
        reason: error.code,
        email: seen.email ?? null,
        providerError: seen.providerError ?? null,
        cause: typeof error.details?.cause === 'string' ? error.details.cause.slice(0, 300) : null,
        ip,
      },
    });
  });
}
