import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';
import { RELEASE_STATUSES, STATUS_REQUESTS } from './release.ts';
import { HeldOutsideFields } from '../installation/installation.schema.ts';

const StatusSchema = Type.Enum([...RELEASE_STATUSES]);

export const ReleaseSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  releaseType: Type.String(),
  goLive: IsoDate,
  status: StatusSchema,
  statusName: Type.String(),
  policyVersionId: Type.Integer(),
  dccImpacting: Type.Boolean({
    description: 'Whether the release may carry changes to DCC Systems',
  }),
  notes: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
});

/** A release in the list: flagged when held outside secrel, with its source (ruling 13). */
export const ReleaseListItemSchema = Type.Object({
  ...ReleaseSchema.properties,
  ...HeldOutsideFields,
});

export const ReleaseListQuery = Type.Object({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
});

export const NewReleaseBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  releaseType: Type.String({
    minLength: 1,
    description: 'A release type of the Policy in force, e.g. ad_hoc',
  }),
  goLive: IsoDate,
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
});

/** Issue 13: something to check about a date just set (not a refusal). */
export const DateWarningSchema = Type.Object({
  code: Type.Union([Type.Literal('go_live_in_past'), Type.Literal('go_live_off_weekday')], {
    description:
      'go_live_in_past: the go-live date is before today; go_live_off_weekday: it is not the weekday the Policy gives the release type (Thursday by default)',
  }),
  field: Type.String(),
  message: Type.String(),
});

/** Issue 13: the warnings on a go-live date just committed (`what` names the answer). */
export function dateWarningsOf(what: string) {
  return Type.Array(DateWarningSchema, {
    description: `Warnings on the go-live date: ${what}, but the date deserves a second look`,
  });
}

/** A release just created, with the warnings on its go-live date (issue 13). */
export const CreatedReleaseSchema = Type.Object({
  ...ReleaseSchema.properties,
  warnings: dateWarningsOf('the release is created'),
});

/** A release after the Panel's decision on its status, with the warnings on a deferral's date. */
export const DecidedReleaseSchema = Type.Object({
  ...ReleaseSchema.properties,
  warnings: dateWarningsOf('the deferral is recorded (none for a cancellation)'),
});

export const StandardReleasesBody = Type.Object({
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
});

export const StandardReleasesResult = Type.Object({
  created: Type.Array(ReleaseSchema),
  skipped: Type.Array(
    Type.Object({ name: Type.String(), releaseType: Type.String(), goLive: IsoDate }),
    { description: 'Standard releases of the year that already existed (by name)' },
  ),
});

/**
 * Ruling 16: a status asked by hand. Only `cancelled` and `deferred` (with `deferredTo`) are
 * accepted, as the Panel's decision at `meetingId` with its `reasons`; any other status follows
 * facts and is refused with status_follows_facts.
 */
export const StatusBody = Type.Object({
  to: Type.Enum([...STATUS_REQUESTS], {
    description:
      'cancelled or deferred (a Panel decision); every other status follows facts and is refused',
  }),
  version: Type.Integer({ minimum: 1 }),
  meetingId: Type.Optional(
    Type.Integer({ minimum: 1, description: 'The Panel meeting that decided' }),
  ),
  reasons: Type.Optional(Type.String({ maxLength: 10000, description: 'The Panel’s reasons' })),
  deferredTo: Type.Optional(Type.String({ description: 'YYYY-MM-DD: the new go-live date' })),
});

/** D10.8(c), D10.15: the Panel's exception letting a release go live without the required notice. */
export const NoticeExceptionBody = Type.Object({
  meetingId: Type.Integer({ minimum: 1, description: 'The Panel meeting that decided' }),
  reasons: Type.String({ maxLength: 10000 }),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});

/** Ruling 16, D10.8(c): a cancellation, deferral or notice exception the Panel decided. */
export const PanelDecisionSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  kind: Type.Union([
    Type.Literal('cancellation'),
    Type.Literal('deferral'),
    Type.Literal('notice_exception'),
  ]),
  meetingId: Type.Integer(),
  decidedOn: IsoDate,
  reasons: Type.String(),
  statusBefore: Type.String(),
  statusAfter: Type.String(),
  goLiveBefore: IsoDate,
  goLiveAfter: IsoDate,
  recordedAt: Type.String({ format: 'date-time' }),
});

