import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { ErrorSchema } from '../../schemas.ts';
import { principalOfFeedToken } from './feed.actions.ts';
import { atomOf, icsOf } from './feed.present.ts';
import { calendarItems, decisionEntries, publicationEntries } from './feed.queries.ts';
import { isFeedToken } from './feed.ts';

/** Issue 13: the public and private calendar feeds (ICS) and the Atom feeds (public). */
export function registerFeedRoutes(app: FastifyInstance): void {
  const site = () => ({
    publicUrl: app.ctx.config.publicUrl,
    host: new URL(app.ctx.config.publicUrl).hostname,
    now: app.ctx.now(),
  });

  app.get(
    '/calendar.ics',
    {
      schema: {
        summary:
          'The public calendar (iCalendar): Panel meetings and papers dates, go-lives, RID freezes, appeal deadlines, consultation closes',
        tags: ['feeds'],
      },
    },
    async (_request, reply) => {
      const items = await calendarItems(app.ctx, null);
      return reply
        .type('text/calendar; charset=utf-8')
        .send(icsOf(items, { ...site(), name: 'SEC releases and Panel dates' }));
    },
  );

  app.get<{ Params: { token: string } }>(
    '/calendar/private/:token',
    {
      schema: {
        summary:
          'A person’s private calendar (iCalendar): the public dates and their open actions; 404 once the token is revoked',
        tags: ['feeds'],
        response: { 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const token = request.params.token.replace(/\.ics$/, '');
      const principal = isFeedToken(token) ? await principalOfFeedToken(app.ctx, token) : null;
      if (!principal) throw new AppError('not_found', 'No such calendar feed');
      const items = await calendarItems(app.ctx, principal);
      reply.header('cache-control', 'private, no-store');
      return reply
        .type('text/calendar; charset=utf-8')
        .send(icsOf(items, { ...site(), name: `SEC dates for ${principal.name}` }));
    },
  );

  app.get(
    '/feeds/decisions.atom',
    { schema: { summary: 'Decisions on modifications (Atom)', tags: ['feeds'] } },
    async (_request, reply) =>
      reply.type('application/atom+xml; charset=utf-8').send(
        atomOf(await decisionEntries(app.ctx), {
          ...site(),
          title: 'SEC modification decisions',
          path: '/feeds/decisions.atom',
          page: '/modifications',
        }),
      ),
  );

  app.get(
    '/feeds/publications.atom',
    {
      schema: {
        summary: 'Publications: release notices and published RID approvals (Atom)',
        tags: ['feeds'],
      },
    },
    async (_request, reply) =>
      reply.type('application/atom+xml; charset=utf-8').send(
        atomOf(await publicationEntries(app.ctx), {
          ...site(),
          title: 'SEC release publications',
          path: '/feeds/publications.atom',
          page: '/releases',
        }),
      ),
  );
}
