import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { recordWindowOf } from '../installation/installation.queries.ts';
import { presentRules } from './rules.present.ts';
import { RulesSchema } from './rules.schema.ts';

/** Ruling 19: the readings secrel applies, public like the page `/rules`. */
export function registerRulesRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/rules',
    {
      schema: {
        summary:
          'The rulings secrel applies where the Code is silent (each with the clause text, the reading applied and the other reading) and the drafting points of the legal text (public, ruling 19)',
        tags: ['rules'],
        security: [],
        response: { 200: RulesSchema },
      },
    },
    async () => presentRules(await recordWindowOf(app.ctx.db)),
  );
}
