import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../errors.ts';
import { readBacklog } from '../jobs/backlog.store.ts';
import { handleError } from './error-handler.ts';
import { withinProbeTimeout } from './health.ts';
import { routeOf } from './request-log.ts';

/**
 * The process's own metrics (CPU, memory, event-loop lag, GC, handles): one registry per process,
 * however many apps it builds (tests build many), since they describe the process.
 */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Labels with a bounded set of values: the route pattern, a known method, the status class. */
function requestLabels(request: FastifyRequest, status: number) {
  return {
    method: METHODS.has(request.method) ? request.method : 'OTHER',
    route: routeOf(request),
    status_class: `${Math.floor(status / 100)}xx`,
  };
}

/** Headers a reverse proxy adds: a request carrying one did not come from this machine. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'via'];

function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address);
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read `/metrics`. With METRICS_TOKEN set: whoever sends it as a bearer token (401
 * otherwise). Without it: only a request made directly from this machine, its socket on loopback
 * and no proxy's forwarding header (403 otherwise), so a reverse proxy on the same host does not
 * publish it.
 */
export function checkMetricsAccess(request: FastifyRequest, token: string | undefined): void {
  if (token !== undefined) {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given === undefined || !sameSecret(given, token)) {
      throw new AppError('unauthenticated', 'Send the METRICS_TOKEN as a bearer token');
    }
    return;
  }
  const forwarded = FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
  if (forwarded || !isLoopback(request.socket.remoteAddress)) {
    throw new AppError(
      'forbidden',
      '/metrics answers only requests from this machine; set METRICS_TOKEN to read it from elsewhere',
    );
  }
}

/**
 * `/metrics` in the Prometheus text format: request durations and status counts recorded as
 * requests complete, the worker's backlog read from the database at each scrape, and the
 * process's metrics.
 */
export function registerMetrics(app: FastifyInstance): void {
  const registry = new Registry();
  // Read from the database at each scrape; left out of a scrape whose read failed, rather than
  // reported as zero or as the last value.
  const backlogRegistry = new Registry();
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by route pattern, method and status class',
    labelNames: ['method', 'route', 'status_class'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const responses = new Counter({
    name: 'http_responses_total',
    help: 'Responses sent, by status code',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const jobs = new Gauge({
    name: 'secrel_jobs_pending',
    help: 'Background jobs not done, by kind; state "due" is the backlog (run_at passed)',
    labelNames: ['kind', 'state'] as const,
    registers: [backlogRegistry],
  });
  const outboxPending = new Gauge({
    name: 'secrel_outbox_pending_messages',
    help: 'E-mails waiting in the outbox to be sent',
    registers: [backlogRegistry],
  });
  const outboxAge = new Gauge({
    name: 'secrel_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest e-mail waiting in the outbox (0 when none waits)',
    registers: [backlogRegistry],
  });
  const databaseUp = new Gauge({
    name: 'secrel_database_up',
    help: '1 when the database answered the backlog read of this scrape, 0 when it did not',
    registers: [registry],
  });
  processMetrics();

  app.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    duration.observe(requestLabels(request, status), reply.elapsedTime / 1000);
    responses.inc({ status: String(status) });
    done();
  });

  /** Sets the backlog gauges from the database; false when it does not answer. */
  const refreshBacklog = async (request: FastifyRequest): Promise<boolean> => {
    const now = app.ctx.now();
    jobs.reset();
    try {
      const backlog = await withinProbeTimeout(readBacklog(app.ctx.db, now));
      for (const { kind, due, scheduled } of backlog.jobs) {
        jobs.set({ kind, state: 'due' }, due);
        jobs.set({ kind, state: 'scheduled' }, scheduled);
      }
      outboxPending.set(backlog.outboxPending);
      const oldest = backlog.outboxOldestPendingAt;
      outboxAge.set(oldest === null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000));
      databaseUp.set(1);
      return true;
    } catch (error) {
      // The process metrics are most wanted when the database is down: scrape them anyway.
      const cause = error instanceof Error ? error.message : String(error);
      request.log.warn({ cause }, 'metrics: the database does not answer');
      databaseUp.set(0);
      return false;
    }
  };

  // Registered before the app sets its error handler (the hooks above must come before the
  // plugins), so the route names it: refusals get the app's error shape and log lines.
  const errorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply): void => {
    void handleError(error, request, reply);
  };
  app.get('/metrics', { schema: { hide: true }, errorHandler }, async (request, reply) => {
    checkMetricsAccess(request, app.ctx.config.metricsToken);
    const backlogRead = await refreshBacklog(request);
    const text =
      (await processMetrics().metrics()) +
      (await registry.metrics()) +
      (backlogRead ? await backlogRegistry.metrics() : '');
    return reply.type(registry.contentType).header('cache-control', 'no-store').send(text);
  });
}
