import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS } from '../errors.ts';

/** Answered in JSON like the API: probes and the metrics scraper are programs too. */
const SYSTEM_ROUTES = new Set(['/health', '/ready', '/metrics']);

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
  return new AppError('internal');
}

export function handleError(
  this: unknown,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const appError = toAppError(error);
  if (appError.code === 'internal' || appError.code === 'database_unavailable') {
    request.log.error({ err: error }, 'request failed');
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
