import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Issue 11: CSRF tokens bound to the session (OWASP CSRF Cheat Sheet, "HMAC-based token"). A
 * form's token is the HMAC of a fixed label keyed by the secret of the browser's session cookie,
 * which the server sees on every request but never stores (it keeps only the secret's SHA-256),
 * and which no page can read (HttpOnly). Another session's token, or a token planted with a
 * cookie of its own, does not match; a new session at sign-in means new tokens. Before sign-in
 * (the sign-in form) the key is a random pre-session cookie, dropped when the session starts.
 */
const LABEL = 'secrel CSRF token v1';
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** The pre-session cookie's name: `__Host-` when cookies are secure (see sessionCookieName). */
export function csrfCookieName(secure: boolean): string {
  return secure ? '__Host-secrel_csrf' : 'secrel_csrf';
}

function cookieOptions(secure: boolean) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure };
}

export function clearPreSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(csrfCookieName(secure), cookieOptions(secure));
}

function tokenFor(secret: string): string {
  return createHmac('sha256', secret).update(LABEL).digest('base64url');
}

function preSessionSecret(request: FastifyRequest, secure: boolean): string | undefined {
  const value = request.cookies[csrfCookieName(secure)];
  return value !== undefined && SECRET.test(value) ? value : undefined;
}

/**
 * The token for the forms of this response: bound to `sessionSecret` when the request came with a
 * live session, otherwise to the pre-session cookie (set now if the browser has none).
 */
export function issueCsrfToken(
  request: FastifyRequest,
  reply: FastifyReply,
  secure: boolean,
  sessionSecret: string | undefined,
): string {
  if (sessionSecret !== undefined) return tokenFor(sessionSecret);
  let secret = preSessionSecret(request, secure);
  if (secret === undefined) {
    secret = randomBytes(32).toString('base64url');
    reply.setCookie(csrfCookieName(secure), secret, cookieOptions(secure));
    request.cookies[csrfCookieName(secure)] = secret;
  }
  return tokenFor(secret);
}

/** The token a request sent: the form's `_csrf` field, or an `X-CSRF-Token` header. */
function sentToken(request: FastifyRequest): string | undefined {
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = typeof body === 'object' && body !== null ? body._csrf : undefined;
  if (typeof field === 'string') return field;
  const header = request.headers['x-csrf-token'] ?? request.headers['csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/** Refuses (403 `csrf_invalid`) a request whose token is not the one of its session. */
export function checkCsrfToken(
  request: FastifyRequest,
  secure: boolean,
  sessionSecret: string | undefined,
): void {
  const secret = sessionSecret ?? preSessionSecret(request, secure);
  const sent = sentToken(request);
  if (secret === undefined || sent === undefined) throw new AppError('csrf_invalid');
  const expected = Buffer.from(tokenFor(secret));
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new AppError('csrf_invalid');
  }
}
