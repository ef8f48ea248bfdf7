import { Type, type TObject } from 'typebox';
import { ErrorSchema, IsoDate } from '../../schemas.ts';
import { MAX_NOTE_LENGTH, MAX_SECTION_LENGTH, TAD_AUDIENCE_CHOICES, TAD_STATUSES } from './tad.ts';
import { MAX_CONDITION_LENGTH } from './tad-conditions.ts';

const Text = (description: string) => Type.String({ maxLength: MAX_SECTION_LENGTH, description });

const Objectives = Text(
  'D10.19(a): the testing objectives, including the assurance to be achieved',
);
const Strategy = Text('D10.19(b): the testing strategy');
const Consequences = Text(
  'D10.19(c): the consequences of the strategy, including costs and risks in business terms',
);

/** D10.18, D10.13(d)(e): how one modification's testing meets each limb, as the DCC gives it. */
const ConditionInput = Type.Object({
  modificationId: Type.Integer({ minimum: 1, description: 'A modification in the release' }),
  dccTesting: Type.String({
    maxLength: MAX_CONDITION_LENGTH,
    description: 'D10.13(d): how the testing the DCC undertakes meets its requirements',
  }),
  userTesting: Type.String({
    maxLength: MAX_CONDITION_LENGTH,
    description: 'D10.13(e): the User testing required and the support the DCC gives it',
  }),
});

const Conditions = Type.Array(ConditionInput, {
  maxItems: 500,
  description:
    'D10.18: per modification in the release, how D10.13(d) and (e) are met; the modifications given replace their statements, the others are kept',
});

export const TadParams = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'The release' }),
  n: Type.Integer({ minimum: 1, description: 'The TAD version number' }),
});

export const TadRequestBody = Type.Object({
  meetingId: Type.Integer({
    minimum: 1,
    description:
      'Ruling 13: the Panel meeting that made the request, held and recorded within its record window',
  }),
  requestedOn: Type.Optional(
    Type.String({
      description: 'YYYY-MM-DD: the meeting’s date (the default); any other date is refused',
    }),
  ),
  dueDate: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'YYYY-MM-DD: when the DCC’s first version is due',
    }),
  ),
  scopeNote: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH })),
});

export const NewTadVersionBody = Type.Object({
  objectives: Type.Optional(Objectives),
  strategy: Type.Optional(Strategy),
  consequences: Type.Optional(Consequences),
  conditions: Type.Optional(Conditions),
});

export const UpdateTadVersionBody = Type.Object({
  objectives: Objectives,
  strategy: Strategy,
  consequences: Consequences,
  conditions: Type.Optional(Conditions),
  version: Type.Integer({ description: 'The version of the row you read' }),
});

export const VersionOnlyBody = Type.Object({
  version: Type.Integer({ description: 'The version of the row you read' }),
});

export const TadConsultationBody = Type.Object({
  opensAt: Type.String({ description: 'A date (start of that UK day) or an instant' }),
  closesAt: Type.Optional(
    Type.String({ description: 'A date (end of that UK day) or an instant' }),
  ),
  closesAfterWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  audience: Type.Optional(Type.Enum([...TAD_AUDIENCE_CHOICES])),
  questions: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 30 })),
});

export const TadReviewBody = Type.Object({
  meetingId: Type.Integer({
    minimum: 1,
    description:
      'Ruling 13: the Panel meeting that reviewed the version, held and recorded within its record window',
  }),
  reviewedOn: Type.Optional(
    Type.String({
      description: 'YYYY-MM-DD: the meeting’s date (the default); any other date is refused',
    }),
  ),
  notes: Type.String({ maxLength: MAX_NOTE_LENGTH, description: 'What the Panel concluded' }),
  version: Type.Integer({ description: 'The version of the row you read' }),
});

export const RedlineQuery = Type.Object({
  from: Type.Integer({ minimum: 1, description: 'Version number' }),
  to: Type.Integer({ minimum: 1, description: 'Version number' }),
});

export const TadRequestSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  meetingId: Type.Union([Type.Integer(), Type.Null()]),
  requestedOn: IsoDate,
  dueDate: Type.Union([IsoDate, Type.Null()]),
  scopeNote: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
});

