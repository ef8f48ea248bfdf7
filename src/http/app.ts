import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { ensureStylesheet } from '../web/stylesheet.ts';
import { createViewEnvironment, layoutContext } from '../web/views.ts';
import { needsCsrfCheck, resolvePrincipal } from './auth.ts';
import { takeNotice } from './notice.ts';
import { handleError, handleNotFound } from './error-handler.ts';
import { registerModules } from './modules.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const nodeModules = path.resolve(here, '..', '..', 'node_modules');

export type App = FastifyInstance & { withTypeProvider: () => unknown };

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a page template inside the layout, with the principal, CSRF token and nonce. */
    page(template: string, data?: Record<string, unknown>, status?: number): FastifyReply;
  }
  interface FastifyInstance {
    ctx: AppContext;
    /** `METHOD /path` of every API route, for the OpenAPI completeness check. */
    apiRoutes: readonly string[];
  }
}

export interface AppOptions {
  logger?: boolean;
}

/** Builds the HTTP app: API under /api/v1, web pages, static assets, one error handler. */
export async function buildApp(ctx: AppContext, options: AppOptions = {}) {
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    trustProxy: true,
    bodyLimit: 5 * 1024 * 1024,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('ctx', ctx);
  app.decorateRequest('principal', null);
  const apiRoutes: string[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') && route.url !== '/health') return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') apiRoutes.push(`${method} ${route.url}`);
    }
  });

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
  await app.register(fastifyStatic, {
    root: path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk', 'assets'),
    prefix: '/assets/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: [path.resolve(here, '..', 'web', 'public'), ensureStylesheet()],
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  const govukScript = fs.readFileSync(
    path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk', 'govuk-frontend.min.js'),
  );
  app.get('/static/govuk-frontend.min.js', { schema: { hide: true } }, (_request, reply) =>
    reply
      .type('text/javascript')
      .header('cache-control', 'public, max-age=86400')
      .send(govukScript),
  );
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'SEC Release Management API',
        version: '1',
        description:
          'The API of secrel. Authenticate with `Authorization: Bearer <token>` (create one with `secrel users token` or on the account page). Errors are `{code, message, field?}`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'secrel_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });

  const views = createViewEnvironment();
  app.decorateReply('page', function page(this: FastifyReply, template, data = {}, status = 200) {
    const request = this.request;
    const html = views.render(template, {
      ...layoutContext({
        principal: request.principal,
        csrfToken: this.generateCsrf(),
        cspNonce: this.cspNonce.script,
        currentPath: request.url.split('?')[0] ?? '/',
        notice: takeNotice(request, this),
      }),
      ...data,
    });
    return this.code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/static/') || request.url.startsWith('/assets/')) return;
    await resolvePrincipal(ctx, request);
  });
  app.addHook('preHandler', (request, reply, done) => {
    if (!needsCsrfCheck(request)) {
      done();
      return;
    }
    app.csrfProtection(request, reply, done);
  });

  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);
  registerModules(app);
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return app;
}

export type SecrelApp = Awaited<ReturnType<typeof buildApp>>;
