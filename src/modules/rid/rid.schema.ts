import { Type } from 'typebox';
import type { ErrorCode } from '../../errors.ts';
import { ErrorSchema, IsoDate, withErrors } from '../../schemas.ts';
import { FREE_SECTION_KEYS, REPORT_FREQUENCIES, RID_SECTION_IDS } from './rid-sections.ts';
import { MAX_LINE_TEXT, MAX_SECTION_TEXT } from './rid-validation.ts';
import { RID_STATUSES } from './rid.ts';
import { HeldOutsideFields, HistorySourceFields } from '../installation/installation.schema.ts';

const Text = Type.String({ maxLength: MAX_SECTION_TEXT });
const Line = Type.String({ maxLength: MAX_LINE_TEXT });
const NullableDate = Type.Union([IsoDate, Type.Null()]);
const SectionId = Type.Enum([...RID_SECTION_IDS]);

const Timescales = Type.Object({
  dccTestingStart: NullableDate,
  dccTestingEnd: NullableDate,
  userTestingStart: NullableDate,
  userTestingEnd: NullableDate,
  milestones: Type.Array(Type.Object({ name: Line, date: IsoDate }), { maxItems: 30 }),
  notes: Text,
});

const Reporting = Type.Object({
  frequency: Type.Union([Type.Enum([...REPORT_FREQUENCIES]), Type.Null()]),
  firstReportDue: NullableDate,
  measures: Type.Array(Line, { maxItems: 30, description: 'What each report measures' }),
  notes: Text,
});

const Criteria = Type.Array(
  Type.Object({
    id: Type.String({ maxLength: 10, description: 'e.g. GL1' }),
    text: Line,
  }),
  { maxItems: 40, description: 'D10.13(f): the go-live criteria the Panel checks' },
);

const sectionFields = {
  contentNotes: Text,
  timescales: Timescales,
  reporting: Reporting,
  dccTesting: Text,
  userTesting: Type.Object({ requirements: Text, dccSupport: Text }),
  goLiveCriteria: Criteria,
};

/** A-RID, D10.13: the sections of a version as stored and returned. */
export const SectionsSchema = Type.Object({
  ...sectionFields,
  free: Type.Array(
    Type.Object({ key: Type.Enum([...FREE_SECTION_KEYS]), heading: Type.String(), text: Text }),
  ),
});

/** An edit: any of the sections, each replacing the whole section. */
export const SectionsChangeBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  sections: Type.Partial(
    Type.Object({
      ...sectionFields,
      free: Type.Array(Type.Object({ key: Type.Enum([...FREE_SECTION_KEYS]), text: Text }), {
        maxItems: FREE_SECTION_KEYS.length,
      }),
    }),
  ),
});

export const ContentItemSchema = Type.Object({
  modificationId: Type.Integer(),
  reference: Type.String(),
  title: Type.String(),
  part: Type.String(),
  description: Type.String(),
  dccImpacting: Type.Boolean(),
  documents: Type.Array(
    Type.Object({ id: Type.String(), code: Type.String(), title: Type.String() }),
  ),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const RidVersionSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  number: Type.Integer(),
  status: Type.Enum([...RID_STATUSES]),
  statusName: Type.String(),
  sections: SectionsSchema,
  contentSnapshot: Nullable(Type.Array(ContentItemSchema)),
  tadVersionId: Nullable(Type.Integer()),
  basedOnId: Nullable(Type.Integer()),
  freezeOverrideId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  approvalMeetingId: Nullable(Type.Integer()),
  approvedOn: Nullable(IsoDate),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  appealDeadline: Nullable(
    Type.String({ description: 'D10.17: the last instant to appeal the approval (UK time)' }),
  ),
  appealDeadlineWords: Nullable(Type.String()),
  version: Type.Integer(),
});

const TadSchema = Type.Object({
  id: Type.Integer(),
  number: Type.Integer(),
  status: Type.String(),
  objectives: Type.String(),
  strategy: Type.String(),
  consequences: Type.String(),
  relation: Type.Enum(['part', 'pending', 'in_force']),
});

export const RidVersionDetailSchema = Type.Object({
  ...RidVersionSchema.properties,
  content: Type.Array(ContentItemSchema),
  contentIsLive: Type.Boolean(),
  missing: Type.Array(SectionId),
  tad: Nullable(TadSchema),
  ...HeldOutsideFields,
});

export const OverrideSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  meetingId: Nullable(Type.Integer()),
  decidedOn: IsoDate,
  reasons: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
  usedByVersion: Nullable(Type.Integer()),
});

export const RidOverviewSchema = Type.Object({
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  freezeDate: Nullable(IsoDate),
  frozen: Type.Boolean(),
  approvedVersion: Nullable(Type.Integer()),
  versions: Type.Array(
    Type.Object(
      { ...RidVersionSchema.properties, ...HeldOutsideFields },
      {
        description:
          'Ruling 13: a version approved before the cut-over is flagged heldOutsideSecrel',
      },
    ),
  ),
  overrides: Type.Array(OverrideSchema),
});

export const VersionParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  n: Type.Integer({ minimum: 1 }),
});

export const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1 }) });
export const WithdrawBody = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
});
export const ApproveBody = Type.Object({
  meetingId: Type.Integer({ minimum: 1, description: 'The Panel meeting that approved it' }),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
  ...HistorySourceFields,
});
export const PublishBody = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });
export const OverrideBody = Type.Object({
  meetingId: Type.Integer({ minimum: 1, description: 'The Panel meeting that decided' }),
  reasons: Type.String({ minLength: 1, maxLength: MAX_SECTION_TEXT }),
});

export const RedlineQuery = Type.Object({
  from: Type.Integer({ minimum: 1 }),
  to: Type.Integer({ minimum: 1 }),
});

export const RedlineSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  clauses: Type.Array(
    Type.Object({
      id: Type.String(),
      heading: Type.String(),
      change: Type.Enum(['added', 'removed', 'changed', 'same']),
      parts: Type.Array(
        Type.Object({ text: Type.String(), op: Type.Enum(['equal', 'insert', 'delete']) }),
      ),
    }),
  ),
});

/** A refusal of a RID change: `missing` with rid_incomplete, `freezeDate` with rid_frozen. */
export const RidErrorSchema = Type.Object({
  ...ErrorSchema.properties,
  missing: Type.Optional(Type.Array(SectionId)),
  freezeDate: Type.Optional(IsoDate),
});

/**
 * The errors of a RID route, the 409 carrying the RID's refusal details; `refusals` lists the
 * catalogue codes it refuses with, as `withErrors` does.
 */
export function withRidErrors<T extends Parameters<typeof withErrors>[0]>(
  responses: T,
  refusals: readonly ErrorCode[] = [],
) {
  const errors = withErrors(responses, refusals);
  const description = (errors[409] as { description?: string }).description;
  const conflict =
    description === undefined
      ? RidErrorSchema
      : Type.Object(RidErrorSchema.properties, { description });
  return { ...errors, 409: conflict };
}
