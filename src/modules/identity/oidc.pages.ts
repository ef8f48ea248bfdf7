import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.ts';
import { setSessionCookie } from '../../http/auth.ts';
import { requestMeta } from '../../http/request-ip.ts';
import { safeNext } from './sign-in-next.ts';
import { finishOidcSignIn, startOidcSignIn } from './oidc.actions.ts';
import { OIDC_CALLBACK_PATH, OIDC_SIGN_IN_TTL_MS } from './oidc.ts';

/**
 * The cookie binding a sign-in at the provider to the browser that started it; `__Secure-` over
 * HTTPS, so no plain-HTTP page can plant one.
 */
export function oidcCookieName(secure: boolean): string {
  return secure ? '__Secure-secrel_oidc' : 'secrel_oidc';
}

/**
 * HttpOnly, only sent to the single sign-on paths, and SameSite=Lax: the provider's redirect back
 * is a top-level GET navigation, which Lax cookies accompany.
 */
function oidcCookieOptions(secure: boolean) {
  return {
    path: '/sign-in/oidc',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    maxAge: OIDC_SIGN_IN_TTL_MS / 1000,
  };
}

/** Issue 11: "Sign in with <provider>" (OpenID Connect), beside the password sign-in. */
export function registerOidcPages(app: FastifyInstance): void {
  const limits = { rateLimit: { max: 20, timeWindow: '1 minute' } };

  function refused(reply: FastifyReply, error: AppError) {
    return reply.page(
      'oidc-refused.njk',
      { title: 'You have not been signed in', message: error.message },
      error.status,
    );
  }

  app.get('/sign-in/oidc', { schema: { hide: true }, config: limits }, async (request, reply) => {
    if (!app.ctx.config.oidc) throw new AppError('not_found');
    const query = request.query as Record<string, string | undefined>;
    const started = await startOidcSignIn(app.ctx, safeNext(query.next)).catch((error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      return error;
    });
    if (started instanceof AppError) return refused(reply, started);
    const secure = app.ctx.config.secureCookies;
    reply.setCookie(oidcCookieName(secure), started.state, oidcCookieOptions(secure));
    return reply.redirect(started.url, 303);
  });

  app.get(
    OIDC_CALLBACK_PATH,
    { schema: { hide: true }, config: limits },
    async (request, reply) => {
      if (!app.ctx.config.oidc) throw new AppError('not_found');
      const secure = app.ctx.config.secureCookies;
      const stateCookie = request.cookies[oidcCookieName(secure)];
      reply.clearCookie(oidcCookieName(secure), oidcCookieOptions(secure));
      const at = request.url.indexOf('?');
      const result = await finishOidcSignIn(app.ctx, {
        search: at < 0 ? '' : request.url.slice(at),
        stateCookie,
        ...requestMeta(request),
      }).catch((error: unknown) => {
        if (!(error instanceof AppError)) throw error;
        return error;
      });
      if (result instanceof AppError) return refused(reply, result);
      setSessionCookie(reply, app.ctx.config.secureCookies, result.token);
      return reply.redirect(safeNext(result.nextPath), 303);
    },
  );
}
