import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';
import { MAX_MEASURE_VALUE, MAX_SUMMARY } from './readiness.ts';
import { MAX_NOTES, MAX_PHASE_NAME, TEST_PHASE_KINDS, TEST_PHASE_STATUSES } from './testing.ts';

const Count = Type.Number({ description: 'A whole number, 0 or more' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const PhaseParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  phaseId: Type.Integer({ minimum: 1 }),
});

export const ReportParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  reportId: Type.Integer({ minimum: 1 }),
});

export const DefectsSchema = Type.Object(
  { critical: Count, high: Count, medium: Count, low: Count },
  { description: 'Open defects by severity' },
);

export const EvidenceSchema = Type.Object({
  id: Type.Integer(),
  filename: Type.String(),
  contentType: Type.String(),
  sizeBytes: Type.Integer(),
  uploadedAt: Type.String({ format: 'date-time' }),
  href: Type.String({ description: 'Where to download the file' }),
});

export const TestPhaseSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  name: Type.String(),
  kind: Type.Enum([...TEST_PHASE_KINDS]),
  kindName: Type.String(),
  status: Type.Enum([...TEST_PHASE_STATUSES]),
  statusName: Type.String(),
  plannedStart: IsoDate,
  plannedEnd: IsoDate,
  actualStart: Nullable(IsoDate),
  actualEnd: Nullable(IsoDate),
  testsPassed: Type.Integer(),
  testsFailed: Type.Integer(),
  defects: DefectsSchema,
  notes: Type.String(),
  late: Type.Boolean({
    description: 'Started or ended after plan, or not started or ended though the plan has passed',
  }),
  lateReasons: Type.Array(Type.String()),
  version: Type.Integer(),
  evidence: Type.Union([Type.Array(EvidenceSchema), Type.Null()], {
    description: 'Evidence files; null for readers who may not see them (the public and Parties)',
  }),
});

export const PhasePlanBody = Type.Object({
  name: Type.String({ maxLength: MAX_PHASE_NAME }),
  kind: Type.String({ description: 'regression, performance or other' }),
  plannedStart: Type.String({ description: 'YYYY-MM-DD' }),
  plannedEnd: Type.String({ description: 'YYYY-MM-DD' }),
});

export const PhaseResultsBody = Type.Object({
  status: Type.String({ description: 'planned, in_progress, passed, failed or cancelled' }),
  actualStart: Type.Optional(Nullable(Type.String({ description: 'YYYY-MM-DD' }))),
  actualEnd: Type.Optional(Nullable(Type.String({ description: 'YYYY-MM-DD' }))),
  testsPassed: Type.Optional(Count),
  testsFailed: Type.Optional(Count),
  defects: Type.Optional(Type.Record(Type.String(), Count)),
  notes: Type.Optional(Type.String({ maxLength: MAX_NOTES })),
  version: Type.Optional(Type.Integer({ description: 'The phase version the change is based on' })),
});

export const ScheduledReportSchema = Type.Object({
  periodDue: IsoDate,
  state: Type.Enum(['submitted', 'missing', 'due', 'upcoming']),
  submittedOn: Nullable(IsoDate),
  late: Type.Boolean({ description: 'Submitted after its due date' }),
  reportId: Type.Union([Type.Integer(), Type.Null()]),
  measures: Type.Union([Type.Record(Type.String(), Type.String()), Type.Null()], {
    description: 'Null for readers who may not see report content, or before submission',
  }),
  summary: Nullable(Type.String()),
  evidence: Type.Union([Type.Array(EvidenceSchema), Type.Null()]),
});

export const ReadinessSchema = Type.Object({
  releaseId: Type.Integer(),
  ridVersionId: Type.Union([Type.Integer(), Type.Null()]),
  frequency: Nullable(Type.String()),
  measures: Type.Array(Type.String(), { description: 'The measures the approved RID names' }),
  reports: Type.Array(ScheduledReportSchema),
  missing: Type.Array(IsoDate, { description: 'Due dates passed without a report' }),
});

export const ReportBody = Type.Object({
  periodDue: Type.String({ description: 'A due date of the schedule, YYYY-MM-DD' }),
  measures: Type.Record(Type.String(), Type.String({ maxLength: MAX_MEASURE_VALUE }), {
    description: 'A value for every measure the approved RID names, by name',
  }),
  summary: Type.String({ maxLength: MAX_SUMMARY }),
});

export const SubmittedReportSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  periodDue: IsoDate,
  measures: Type.Record(Type.String(), Type.String()),
  summary: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
  evidenceIds: Type.Array(Type.Integer()),
});

export const UploadResult = Type.Object({ evidenceIds: Type.Array(Type.Integer()) });
