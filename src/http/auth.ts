import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { principalForSession, principalForToken } from '../modules/identity/session.actions.ts';
import type { Principal } from '../modules/identity/identity.ts';
import { requireActor } from '../modules/identity/identity.access.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'secrel_session';

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
  const token = request.cookies[SESSION_COOKIE];
  request.principal = token ? ((await principalForSession(ctx, token)) ?? null) : null;
}

export function sessionCookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(secure));
}

/** Content types a cross-site HTML form can send without a CORS preflight. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)/i;

/**
 * Unsafe requests that another site could forge must carry the CSRF token: every form post to a
 * page, and API calls in a form's shape. API calls with a bearer token, or with a JSON body or a
 * method only scripts can send (which the browser would preflight, and no CORS is offered), cannot
 * be forged cross-site and need none.
 */
export function needsCsrfCheck(request: FastifyRequest): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
  if (request.headers.authorization !== undefined) return false;
  if (!request.url.startsWith('/api/')) return true;
  if (request.method !== 'POST') return false;
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
