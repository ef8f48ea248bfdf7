import { Type } from 'typebox';
import type { ErrorCode } from '../../errors.ts';
import { ErrorSchema, IsoDate, withErrors } from '../../schemas.ts';
import { AllocationSchema } from '../release/release.schema.ts';

const PendingChange = Type.Union([Type.Literal('addition'), Type.Literal('removal'), Type.Null()], {
  description:
    'Ruling 15: addition or removal made after the RID was approved, waiting for an approved amendment carrying it; null when in force',
});

/** An allocation as the allocation API answers: the release detail's fields and its pending change. */
export const AllocationChangeSchema = Type.Object({
  ...AllocationSchema.properties,
  pendingChange: PendingChange,
  appliedByRidVersionId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Ruling 15: the approved RID version that applied the pending change',
  }),
});

const DifferenceItem = Type.Object({
  allocationId: Type.Union([Type.Integer(), Type.Null()]),
  modificationId: Type.Integer(),
  reference: Type.String(),
  part: Type.String(),
  pending: Type.Boolean({ description: 'A recorded change waiting for a RID amendment' }),
});

/** Ruling 15, D10.13(a): the release's scope against the content of its approved RID. */
export const ScopeDifferenceSchema = Type.Object({
  approvedRidNumber: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The approved RID version compared with; null before any approval',
  }),
  inStep: Type.Boolean({ description: 'True when the scope is exactly the approved content' }),
  additions: Type.Array(DifferenceItem, {
    description: 'Parts the release holds that the approved RID does not list',
  }),
  removals: Type.Array(DifferenceItem, {
    description: 'Parts the approved RID lists that are leaving (or have left) the release',
  }),
});

export const AllocationBody = Type.Object({
  modificationId: Type.Integer({ minimum: 1 }),
  part: Type.Optional(
    Type.String({
      maxLength: 60,
      description: "'whole' unless split, e.g. documents, functionality",
    }),
  ),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  dccImpacting: Type.Boolean(),
  exceptionDecisionId: Type.Optional(Type.Integer({ minimum: 1 })),
});

export const DescopeBody = Type.Object({
  meetingId: Type.Integer({
    minimum: 1,
    description: 'The Panel meeting that decided (ruling 13): held, and within its record window',
  }),
  decidedOn: Type.Optional(IsoDate),
  reasons: Type.String({ maxLength: 10000 }),
});

export const UnallocatedSchema = Type.Array(
  Type.Object({
    id: Type.Integer(),
    reference: Type.String(),
    title: Type.String(),
    approvedOn: Type.Union([IsoDate, Type.Null()]),
  }),
);

/**
 * A refusal of an allocation change: `freezeDate` with rid_frozen (ruling 15), the modification's
 * `implementationDate` with timetable_request_required or before_directed_date (ruling 17).
 */
export const AllocationErrorSchema = Type.Object({
  ...ErrorSchema.properties,
  freezeDate: Type.Optional(IsoDate),
  implementationDate: Type.Optional(IsoDate),
});

/** The errors of an allocation route, the 409 carrying those details (see `withErrors`). */
export function withAllocationErrors<T extends Parameters<typeof withErrors>[0]>(
  responses: T,
  refusals: readonly ErrorCode[] = [],
) {
  const errors = withErrors(responses, refusals);
  const description = (errors[409] as { description?: string }).description;
  const conflict =
    description === undefined
      ? AllocationErrorSchema
      : Type.Object(AllocationErrorSchema.properties, { description });
  return { ...errors, 409: conflict };
}
