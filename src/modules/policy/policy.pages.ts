import type { FastifyInstance } from 'fastify';
import { parseId } from '../../http/params.ts';
import { redlineSummary } from './policy-redline.ts';
import { renderPolicyPage, renderVersionPage } from './policy-render.pages.ts';
import { redlineBetween } from './policy.present.ts';
import { registerPolicyFormPages } from './policy-form.pages.ts';
import { todayOf } from '../../calendar/deadline.ts';

/** The Policy's pages: the version in force and the versions (public), drafts for SECAS. */
export function registerPolicyPages(app: FastifyInstance): void {
  app.get('/policy', { schema: { hide: true } }, (request, reply) =>
    renderPolicyPage(app, request, reply),
  );

  app.get<{ Params: { id: string } }>(
    '/policy/versions/:id',
    { schema: { hide: true } },
    (request, reply) =>
      renderVersionPage(app, request, reply, parseId(request.params.id, 'Policy version')),
  );

  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/policy/redline',
    { schema: { hide: true } },
    async (request, reply) => {
      const today = todayOf(app.ctx.now());
      const fromId = parseId(request.query.from ?? '', 'Policy version');
      const toId = parseId(request.query.to ?? '', 'Policy version');
      const { from, to, redline } = await redlineBetween(
        app.ctx.db,
        request.principal,
        today,
        fromId,
        toId,
      );
      return reply.page('policy-redline.njk', {
        title: `Changes from version ${from.number} to version ${to.number}`,
        from,
        to,
        redline,
        summary: redlineSummary(redline),
        onlyChanged: (request.query as Record<string, unknown>).changes === 'only',
      });
    },
  );

  registerPolicyFormPages(app);
}
