import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { optionalWholeNumber } from '../../http/params.ts';
import { toAuditFilter, type AuditQueryInput } from './audit-filter.ts';
import { canReadAudit } from './audit.access.ts';
import { listAuditActions, listAuditEvents } from '../../audit/audit.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { listUsers } from '../identity/identity.queries.ts';
import { actionInWords } from '../../audit/audit-words.ts';
import { SUBJECT_NAMES, presentAuditEvent } from './audit.present.ts';

const PAGE_SIZE = 50;

/** The audit page: filters by subject, actor, action and date, newest first, paginated. */
export function registerAuditPages(app: FastifyInstance): void {
  app.get('/audit', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canReadAudit);
    const query = request.query as AuditQueryInput & { before?: string };
    const [actionCodes, users] = await Promise.all([
      listAuditActions(app.ctx.db),
      listUsers(app.ctx.db),
    ]);
    // Issue 13: the filters choose by name and in words, never by code or user number.
    const actions = actionCodes.map((code) => ({ value: code, text: actionInWords(code) }));
    const actors = users.map((user) => ({
      value: String(user.id),
      text: user.organisationName ? `${user.name} (${user.organisationName})` : user.name,
    }));
    const subjects = Object.entries(SUBJECT_NAMES).map(([value, text]) => ({ value, text }));
    let filter;
    try {
      filter = toAuditFilter(query);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const errors = [{ text: error.message, href: `#${error.field ?? 'subjectType'}` }];
      return reply.page(
        'audit.njk',
        { title: 'Audit trail', query, actions, actors, subjects, events: [], errors },
        400,
      );
    }
    const before = optionalWholeNumber(query.before);
    const page = await listAuditEvents(app.ctx.db, filter, {
      before,
      limit: PAGE_SIZE,
    });
    const params = new URLSearchParams();
    for (const key of ['subjectType', 'subjectId', 'actorId', 'action', 'from', 'to'] as const) {
      const value = query[key];
      if (value !== undefined && String(value) !== '') params.set(key, String(value));
    }
    const olderHref =
      page.nextBefore === null
        ? null
        : `/audit?${new URLSearchParams([...params, ['before', String(page.nextBefore)]]).toString()}`;
    return reply.page('audit.njk', {
      title: 'Audit trail',
      query,
      actions,
      actors,
      subjects,
      events: page.events.map((event) => presentAuditEvent(event, principal)),
      olderHref,
      // Issue 13: the exports keep the page's filters.
      exportQuery: params.size === 0 ? '' : `?${params.toString()}`,
    });
  });
}
