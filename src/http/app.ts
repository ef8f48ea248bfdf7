import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { createViewEnvironment, layoutContext } from '../web/views.ts';
import { breadcrumbsFor } from '../web/breadcrumbs.ts';
import { registerAssets } from './assets.ts';
import { registerSecurity } from './security.ts';
import { registerRenderCache } from './render-cache.ts';
import { sessionCookieName } from './auth.ts';
import { SCHEMA_CONTROLLER } from './validation.ts';
import { takeNotice } from './notice.ts';
import { handleError, handleFrameworkError, handleNotFound } from './error-handler.ts';
import { registerHardening } from './hardening.ts';
import { registerDateInputs } from '../web/date-input.ts';
import { registerModules } from './modules.ts';
import { registerMetrics } from './metrics.ts';
import { registerReadScope } from './read-scope.ts';
import { loggingOptions, type LogOptions } from './request-log.ts';
import { wrapTables } from '../web/table-regions.ts';

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
  /** Logging (src/http/request-log.ts); none when absent. */
  logger?: LogOptions | false;
}

/** How long an idle keep-alive connection is kept open (Node's default, not Fastify's 72 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 5000;

/** Builds the HTTP app: API under /api/v1, web pages, static assets, one error handler. */
export async function buildApp(ctx: AppContext, options: AppOptions = {}) {
  const app = Fastify({
    ...loggingOptions(options.logger ?? false),
    trustProxy: ctx.config.trustProxy,
    bodyLimit: 5 * 1024 * 1024,
    // Advertised to clients as `Keep-Alive: timeout=5`; they drop an idle connection before it
    // runs out, so a graceful shutdown that waits this long never races a request on one.
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    schemaController: SCHEMA_CONTROLLER,
    frameworkErrors: handleFrameworkError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('ctx', ctx);
  app.decorateRequest('principal', null);
  const apiRoutes: string[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') && !['/health', '/ready'].includes(route.url)) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') apiRoutes.push(`${method} ${route.url}`);
    }
  });

  registerMetrics(app);
  registerReadScope(app);
  await registerSecurity(app, ctx);
  registerRenderCache(app, ctx);
  await registerAssets(app);
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
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: sessionCookieName(ctx.config.secureCookies),
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });

  const views = createViewEnvironment();
  app.decorateReply('page', function page(this: FastifyReply, template, data = {}, status = 200) {
    const request = this.request;
    let csrfToken: string | undefined;
    // Issue 13, WCAG 2.2 1.4.10: every table scrolls in its own labelled region, not the page.
    const html = wrapTables(
      views.render(template, {
        ...layoutContext({
          principal: request.principal,
          csrfToken: { toString: () => (csrfToken ??= this.generateCsrf()) },
          currentPath: request.url.split('?')[0] ?? '/',
          notice: takeNotice(request, this),
        }),
        // Issue 13: a deep page's breadcrumbs, from its route and what it shows (not on errors).
        breadcrumbs:
          template === 'error.njk'
            ? []
            : breadcrumbsFor(
                request.routeOptions.url,
                request.params as Record<string, string>,
                request.principal,
                data,
              ),
        ...data,
      }),
    );
    return this.code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  });

  app.setErrorHandler(handleError);
  registerHardening(app);
  registerDateInputs(app);
  app.setNotFoundHandler(handleNotFound);
  registerModules(app);
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  return app;
}

export type SecrelApp = Awaited<ReturnType<typeof buildApp>>;
