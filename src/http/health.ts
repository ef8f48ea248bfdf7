import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { isReachable } from '../db/database.ts';

/** `/health`: 200 when the database answers, 503 when it does not. */
export function registerHealthRoute(app: FastifyInstance): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'Service health, including whether the database answers',
        tags: ['system'],
        security: [],
        response: {
          200: HealthSchema,
          503: HealthSchema,
        },
      },
    },
    async (_request, reply) => {
      const reachable = await isReachable(app.ctx.db);
      return reply.code(reachable ? 200 : 503).send({
        status: reachable ? 'ok' : 'unavailable',
        database: { engine: app.ctx.engine, reachable },
      });
    },
  );
}

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Object({ engine: Type.String(), reachable: Type.Boolean() }),
});
