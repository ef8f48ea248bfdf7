import { Type } from 'typebox';
import { SUB_COMMITTEES } from '../identity/identity.ts';
import { STATUSES } from '../modification/modification.ts';
import { MAX_TEXT_LENGTH, PURPOSE_LETTERS, DEFAULT_RESPONSE_WORKING_DAYS } from './refinement.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Instant = Type.String({ format: 'date-time' });

export const PurposeSchema = Type.Enum([...PURPOSE_LETTERS], {
  description: 'A purpose of D6.8, by its letter: a to l',
});

export const BodySchema = Type.Enum([...SUB_COMMITTEES], {
  description:
    'A sub-committee: tabasc (D6.8(f)), security_sub_committee (g), smki_pma (h), alt_han_forum (i)',
});

const Version = Type.Integer({
  minimum: 1,
  description: 'The version you read: a change based on an older one is refused (409)',
});

export const PurposeParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  purpose: PurposeSchema,
});

export const ConclusionBody = Type.Object(
  {
    conclusion: Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH }),
    version: Version,
  },
  { additionalProperties: false },
);

export const DccTestingBody = Type.Object(
  {
    required: Type.Boolean({ description: 'D6.8(e): whether DCC testing is required' }),
    testingSolution: Type.Optional(
      Type.String({
        maxLength: MAX_TEXT_LENGTH,
        description: 'The testing solution, or the process to develop one (needed when required)',
      }),
    ),
    version: Type.Integer({ minimum: 1, description: 'The modification version you read' }),
  },
  { additionalProperties: false },
);

export const NotificationBody = Type.Object(
  {
    body: BodySchema,
    viaSubgroup: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'The Forum Sub-Group that notified for the Alt HAN Forum (Alt HAN Forum only)',
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: MAX_TEXT_LENGTH })),
  },
  { additionalProperties: false },
);

export const ViewRequestBody = Type.Object(
  {
    body: BodySchema,
    respondBy: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: `YYYY-MM-DD; default: ${DEFAULT_RESPONSE_WORKING_DAYS} Working Days after the request`,
      }),
    ),
  },
  { additionalProperties: false },
);

export const ViewResponseBody = Type.Object(
  { view: Type.String({ minLength: 1, maxLength: MAX_TEXT_LENGTH }) },
  { additionalProperties: false },
);

export const CompleteBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The modification version you read' }),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const ViewRequestsQuery = Type.Object({
  body: Type.Optional(BodySchema),
  state: Type.Optional(Type.Enum(['awaiting', 'answered'])),
  modificationId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const ChecklistItemSchema = Type.Object({
  purpose: PurposeSchema,
  name: Type.String(),
  description: Type.String(),
  status: Type.Enum(['completed', 'not_started']),
  conclusion: Nullable(Type.String()),
  concludedBy: Nullable(Type.String()),
  concludedAt: Nullable(Instant),
  version: Type.Integer(),
});

export const ViewRequestSchema = Type.Object({
  id: Type.Integer(),
  modificationId: Type.Integer(),
  reference: Type.String(),
  title: Type.String(),
  modificationStatus: Type.Enum([...STATUSES]),
  body: BodySchema,
  bodyName: Type.String(),
  mandatory: Type.Boolean({ description: 'Whether the view had to be sought when requested' }),
  reasons: Type.Array(Type.String()),
  requestedBy: Nullable(Type.String()),
  requestedAt: Instant,
  respondBy: Nullable(Type.String()),
  overdue: Type.Boolean(),
  response: Nullable(Type.String()),
  respondedBy: Nullable(Type.String()),
  respondedAt: Nullable(Instant),
});

export const ViewResponseResponse = Type.Object({
  ...ViewRequestSchema.properties,
  receivedAfterRefinement: Type.Boolean({
    description: 'True when the view arrived after the modification left refinement',
  }),
});

export const ConsultationSchema = Type.Object({
  body: BodySchema,
  bodyName: Type.String(),
  purpose: PurposeSchema,
  mandatory: Type.Boolean(),
  reasons: Type.Array(Type.String(), { description: 'Every D6.8(f)–(i) rule that fired' }),
  requested: Type.Boolean(),
  requestId: Type.Union([Type.Integer(), Type.Null()]),
  viewReceived: Type.Boolean(),
});

export const NotificationSchema = Type.Object({
  id: Type.Integer(),
  body: BodySchema,
  bodyName: Type.String(),
  viaSubgroup: Nullable(Type.String()),
  note: Type.String(),
  recordedBy: Nullable(Type.String()),
  recordedAt: Instant,
});

export const BlockerSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  purpose: PurposeSchema,
  target: Type.String({ description: 'The page anchor where it is put right' }),
});

export const RefinementSchema = Type.Object({
  modification: Type.Object({
    id: Type.Integer(),
    reference: Type.String(),
    title: Type.String(),
    status: Type.Enum([...STATUSES]),
    path: Nullable(Type.String()),
    version: Type.Integer(),
  }),
  items: Type.Array(ChecklistItemSchema),
  dccTesting: Type.Object({
    required: Type.Union([Type.Boolean(), Type.Null()]),
    testingSolution: Nullable(Type.String()),
  }),
  documents: Type.Array(
    Type.Object({ id: Type.String(), label: Type.String(), title: Type.String() }),
  ),
  consultations: Type.Array(ConsultationSchema),
  notifications: Type.Array(NotificationSchema),
  requests: Type.Array(ViewRequestSchema),
  returns: Type.Array(
    Type.Object({
      fromStatus: Type.String(),
      fromStatusName: Type.String(),
      bodies: Type.Array(Type.String()),
      reason: Type.String(),
      returnedBy: Nullable(Type.String()),
      returnedAt: Instant,
    }),
    {
      description:
        'D6.8(f)–(i): each return to refinement that a change of the documents caused after refinement, latest first',
    },
  ),
  blockers: Type.Array(BlockerSchema, {
    description: 'Why refinement cannot complete yet; empty when it can',
  }),
});

export const ConclusionResponse = ChecklistItemSchema;

export const DccTestingResponse = Type.Object({
  required: Type.Boolean(),
  testingSolution: Nullable(Type.String()),
  version: Type.Integer({ description: 'The modification’s new version' }),
});

export const CompleteResponse = Type.Object({
  status: Type.Enum([...STATUSES]),
  version: Type.Integer(),
});
