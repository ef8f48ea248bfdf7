import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.ts';
import { IdParams, withErrors } from '../../schemas.ts';
import { canAdminister, requireActor } from '../identity/identity.access.ts';
import { getOutboxMessage, listOutbox, type OutboxRow } from '../../outbox/outbox.store.ts';
import { retryFailedMessage } from './outbox.actions.ts';

const Status = Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]);
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);
const NullableText = Type.Union([Type.String(), Type.Null()]);

const summaryProperties = {
  id: Type.Integer(),
  to: Type.String({ description: 'Recipient address' }),
  toName: Type.String({ description: 'Recipient name; empty when not known' }),
  subject: Type.String(),
  status: Status,
  attempts: Type.Integer({ description: 'Sending attempts since queued or last retried' }),
  createdAt: Instant,
  sentAt: NullableInstant,
  nextAttemptAt: Type.Union([Instant, Type.Null()], {
    description: 'While pending after a failed attempt: not tried again before this instant',
  }),
  lastError: NullableText,
  messageId: Type.String({ description: 'The Message-ID header, fixed when queued' }),
  dedupeKey: NullableText,
};

const MessageSummary = Type.Object(summaryProperties);
const Message = Type.Object({ ...summaryProperties, text: Type.String() });
const Counts = Type.Object({
  pending: Type.Integer(),
  sent: Type.Integer(),
  failed: Type.Integer(),
});

const ListQuery = Type.Object({
  status: Type.Optional(Status),
  before: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Keyset: only messages with a smaller id' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

const ListResponse = Type.Object({
  messages: Type.Array(MessageSummary),
  counts: Counts,
  nextBefore: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Pass as `before` for older messages; null on the last page',
  }),
});

function presentSummary(row: OutboxRow) {
  return {
    id: row.id,
    to: row.to_address,
    toName: row.to_name,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    nextAttemptAt: row.status === 'pending' ? (row.locked_until?.toISOString() ?? null) : null,
    lastError: row.last_error,
    messageId: row.message_id,
    dedupeKey: row.dedupe_key,
  };
}

function presentMessage(row: OutboxRow) {
  return { ...presentSummary(row), text: row.body_text };
}

/** The e-mail outbox for the Code Administrator: list, read, and send a failed message again. */
export function registerOutboxRoutes(root: FastifyInstance): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['outbox'];

  app.get(
    '/api/v1/outbox',
    {
      schema: {
        summary: 'E-mail in the outbox, newest first, with counts by status (Code Administrator)',
        tags,
        querystring: ListQuery,
        response: withErrors({ 200: ListResponse }),
      },
    },
    async (request) => {
      requireActor(request.principal, canAdminister);
      const { status, before, limit } = request.query;
      const page = await listOutbox(app.ctx.db, { status }, { before, limit: limit ?? 50 });
      return {
        messages: page.messages.map(presentSummary),
        counts: page.counts,
        nextBefore: page.nextBefore,
      };
    },
  );

  app.get(
    '/api/v1/outbox/:id',
    {
      schema: {
        summary: 'One e-mail of the outbox, with its text (Code Administrator)',
        tags,
        params: IdParams,
        response: withErrors({ 200: Message }),
      },
    },
    async (request) => {
      requireActor(request.principal, canAdminister);
      const row = await getOutboxMessage(app.ctx.db, request.params.id);
      if (!row) throw new AppError('not_found', 'No such message in the outbox');
      return presentMessage(row);
    },
  );

  app.post(
    '/api/v1/outbox/:id/retry',
    {
      schema: {
        summary:
          'Send a failed e-mail again: it goes back to pending (Code Administrator; audited)',
        description: 'Answers 409 `outbox_not_failed` when the message is not failed.',
        tags,
        params: IdParams,
        response: withErrors({ 200: Message }, ['outbox_not_failed']),
      },
    },
    async (request) => {
      const principal = requireActor(request.principal, canAdminister);
      const row = await retryFailedMessage(app.ctx, principal, request.params.id);
      return presentMessage(row);
    },
  );
}
