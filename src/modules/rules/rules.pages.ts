import type { FastifyInstance } from 'fastify';
import { presentRules } from './rules.present.ts';

/** Ruling 19: the public page of the readings secrel applies; no sign-in. */
export function registerRulesPages(app: FastifyInstance): void {
  app.get('/rules', { schema: { hide: true } }, (_request, reply) =>
    reply.page('rules.njk', { title: 'How secrel reads the Code', ...presentRules() }),
  );
}
