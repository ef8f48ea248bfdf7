import type { FastifyInstance } from 'fastify';
import { ROLE_NAMES } from '../identity/identity.ts';
import { sortAttention } from '../../web/attention.ts';
import { ATTENTION_PROVIDERS } from './home.attention.ts';
import { registerLandingPage } from './landing.pages.ts';
import { requireActor, isSignedIn } from '../identity/identity.access.ts';

/** The public landing page and each signed-in person's home page. */
export function registerHomePages(app: FastifyInstance): void {
  registerLandingPage(app);

  app.get('/home', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, isSignedIn);
    const lists = await Promise.all(
      ATTENTION_PROVIDERS.map((provider) => provider(app.ctx, principal)),
    );
    const all = lists.flat();
    // Issue 13: what asks the person to act, then their own records (appeals, responses).
    const items = sortAttention(all.filter((item) => item.record === undefined));
    const records = all.filter((item) => item.record !== undefined);
    const roles = principal.roles.map((grant) => ROLE_NAMES[grant.role]);
    return reply.page('home.njk', { title: 'Home', items, records, roles });
  });
}