const ConsultationRef = Type.Object({
  id: Type.Integer(),
  status: Type.Enum(['scheduled', 'open', 'closed']),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  audiences: Type.Array(Type.String()),
  runBy: Type.Enum(['panel', 'dcc'], {
    description: 'D10.20: only a consultation run by the DCC counts',
  }),
  heldOutsideSecrel: Type.Boolean({
    description: 'Ruling 13: opened before the cut-over, so history held outside secrel',
  }),
});

const RidRef = Type.Union([
  Type.Object({
    id: Type.Integer(),
    number: Type.Integer(),
    approvedOn: Type.Union([IsoDate, Type.Null()]),
  }),
  Type.Null(),
]);

export const TadVersionSummarySchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  status: Type.Enum([...TAD_STATUSES]),
  basedOnId: Type.Union([Type.Integer(), Type.Null()]),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reviewedOn: Type.Union([IsoDate, Type.Null()]),
  consultations: Type.Array(ConsultationRef),
  ridVersion: RidRef,
});

export const TadVersionSchema = Type.Object({
  ...TadVersionSummarySchema.properties,
  releaseId: Type.Integer(),
  objectives: Type.String(),
  strategy: Type.String(),
  consequences: Type.String(),
  missing: Type.Array(Type.String(), { description: 'D10.19 sections still empty: a, b, c' }),
  conditions: Type.Array(
    Type.Object({
      modificationId: Type.Integer(),
      reference: Type.String(),
      title: Type.String(),
      inRelease: Type.Boolean({
        description: 'False for a statement kept for a modification no longer in the release',
      }),
      dccTesting: Type.String({ description: 'D10.13(d): how the DCC’s testing meets it' }),
      userTesting: Type.String({
        description: 'D10.13(e): the User testing required and the DCC’s support for it',
      }),
      missing: Type.Array(Type.String(), { description: 'The limbs still empty: d, e' }),
    }),
    {
      description:
        'D10.18 (the operative reading of D10.13(d)(i)): for each modification in the release, how D10.13(d) and (e) are met',
    },
  ),
  reviewMeetingId: Type.Union([Type.Integer(), Type.Null()]),
  reviewNotes: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
});

export const ReleaseTadSchema = Type.Object({
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  request: Type.Union([TadRequestSchema, Type.Null()]),
  task: Type.Union([Type.Enum(['done', 'due', 'overdue']), Type.Null()], {
    description: 'D10.18: the DCC’s task, done once a version has been submitted',
  }),
  versions: Type.Array(TadVersionSummarySchema),
});

export const TadConsultationSchema = Type.Object({
  id: Type.Integer(),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  audiences: Type.Array(Type.String()),
});

export const RedlinePartSchema = Type.Object({
  text: Type.String(),
  op: Type.Enum(['equal', 'insert', 'delete']),
});

export const TadRedlineSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  changed: Type.Array(Type.String(), { description: 'The sections that changed: a, b, c' }),
  sections: Type.Array(
    Type.Object({
      id: Type.String(),
      heading: Type.String(),
      change: Type.Enum(['added', 'removed', 'changed', 'same']),
      parts: Type.Array(RedlinePartSchema),
    }),
  ),
});

/**
 * The 409 of a route that checks a TAD version's content, with the refusals' details:
 * tad_incomplete names the missing D10.19 sections' letters (`missing`), tad_conditions_missing
 * each modification lacking a statement and the D10.13 limbs it lacks (`missingConditions`).
 */
export function withTadDetails<T extends { 409: TObject }>(responses: T) {
  const { description } = responses[409] as { description?: string };
  return {
    ...responses,
    409: Type.Object(
      {
        ...ErrorSchema.properties,
        missing: Type.Optional(Type.Array(Type.String())),
        missingConditions: Type.Optional(
          Type.Array(
            Type.Object({
              modificationId: Type.Integer(),
              reference: Type.String(),
              limbs: Type.Array(Type.String(), { description: 'd, e' }),
            }),
          ),
        ),
      },
      description === undefined ? {} : { description },
    ),
  };
}