export const AllocationSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  modificationId: Type.Integer(),
  reference: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  part: Type.String(),
  description: Type.String(),
  dccImpacting: Type.Boolean(),
  exceptionDecisionId: Type.Union([Type.Integer(), Type.Null()]),
  allocatedAt: Type.String({ format: 'date-time' }),
  descopedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  descopeDecisionId: Type.Union([Type.Integer(), Type.Null()]),
  implementedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  pendingChange: Type.Union([Type.Literal('addition'), Type.Literal('removal'), Type.Null()], {
    description:
      'Ruling 15: a change made after the RID was approved, pending until the Panel approves a RID amendment carrying it (an addition is not yet in the release’s approved content; a removal still is); null when in force',
  }),
});

export const LateAdditionBody = Type.Object({
  kind: Type.Literal('late_addition'),
  modificationId: Type.Integer({ minimum: 1 }),
  meetingId: Type.Integer({
    minimum: 1,
    description: 'The Panel meeting that decided (ruling 13): held, and within its record window',
  }),
  decidedOn: Type.Optional(IsoDate),
  reasons: Type.String({ maxLength: 10000 }),
});

export const DecisionSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  kind: Type.Union([Type.Literal('late_addition'), Type.Literal('descope')]),
  modificationId: Type.Integer(),
  reference: Type.Optional(Type.String()),
  meetingId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The Panel meeting that took the decision (ruling 13)',
  }),
  decidedOn: IsoDate,
  reasons: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const MilestoneSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  date: IsoDate,
  until: Type.Optional(IsoDate),
  fact: Type.Optional(
    Type.Object(
      {
        actor: Type.Union([Type.Literal('panel'), Type.Literal('secas'), Type.Literal('dcc')]),
        action: Type.String(),
        page: Type.Union([
          Type.Literal('rid'),
          Type.Literal('notices'),
          Type.Literal('testing'),
          Type.Literal('go-live'),
        ]),
        happened: Type.Boolean({ description: 'The fact has been recorded' }),
      },
      {
        description:
          'The fact that meets it, who records it and the release page it is recorded on; absent for a date the Policy sets (a scope baseline, the change freeze), met once passed',
      },
    ),
  ),
  state: Type.Union(
    [
      Type.Literal('done'),
      Type.Literal('in_progress'),
      Type.Literal('upcoming'),
      Type.Literal('late'),
      Type.Literal('unrecorded'),
    ],
    {
      description:
        'done only when its fact happened; late when due and it has not; unrecorded for a live or cancelled release that never recorded it',
    },
  ),
});

const MovedMilestoneSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  from: Type.Union([IsoDate, Type.Null()]),
  to: Type.Union([IsoDate, Type.Null()]),
  untilFrom: Type.Optional(IsoDate),
  untilTo: Type.Optional(IsoDate),
});

export const PolicyChangeSchema = Type.Object({
  fromVersion: Type.Integer(),
  toVersion: Type.Integer(),
  effectiveFrom: IsoDate,
  moved: Type.Array(MovedMilestoneSchema),
  recordedAt: Type.String({ format: 'date-time' }),
});

export const ReleaseDetailSchema = Type.Object({
  release: Type.Object({ ...ReleaseSchema.properties, ...HeldOutsideFields }),
  allocations: Type.Array(AllocationSchema),
  milestones: Type.Array(MilestoneSchema),
  decisions: Type.Array(DecisionSchema),
  panelDecisions: Type.Array(PanelDecisionSchema, {
    description: 'The Panel’s cancellation, deferrals and notice exceptions (ruling 16)',
  }),
  policyChanges: Type.Array(PolicyChangeSchema, {
    description:
      'Ruling 14: each newly effective Policy version that came to govern the release before its freeze, with the milestones it moved',
  }),
});
