import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { principalForSession, principalForToken } from '../modules/identity/session.actions.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { requireActor } from '../modules/identity/identity.access.ts';
import { clearPreSessionCookie } from './csrf.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/**
 * The session cookie's name. With SECURE_COOKIES=true it is a `__Host-` cookie: the browser
 * keeps it only when it is Secure, for Path=/ and without a Domain, so no sibling subdomain and
 * no plain-HTTP page can set or overwrite it (ASVS 3.3.1).
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-secrel_session' : 'secrel_session';
}

/** Reads a bearer token or the session cookie and attaches the principal (or null). */
export async function resolvePrincipal(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = match?.[1] ? await principalForToken(ctx, match[1]) : undefined;
    if (!principal)
      throw new AppError('unauthenticated', 'The API token is not valid or has been revoked');
    request.principal = principal;
    return;
  }
  const token = request.cookies[sessionCookieName(ctx.config.secureCookies)];
  request.principal = token ? ((await principalForSession(ctx, token)) ?? null) : null;
}

/** The secret of the session this request was authenticated by, if it was by a session cookie. */
export function sessionSecretOf(request: FastifyRequest, secure: boolean): string | undefined {
  if (request.principal?.via !== 'session') return undefined;
  return request.cookies[sessionCookieName(secure)];
}

export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

/**
 * Starts the browser's session after a sign-in (by password or single sign-on): the session
 * cookie, and the pre-session CSRF cookie dropped, since forms are now bound to the session.
 */
export function setSessionCookie(reply: FastifyReply, secure: boolean, token: string): void {
  reply.setCookie(sessionCookieName(secure), token, sessionCookieOptions(secure));
  clearPreSessionCookie(reply, secure);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), sessionCookieOptions(secure));
  clearPreSessionCookie(reply, secure);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A POST without a body to this API route needs no CSRF token unless the browser says it
     * comes from another site (Fetch Metadata). Only for acts whose forgery harms nobody: the
     * caller signing out its own session.
     */
    bodilessPostFromSameSiteOnly?: boolean;
  }
}

/** Content types a cross-site HTML form can send without a CORS preflight. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)/i;

/** No body: neither a content type nor any bytes announced. */
function isBodiless(request: FastifyRequest): boolean {
  const { headers } = request;
  if (headers['content-type'] !== undefined || headers['transfer-encoding'] !== undefined)
    return false;
  return headers['content-length'] === undefined || headers['content-length'] === '0';
}

/** The browser's own word (Sec-Fetch-Site, which pages cannot set) that another site sent it. */
function fromAnotherSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}

/**
 * Unsafe requests that another site could forge must carry the CSRF token: every form post to a
 * page, and API calls in a form's shape. API calls with a bearer token, or with a JSON body or a
 * method only scripts can send (which the browser would preflight, and no CORS is offered), cannot
 * be forged cross-site and need none. A POST with no body can be sent cross-site without a
 * preflight (`fetch` in no-cors mode, `sendBeacon`), so it needs the token too, except on a route
 * that opts out with `bodilessPostFromSameSiteOnly`, where only another site's request does.
 */
export function needsCsrfCheck(request: FastifyRequest): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
  if (request.headers.authorization !== undefined) return false;
  if (!request.url.startsWith('/api/')) return true;
  if (request.method !== 'POST') return false;
  if (isBodiless(request) && request.routeOptions.config.bodilessPostFromSameSiteOnly === true) {
    return fromAnotherSite(request);
  }
  const type = request.headers['content-type'];
  return type === undefined || FORM_TYPES.test(type);
}

/** A preValidation hook: refuse (401/403) before the body is read, so it reveals nothing. */
export function refuseUnless(policy: (principal: Principal | null) => boolean) {
  return (request: FastifyRequest, _reply: unknown, done: () => void): void => {
    requireActor(request.principal, policy);
    done();
  };
}
