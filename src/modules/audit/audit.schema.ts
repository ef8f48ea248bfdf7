import { Type } from 'typebox';

export const AuditQuery = Type.Object({
  subjectType: Type.Optional(Type.String({ maxLength: 100 })),
  subjectId: Type.Optional(Type.String({ maxLength: 100 })),
  actorId: Type.Optional(Type.Integer({ minimum: 1 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(
    Type.String({ format: 'date', description: 'First day, YYYY-MM-DD (UK time)' }),
  ),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day, YYYY-MM-DD (UK time)' })),
  before: Type.Optional(
    Type.Integer({ minimum: 1, description: 'Events before this sequence number' }),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

/** Issue 13: the audit page's filters, for its CSV and JSON exports (every event they keep). */
export const AuditExportQuery = Type.Object(Type.Omit(AuditQuery, ['before', 'limit']).properties);

export const AuditEventSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.Integer(), Type.Null()]),
  actorLabel: Type.String(),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  reason: Type.Union([Type.String(), Type.Null()]),
  prevHash: Type.String(),
  hash: Type.String(),
});

export const AuditPageSchema = Type.Object({
  events: Type.Array(AuditEventSchema),
  nextBefore: Type.Union([Type.Integer(), Type.Null()]),
});

export const VerifySchema = Type.Object({
  ok: Type.Boolean(),
  events: Type.Integer(),
  headHash: Type.Optional(Type.String()),
  brokenAt: Type.Optional(Type.Integer()),
  problem: Type.Optional(Type.String()),
});

/** The head of the audit chain as published on the landing page (issue 13). */
export const AuditHeadSchema = Type.Object({
  seq: Type.Integer({ description: 'The number of the latest event; 0 before the first' }),
  hash: Type.Union([Type.String(), Type.Null()], {
    description: 'Its hash: `secrel audit verify` prints the same head when the chain is intact',
  }),
  at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
