import type { FastifyInstance } from 'fastify';
import { AppError, invalid } from '../../errors.ts';
import { dateProblemsOf } from '../../web/date-input.ts';
import { fieldErrorsOf, formErrors } from '../../web/forms.ts';
import { optionalWholeNumber } from '../../http/params.ts';
import { toAuditFilter, type AuditQueryInput } from './audit-filter.ts';
import { canReadAudit } from './audit.access.ts';
import { listAuditActions, listAuditEvents } from '../../audit/audit.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { listUsers } from '../identity/identity.queries.ts';
import { actorLabel } from '../identity/identity.ts';
import { actionInWords } from '../../audit/audit-words.ts';
import { SUBJECT_NAMES, presentAuditEvent } from './audit.present.ts';

const PAGE_SIZE = 50;

/** The date filters' error links land on their first input, the day. */
const DATE_FIELD_IDS = { from: 'from-day', to: 'to-day' };

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
      text: actorLabel(user),
    }));
    const subjects = Object.entries(SUBJECT_NAMES).map(([value, text]) => ({ value, text }));
    let filter;
    try {
      // Issue 13: a date typed as day, month and year that cannot be read is refused in its
      // own words before any filter is read.
      const [dateProblem] = dateProblemsOf(request);
      if (dateProblem) throw invalid(dateProblem.field, dateProblem.message);
      filter = toAuditFilter(query);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const errors = formErrors(error, DATE_FIELD_IDS, request);
      return reply.page(
        'audit.njk',
        {
          title: 'Audit trail',
          query,
          actions,
          actors,
          subjects,
          events: [],
          errors,
          fieldErrors: fieldErrorsOf(errors),
        },
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
