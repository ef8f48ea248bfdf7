import { Type } from 'typebox';
import {
  DCC_REQUEST_STATUSES,
  MAX_DETAIL,
  MAX_REASON,
  MAX_RESPONSE,
  MAX_SUBJECT,
  REQUEST_SECTIONS,
} from './dcc-request.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const VersionField = Type.Integer({
  minimum: 1,
  description: 'The version you saw; if it has changed since, the change is refused with 409',
});

export const DccRequestBody = Type.Object({
  subject: Type.String({ maxLength: MAX_SUBJECT, description: 'What the DCC is asked for' }),
  detail: Type.Optional(Type.String({ maxLength: MAX_DETAIL })),
  dueDate: Type.String({
    maxLength: 10,
    description: 'YYYY-MM-DD, today (London) or later',
  }),
  ridSection: Type.Optional(
    Nullable(
      Type.String({
        description: `The RID section the request is for: ${REQUEST_SECTIONS.join(', ')}; null or '' for none (D10.14)`,
      }),
    ),
  ),
});

export const DccResponseBody = Type.Object({
  response: Type.String({ maxLength: MAX_RESPONSE, description: 'The DCC’s answer' }),
  version: Type.Optional(VersionField),
});

export const DccWithdrawalBody = Type.Object({
  reason: Type.String({ maxLength: MAX_REASON, description: 'Why the request is withdrawn' }),
  version: Type.Optional(VersionField),
});

export const DccRequestsQuery = Type.Object({
  status: Type.Optional(Type.Enum([...DCC_REQUEST_STATUSES], { default: 'open' })),
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
});

const Instant = Type.String({ format: 'date-time' });

export const DccRequestSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  ridSection: Nullable(Type.String()),
  ridSectionName: Nullable(Type.String()),
  subject: Type.String(),
  detail: Type.String(),
  dueDate: Type.String({ format: 'date' }),
  status: Type.Enum([...DCC_REQUEST_STATUSES]),
  statusName: Type.String(),
  overdue: Type.Boolean({ description: 'Open after the London day of its due date' }),
  requestedBy: Nullable(Type.String()),
  requestedAt: Instant,
  response: Nullable(Type.String()),
  respondedBy: Nullable(Type.String()),
  respondedAt: Nullable(Instant),
  withdrawalReason: Nullable(Type.String()),
  withdrawnBy: Nullable(Type.String()),
  withdrawnAt: Nullable(Instant),
  remindedAt: Nullable(Instant),
  overdueNotifiedAt: Nullable(Instant),
  version: Type.Integer(),
});

export const DccRequestPageSchema = Type.Object({
  items: Type.Array(DccRequestSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
