import type { FastifyInstance } from 'fastify';
import { secmp0061FindingHref } from '../code-text/code-text-pages.present.ts';
import { recordWindowOf } from '../installation/installation.queries.ts';
import { presentRules } from './rules.present.ts';

/** Issue 14: the finding of the Code's checks behind each drafting point (check, where). */
const DRAFTING_FINDINGS: Readonly<Record<string, readonly [string, string]>> = {
  'drafting-1': ['drifted-reference', 'D10.15'],
  'drafting-2': ['non-sequential-label', 'D10.2(m)'],
  'drafting-3': ['double-definition', 'D10.18'],
  'drafting-4': ['stale-term', 'D10.15'],
};

/** Ruling 19: the public page of the readings secrel applies; no sign-in. */
export function registerRulesPages(app: FastifyInstance): void {
  app.get('/rules', { schema: { hide: true } }, async (_request, reply) => {
    const rules = presentRules(await recordWindowOf(app.ctx.db));
    return reply.page('rules.njk', {
      title: 'How secrel reads the Code',
      ...rules,
      draftingPoints: rules.draftingPoints.map((d) => {
        const finding = DRAFTING_FINDINGS[d.anchor];
        return { ...d, findingHref: finding ? secmp0061FindingHref(...finding) : undefined };
      }),
    });
  });
}
