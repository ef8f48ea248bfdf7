import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { needsCsrfCheck, resolvePrincipal, sessionSecretOf } from './auth.ts';
import { checkCsrfToken, issueCsrfToken } from './csrf.ts';
import { clientAddress } from './request-ip.ts';
import { registerSecurityHeaders } from './security-headers.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** The CSRF token for this response's forms, bound to the session (src/http/csrf.ts). */
    generateCsrf(): string;
  }
}

/**
 * Security headers, cookies, forms, CSRF protection, rate limits, and the principal of each
 * request (from its bearer token or session cookie).
 */
export async function registerSecurity(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerSecurityHeaders(app, ctx.config.secureCookies);
  await app.register(cookie);
  await app.register(formbody);
  const secure = ctx.config.secureCookies;
  app.decorateReply('generateCsrf', function generateCsrf(this: FastifyReply) {
    return issueCsrfToken(this.request, this, secure, sessionSecretOf(this.request, secure));
  });
  await app.register(rateLimit, { global: false, keyGenerator: clientAddress });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/static/') || request.url.startsWith('/assets/')) return;
    // Probes and the metrics scraper act for no one: no session or API token is looked up
    // (liveness must not need the database; /metrics has its own bearer token).
    if (['/health', '/ready', '/metrics'].includes(request.routeOptions.url ?? '')) return;
    await resolvePrincipal(ctx, request);
  });
  app.addHook('preHandler', (request, _reply, done) => {
    try {
      if (needsCsrfCheck(request))
        checkCsrfToken(request, secure, sessionSecretOf(request, secure));
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });
}
