import { Type } from 'typebox';
import {
  APPEAL_STATUSES,
  DETERMINATIONS,
  MAX_DETERMINATION_LENGTH,
  MAX_REASONS_LENGTH,
} from './appeal.ts';

export const VersionParams = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'The release' }),
  n: Type.Integer({ minimum: 1, description: 'The RID version number' }),
});

export const LodgeAppealBody = Type.Object({
  reasons: Type.String({
    maxLength: MAX_REASONS_LENGTH,
    description: 'Why the Party appeals the approval (D10.17: required)',
  }),
});

export const DetermineAppealBody = Type.Object({
  outcome: Type.Enum([...DETERMINATIONS]),
  determination: Type.String({
    maxLength: MAX_DETERMINATION_LENGTH,
    description: 'The text of the Authority’s determination (required)',
  }),
  determinedOn: Type.Optional(
    Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'YYYY-MM-DD; default: today (UK date)',
    }),
  ),
  version: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'The appeal’s version as read; a stale one is refused',
    }),
  ),
});

export const AppealListQuery = Type.Object({
  status: Type.Optional(
    Type.Enum(['open', 'determined', ...APPEAL_STATUSES], {
      description: 'open: awaiting the Authority; determined: any outcome',
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, description: 'Default 1' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'Default 50' })),
});

const Nullable = (schema: ReturnType<typeof Type.String>) => Type.Union([schema, Type.Null()]);

export const AppealSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  ridVersionId: Type.Integer(),
  ridVersionNumber: Type.Integer(),
  organisation: Type.Object({ id: Type.Integer(), name: Type.String() }),
  lodgedAt: Type.String({ format: 'date-time' }),
  reasons: Nullable(
    Type.String({
      description:
        'null when hidden: shown only to the Panel, SECAS, the Authority, the DCC and the appellant',
    }),
  ),
  status: Type.Enum([...APPEAL_STATUSES]),
  statusName: Type.String(),
  determination: Nullable(Type.String()),
  determinedOn: Nullable(Type.String({ format: 'date' })),
  version: Type.Integer(),
});

export const AppealListResponse = Type.Object({
  items: Type.Array(AppealSchema),
  page: Type.Integer(),
  limit: Type.Integer(),
  total: Type.Integer(),
  nextPage: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Pass as page for the next page; null on the last',
  }),
});

export const AppealWindowSchema = Type.Object({
  ridVersionNumber: Type.Integer(),
  ridVersionStatus: Type.String(),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  deadline: Nullable(
    Type.String({ description: '23:59:59 UK time on the 10th Working Day after publication' }),
  ),
  state: Type.Enum(['unpublished', 'open', 'closed']),
});

export const ReleaseAppealsResponse = Type.Object({
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  windows: Type.Array(AppealWindowSchema, {
    description: 'Each approved RID version’s own appeal window (ruling 1)',
  }),
  appeals: Type.Array(AppealSchema),
});

/** A refusal; `deadline` is set when the appeal window has closed (appeal_out_of_time). */
export const AppealErrorSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  field: Type.Optional(Type.String()),
  deadline: Type.Optional(Type.String()),
});
