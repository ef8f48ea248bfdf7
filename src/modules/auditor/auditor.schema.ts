import { Type, type TSchema } from 'typebox';
import {
  ACCESS_KINDS,
  ACCESS_OUTCOMES,
  ACCESS_STATUSES,
  APPOINTERS,
  APPOINTMENT_STATUSES,
  MAX_TERMS_LENGTH,
  MAX_TEXT_LENGTH,
} from './auditor.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const OptionalDate = Type.String({ maxLength: 10, description: 'YYYY-MM-DD, or empty for none' });
const Version = Type.Integer({ minimum: 1, description: 'The version you read (stale → 409)' });

export const AppointmentParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  appointmentId: Type.Integer({ minimum: 1 }),
});

export const AccessRequestParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  requestId: Type.Integer({ minimum: 1 }),
});

export const EvidenceParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  evidenceId: Type.Integer({ minimum: 1 }),
});

export const ProposalBody = Type.Object({
  appointedBy: Type.Enum([...APPOINTERS], {
    description: 'panel: the Panel appoints; dcc: the Panel requires the DCC to appoint',
  }),
  organisationId: Type.Optional(
    Nullable(
      Type.Integer({
        minimum: 1,
        description: 'The auditor organisation (kind auditor); none when the DCC is to appoint',
      }),
    ),
  ),
  termsOfReference: Type.String({ maxLength: MAX_TERMS_LENGTH }),
});

export const NamingBody = Type.Object({
  organisationId: Type.Integer({ minimum: 1, description: 'The auditor organisation' }),
  version: Version,
});

export const ApprovalBody = Type.Object({
  approvedOn: Type.String({
    maxLength: 10,
    description: 'The date the Panel approved the terms, YYYY-MM-DD',
  }),
  version: Version,
});

export const EndBody = Type.Object({
  reason: Type.String({ maxLength: MAX_TEXT_LENGTH }),
  version: Version,
});

export const AccessRequestBody = Type.Object({
  kind: Type.Enum([...ACCESS_KINDS]),
  detail: Type.String({ maxLength: MAX_TEXT_LENGTH }),
  wantedOn: Type.Optional(OptionalDate),
});

export const AccessAnswerBody = Type.Object({
  outcome: Type.Enum([...ACCESS_OUTCOMES]),
  answer: Type.String({ maxLength: MAX_TEXT_LENGTH }),
  arrangedOn: Type.Optional(OptionalDate),
  version: Version,
});

export const AppointmentSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  releaseName: Type.Optional(Type.String()),
  organisationId: Nullable(Type.Integer()),
  organisationName: Type.Optional(Nullable(Type.String())),
  appointedBy: Type.Enum([...APPOINTERS]),
  termsOfReference: Type.String(),
  status: Type.Enum([...APPOINTMENT_STATUSES]),
  torApprovedOn: Nullable(Type.String({ format: 'date' })),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  endReason: Nullable(Type.String()),
  version: Type.Integer(),
});

export const AccessRequestSchema = Type.Object({
  id: Type.Integer(),
  appointmentId: Type.Integer(),
  organisationName: Type.Optional(Nullable(Type.String())),
  kind: Type.Enum([...ACCESS_KINDS]),
  detail: Type.String(),
  wantedOn: Nullable(Type.String({ format: 'date' })),
  status: Type.Enum([...ACCESS_STATUSES]),
  requestedAt: Type.String({ format: 'date-time' }),
  answer: Nullable(Type.String()),
  arrangedOn: Nullable(Type.String({ format: 'date' })),
  answeredAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
});

export const ReleaseAuditorSchema = Type.Object({
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  appointments: Type.Array(AppointmentSchema),
  accessRequests: Type.Array(AccessRequestSchema),
});

export const AccessLogSchema = Type.Array(
  Type.Object({
    seq: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    actorId: Nullable(Type.Integer()),
    actorLabel: Type.String(),
    read: Type.Unknown({ description: 'What was read: { view } or { evidenceId, filename }' }),
  }),
);

const Instant = Nullable(Type.String({ format: 'date-time' }));
const Day = Nullable(Type.String({ format: 'date' }));

export const ReleaseRecordsSchema = Type.Object({
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  ridVersions: Type.Array(
    Type.Object({
      id: Type.Integer(),
      number: Type.Integer(),
      status: Type.String(),
      sections: Type.Unknown({ description: 'The D10.13 sections as stored' }),
      createdAt: Type.String({ format: 'date-time' }),
      submittedAt: Instant,
      approvedOn: Day,
      publishedAt: Instant,
    }),
  ),
  testPhases: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      kind: Type.String(),
      status: Type.String(),
      plannedStart: Type.String({ format: 'date' }),
      plannedEnd: Type.String({ format: 'date' }),
      actualStart: Day,
      actualEnd: Day,
      testsPassed: Type.Integer(),
      testsFailed: Type.Integer(),
      defects: Type.Unknown(),
      notes: Type.String(),
    }),
  ),
  readinessReports: Type.Array(
    Type.Object({
      id: Type.Integer(),
      periodDue: Type.String({ format: 'date' }),
      measures: Type.Unknown(),
      summary: Type.String(),
      submittedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  evidence: Type.Array(
    Type.Object({
      id: Type.Integer(),
      testPhaseId: Nullable(Type.Integer()),
      readinessReportId: Nullable(Type.Integer()),
      filename: Type.String(),
      contentType: Type.String(),
      sizeBytes: Type.Integer(),
      uploadedAt: Type.String({ format: 'date-time' }),
      href: Type.String({ description: 'Download (each download is logged)' }),
    }),
  ),
  dccInfoRequests: Type.Array(
    Type.Object({
      id: Type.Integer(),
      ridSection: Nullable(Type.String()),
      subject: Type.String(),
      detail: Type.String(),
      dueDate: Type.String({ format: 'date' }),
      status: Type.String(),
      requestedAt: Type.String({ format: 'date-time' }),
      response: Nullable(Type.String()),
      respondedAt: Instant,
    }),
  ),
});
