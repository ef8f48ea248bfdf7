import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { needsCsrfCheck, resolvePrincipal } from './auth.ts';

/**
 * Security headers, cookies, forms, CSRF protection, rate limits, and the principal of each
 * request (from its bearer token or session cookie).
 */
export async function registerSecurity(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    hsts: ctx.config.secureCookies,
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'secrel_csrf',
    cookieOpts: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: ctx.config.secureCookies,
      signed: false,
    },
  });
  await app.register(rateLimit, { global: false });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/static/') || request.url.startsWith('/assets/')) return;
    // Probes and the metrics scraper act for no one: no session or API token is looked up
    // (liveness must not need the database; /metrics has its own bearer token).
    if (['/health', '/ready', '/metrics'].includes(request.routeOptions.url ?? '')) return;
    await resolvePrincipal(ctx, request);
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!needsCsrfCheck(request)) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });
}
