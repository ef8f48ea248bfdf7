import type { FastifyInstance } from 'fastify';
import { auditHead } from '../../audit/audit.store.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { openAppealWindows } from '../appeal/appeal.queries.ts';
import { listConsultations } from '../consultation/consultation.queries.ts';
import { allNotices } from '../notice/notice.queries.ts';
import { listReleases } from '../release/release.queries.ts';
import { registerSearchPage } from './search.pages.ts';

/** How many of each list the landing page shows before linking to the whole list. */
const SHOWN = 5;

/**
 * The public landing page, the SEC Website's release section: the releases to come, the
 * consultations and appeal windows open now, the latest notices (D10.8(b), (c), D10.9, D10.17)
 * and the head of the audit chain with how to verify it. Everything on it is public.
 */
export function registerLandingPage(app: FastifyInstance): void {
  // Issue 13: the search the landing page offers is registered with it.
  registerSearchPage(app);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const now = app.ctx.now();
    const today = todayOf(now);
    const [releases, consultations, appealWindows, notices, head] = await Promise.all([
      listReleases(app.ctx.db),
      listConsultations(app.ctx.db, now, { status: 'open' }),
      openAppealWindows(app.ctx),
      allNotices(app.ctx.db),
      auditHead(app.ctx.db),
    ]);
    return reply.page('landing.njk', {
      title: 'SEC Release Management',
      upcoming: releases
        .filter((r) => r.go_live >= today && r.status !== 'cancelled' && r.status !== 'live')
        .toSorted((a, b) => a.go_live.localeCompare(b.go_live))
        .slice(0, SHOWN),
      consultations: consultations.slice(0, SHOWN),
      appealWindows,
      notices: notices.slice(0, SHOWN),
      head,
    });
  });
}
