import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import { setNotice } from '../../http/notice.ts';
import { parseId } from '../../http/params.ts';
import { canAdminister, requireActor } from '../identity/identity.access.ts';
import {
  OUTBOX_STATUSES,
  getOutboxMessage,
  isOutboxStatus,
  listOutbox,
  type OutboxStatus,
} from '../../outbox/outbox.store.ts';
import { retryFailedMessage } from './outbox.actions.ts';

const PAGE_SIZE = 25;

const STATUS_VIEW: Record<OutboxStatus, { text: string; classes: string }> = {
  pending: { text: 'Pending', classes: 'govuk-tag--yellow' },
  sent: { text: 'Sent', classes: 'govuk-tag--green' },
  failed: { text: 'Failed', classes: 'govuk-tag--red' },
};

/** A keyset cursor from the query string: a positive whole number, else none. */
function parseBefore(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return undefined;
  const before = Number(value);
  return before > 0 ? before : undefined;
}

function outboxHref(status: OutboxStatus | undefined, before?: number): string {
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (before !== undefined) query.set('before', String(before));
  const text = query.toString();
  return text === '' ? '/admin/outbox' : `/admin/outbox?${text}`;
}

/** The Code Administrator's view of the e-mail outbox; without SMTP, e-mail waits here. */
export function registerOutboxPages(app: FastifyInstance): void {
  app.get('/admin/outbox', { schema: { hide: true } }, async (request, reply) => {
    requireActor(request.principal, canAdminister);
    const query = request.query as Record<string, string | undefined>;
    const status = isOutboxStatus(query.status) ? query.status : undefined;
    const before = parseBefore(query.before);
    const page = await listOutbox(app.ctx.db, { status }, { before, limit: PAGE_SIZE });
    return reply.page('outbox.njk', {
      title: 'E-mail outbox',
      smtpConfigured: app.ctx.config.smtpUrl !== undefined,
      messages: page.messages,
      counts: OUTBOX_STATUSES.map((value) => ({
        status: value,
        ...STATUS_VIEW[value],
        count: page.counts[value],
        href: outboxHref(value),
      })),
      total: page.counts.pending + page.counts.sent + page.counts.failed,
      statusView: STATUS_VIEW,
      statusItems: [
        { value: '', text: 'All', selected: status === undefined },
        ...OUTBOX_STATUSES.map((value) => ({
          value,
          text: STATUS_VIEW[value].text,
          selected: value === status,
        })),
      ],
      status,
      filtered: status !== undefined || before !== undefined,
      olderHref: page.nextBefore === null ? null : outboxHref(status, page.nextBefore),
      newestHref: before === undefined ? null : outboxHref(status),
    });
  });

  app.get('/admin/outbox/:id', { schema: { hide: true } }, async (request, reply) => {
    requireActor(request.principal, canAdminister);
    const id = parseId((request.params as { id: string }).id, 'message');
    const message = await getOutboxMessage(app.ctx.db, id);
    if (!message) throw new AppError('not_found', 'No such message in the outbox');
    return reply.page('outbox-message.njk', {
      title: `E-mail: ${message.subject}`,
      message,
      status: STATUS_VIEW[message.status],
      smtpConfigured: app.ctx.config.smtpUrl !== undefined,
    });
  });

  app.post('/admin/outbox/:id/retry', { schema: { hide: true } }, async (request, reply) => {
    const principal = requireActor(request.principal, canAdminister);
    const id = parseId((request.params as { id: string }).id, 'message');
    await retryFailedMessage(app.ctx, principal, id);
    setNotice(
      reply,
      app.ctx.config.smtpUrl === undefined
        ? 'The message is pending again; it will be sent once SMTP is configured.'
        : 'The message is pending again and will be sent shortly.',
    );
    return reply.redirect(`/admin/outbox/${id}`, 303);
  });
}
