import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { pendingMigrations } from '../db/migration-status.ts';

/** How long `/ready` and `/metrics` wait for the database before saying it does not answer. */
export const PROBE_TIMEOUT_MS = 2000;

/** `work`, or a rejection once {@link PROBE_TIMEOUT_MS} have passed without its answer. */
export async function withinProbeTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`));
    }, PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/health` is liveness: 200 whenever the process answers, without touching the database (a
 * restart would not bring a lost database back). `/ready` is readiness: 200 when the database
 * answers and every migration of this version is applied, 503 with the reason otherwise, so a
 * load balancer sends no traffic to a server that cannot serve it.
 */
export function registerHealthRoute(app: FastifyInstance): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness: the process answers (the database is not checked; see /ready)',
        tags: ['system'],
        security: [],
        response: { 200: HealthSchema },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        summary:
          'Readiness: the database answers and every migration is applied (503 with the reason otherwise)',
        tags: ['system'],
        security: [],
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    },
    async (request, reply) => {
      const readiness = await readinessOf(app, request.log);
      return reply.code(readiness.status === 'ready' ? 200 : 503).send(readiness);
    },
  );
}

type Readiness = Static<typeof ReadySchema>;

async function readinessOf(app: FastifyInstance, log: FastifyBaseLogger): Promise<Readiness> {
  const { db, engine } = app.ctx;
  try {
    const pending = await withinProbeTimeout(pendingMigrations(db));
    if (pending.length === 0) {
      return { status: 'ready', database: { engine, reachable: true }, pendingMigrations: [] };
    }
    return {
      status: 'not_ready',
      reason: `${pending.length} migration(s) not applied: run "secrel migrate" or start "secrel serve", which applies them`,
      database: { engine, reachable: true },
      pendingMigrations: pending,
    };
  } catch (error) {
    // The cause (a host name, a PostgreSQL message) goes to the log, not to an anonymous caller.
    const cause = error instanceof Error ? error.message : String(error);
    log.warn({ cause }, 'not ready: the database does not answer');
    return {
      status: 'not_ready',
      reason: 'the database does not answer',
      database: { engine, reachable: false },
      pendingMigrations: [],
    };
  }
}

const HealthSchema = Type.Object({ status: Type.Literal('ok') });

const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  reason: Type.Optional(Type.String({ description: 'Why the server is not ready' })),
  database: Type.Object({ engine: Type.String(), reachable: Type.Boolean() }),
  pendingMigrations: Type.Array(Type.String(), {
    description: 'Migrations of this version the database has not applied',
  }),
});
