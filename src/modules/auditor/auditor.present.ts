/** The auditor's rows as the API and the pages show them. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { listAuditEvents } from '../../audit/audit.store.ts';
import type { ReleaseRecords } from './auditor-records.store.ts';
import type { AccessRequest, AccessRequestView, Appointment, AppointmentView } from './auditor.ts';

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

export function presentAppointment(a: Appointment | AppointmentView) {
  return {
    id: a.id,
    releaseId: a.releaseId,
    ...('releaseName' in a
      ? { releaseName: a.releaseName, organisationName: a.organisationName }
      : {}),
    organisationId: a.organisationId,
    appointedBy: a.appointedBy,
    termsOfReference: a.termsOfReference,
    status: a.status,
    torApprovedOn: a.torApprovedOn,
    endedAt: iso(a.endedAt),
    endReason: a.endReason,
    version: a.version,
  };
}

export function presentAccessRequest(r: AccessRequest | AccessRequestView) {
  return {
    id: r.id,
    appointmentId: r.appointmentId,
    ...('organisationName' in r ? { organisationName: r.organisationName } : {}),
    kind: r.kind,
    detail: r.detail,
    wantedOn: r.wantedOn,
    status: r.status,
    requestedAt: new Date(r.requestedAt).toISOString(),
    answer: r.answer,
    arrangedOn: r.arrangedOn,
    answeredAt: iso(r.answeredAt),
    version: r.version,
  };
}

export function presentRecords(release: { id: number; name: string }, records: ReleaseRecords) {
  return {
    releaseId: release.id,
    releaseName: release.name,
    ridVersions: records.ridVersions.map((v) => ({
      id: v.id,
      number: v.number,
      status: v.status,
      sections: v.sections,
      createdAt: new Date(v.createdAt).toISOString(),
      submittedAt: iso(v.submittedAt),
      approvedOn: v.approvedOn,
      publishedAt: iso(v.publishedAt),
    })),
    testPhases: records.testPhases,
    readinessReports: records.readinessReports.map((r) => ({
      id: r.id,
      periodDue: r.periodDue,
      measures: r.measures,
      summary: r.summary,
      submittedAt: new Date(r.submittedAt).toISOString(),
    })),
    evidence: records.evidence.map((e) => ({
      id: e.id,
      testPhaseId: e.testPhaseId,
      readinessReportId: e.readinessReportId,
      filename: e.filename,
      contentType: e.contentType,
      sizeBytes: e.sizeBytes,
      uploadedAt: new Date(e.uploadedAt).toISOString(),
      href: `/api/v1/auditor/releases/${release.id}/evidence/${e.id}`,
    })),
    dccInfoRequests: records.dccInfoRequests.map((q) => ({
      id: q.id,
      ridSection: q.ridSection,
      subject: q.subject,
      detail: q.detail,
      dueDate: q.dueDate,
      status: q.status,
      requestedAt: new Date(q.requestedAt).toISOString(),
      response: q.response,
      respondedAt: iso(q.respondedAt),
    })),
  };
}

/** At most this many reads are listed on the release's auditor page (newest first). */
export const ACCESS_LOG_LIMIT = 200;

/** D10.11: the auditor's reads of a release, from the audit trail, newest first. */
export async function accessLogOf(db: Kysely<DB>, releaseId: number) {
  const { events } = await listAuditEvents(
    db,
    { subjectType: 'release', subjectId: String(releaseId), action: 'auditor.accessed' },
    { limit: ACCESS_LOG_LIMIT },
  );
  return events.map((e) => ({
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    read: e.after,
  }));
}

/** A line a person reads for one access: what the auditor opened. */
export function describeRead(read: unknown): string {
  if (typeof read !== 'object' || read === null) return 'A read';
  const r = read as { view?: unknown; filename?: unknown; evidenceId?: unknown; via?: unknown };
  const via = r.via === 'api' ? ' (API)' : '';
  if (typeof r.filename === 'string') return `Downloaded evidence “${r.filename}”${via}`;
  if (r.view === 'records') return `Read the release’s records${via}`;
  return `Read ${JSON.stringify(read)}`;
}
