import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS } from '../errors.ts';
import { fromDatabaseError, isDatabaseError, RETRY_AFTER_SECONDS } from './database-errors.ts';

/**
 * Answered in JSON like the API: probes, the metrics scraper and the calendar and Atom feeds'
 * readers (issue 13; a revoked private feed is a 404 in the error shape) are programs too.
 */
const SYSTEM_ROUTES = new Set([
  '/health',
  '/ready',
  '/metrics',
  '/calendar.ics',
  '/calendar/private/:token',
  '/feeds/decisions.atom',
  '/feeds/publications.atom',
]);

function isApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || SYSTEM_ROUTES.has(request.routeOptions.url ?? '');
}

/** The JSON path of the first failing field, as a dotted name (`roles.0.role`). */
function fieldOf(error: FastifyError): string | undefined {
  const first = error.validation?.[0];
  if (!first) return undefined;
  const params = first.params as { missingProperty?: string; additionalProperty?: string };
  const base = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const leaf = params.missingProperty ?? params.additionalProperty;
  const field = [base, leaf].filter(Boolean).join('.');
  return field === '' ? error.validationContext : field;
}

/** Turns anything thrown into a catalogued AppError; unknown errors become `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as Partial<FastifyError> & { code?: string };
  if (fastifyError.validation) {
    const field = fieldOf(fastifyError as FastifyError);
    const where = fastifyError.validationContext ?? 'request';
    const message = `${field ?? where} ${fastifyError.validation[0]?.message ?? 'is not valid'}`;
    return new AppError('validation_failed', message, field === undefined ? {} : { field });
  }
  const fromDatabase = fromDatabaseError(error);
  if (fromDatabase) return fromDatabase;
  if (typeof fastifyError.code === 'string') {
    if (fastifyError.code.startsWith('FST_CSRF')) return new AppError('csrf_invalid');
    if (fastifyError.code.startsWith('FST_ERR_CTP') || fastifyError.code === 'FST_ERR_VALIDATION') {
      return new AppError('bad_request', fastifyError.message);
    }
    if (['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', 'ETIMEDOUT'].includes(fastifyError.code)) {
      return new AppError('database_unavailable');
    }
  }
  if (fastifyError.statusCode === 429) return new AppError('rate_limited');
  if (fastifyError.statusCode === 413)
    return new AppError('bad_request', 'The request is too large');
  if (fastifyError.statusCode === 415)
    return new AppError('bad_request', 'Send JSON or a web form');
  // Any other refusal a plugin gives (an unreadable multipart body, a missing JSON body).
  const status = fastifyError.statusCode ?? 500;
  if (status === 404) return new AppError('not_found');
  if (status >= 400 && status < 500) return new AppError('bad_request');
  return new AppError('internal');
}

export function handleError(
  this: unknown,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const appError = toAppError(error);
  const retryAfter = RETRY_AFTER_SECONDS[appError.code];
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  if (appError.code === 'internal' || appError.code === 'database_unavailable') {
    request.log.error({ err: error }, 'request failed');
  } else if (isDatabaseError(error)) {
    // Issue 11: hostile input the database refused is the caller's fault, not an outage.
    request.log[appError.status >= 500 ? 'warn' : 'info'](
      { code: appError.code, sqlState: error.code, url: request.url },
      'refused by the database',
    );
  } else if (appError.code === 'forbidden' || appError.code === 'csrf_invalid') {
    request.log.warn(
      { code: appError.code, user: request.principal?.userId, url: request.url },
      'refused',
    );
  }
  if (isApi(request)) return reply.code(appError.status).send(appError.toJSON());
  if (appError.code === 'unauthenticated' && request.method === 'GET') {
    return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`);
  }
  return reply.page(
    'error.njk',
    { title: titleFor(appError), message: appError.message, code: appError.code },
    appError.status,
  );
}

function titleFor(error: AppError): string {
  switch (error.status) {
    case 403:
      return 'You do not have permission to do this';
    case 404:
      return 'Page not found';
    case 409:
      return 'This has changed';
    case 429:
      return 'Too many attempts';
    default:
      return error.status >= 500
        ? 'Sorry, there is a problem with the service'
        : 'There is a problem';
  }
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  if (isApi(request))
    return reply.code(404).send({ code: 'not_found', message: ERRORS.not_found.message });
  return reply.page(
    'error.njk',
    {
      title: 'Page not found',
      message: 'If you typed the web address, check it is correct.',
      code: 'not_found',
    },
    404,
  );
}

/**
 * Issue 11: Fastify's own refusals of a request it cannot route (`frameworkErrors`): a bad
 * percent-encoding (400 `bad_request`) or a path parameter over `maxParamLength` (414
 * `url_too_long`), answered in the one error shape. No hook has run, so no page layout either.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const appError =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new AppError('url_too_long')
      : new AppError('bad_request', 'The web address is not valid');
  request.log.info({ code: appError.code, fastifyCode: error.code }, 'refused');
  reply.code(appError.status).header('cache-control', 'no-store');
  const html = (request.headers.accept ?? '').includes('text/html');
  if (html && !(request.raw.url ?? '').startsWith('/api/')) {
    void reply
      .type('text/html; charset=utf-8')
      .send(
        `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${appError.message}</title></head><body><h1>${appError.message}</h1><p><a href="/">Go to the home page</a></p></body></html>`,
      );
    return;
  }
  void reply.send(appError.toJSON());
}
