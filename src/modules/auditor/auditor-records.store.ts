/**
 * D10.11: what the appointed auditor of a release reads: the release's RID versions (every
 * status), test phases with their results, readiness reports, evidence files and DCC information
 * requests with their responses. Reads the tables of the modules that keep them directly, so the
 * auditor's view does not depend on their use cases.
 */
import type { Db } from '../../app-context.ts';

/** A jsonb value as an object on both engines (the pg driver parses it; PGlite may not). */
export function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export async function ridVersionsOf(db: Db, releaseId: number) {
  const rows = await db
    .selectFrom('rid_version')
    .select([
      'id',
      'number',
      'status',
      'sections',
      'created_at',
      'submitted_at',
      'approved_on',
      'published_at',
    ])
    .where('release_id', '=', releaseId)
    .orderBy('number')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    status: row.status,
    sections: jsonOf(row.sections),
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    approvedOn: row.approved_on,
    publishedAt: row.published_at,
  }));
}

export async function testPhasesOf(db: Db, releaseId: number) {
  const rows = await db
    .selectFrom('test_phase')
    .select([
      'id',
      'name',
      'kind',
      'status',
      'planned_start',
      'planned_end',
      'actual_start',
      'actual_end',
      'tests_passed',
      'tests_failed',
      'defects',
      'notes',
    ])
    .where('release_id', '=', releaseId)
    .orderBy('planned_start')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    status: row.status,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    actualStart: row.actual_start,
    actualEnd: row.actual_end,
    testsPassed: row.tests_passed,
    testsFailed: row.tests_failed,
    defects: jsonOf(row.defects),
    notes: row.notes,
  }));
}

export async function readinessReportsOf(db: Db, releaseId: number) {
  const rows = await db
    .selectFrom('readiness_report')
    .select(['id', 'period_due', 'measures', 'summary', 'submitted_at'])
    .where('release_id', '=', releaseId)
    .orderBy('period_due')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    periodDue: row.period_due,
    measures: jsonOf(row.measures),
    summary: row.summary,
    submittedAt: row.submitted_at,
  }));
}

/** The evidence files of a release, without their bytes. */
export async function evidenceOf(db: Db, releaseId: number) {
  const rows = await db
    .selectFrom('test_evidence')
    .select([
      'id',
      'test_phase_id',
      'readiness_report_id',
      'filename',
      'content_type',
      'size_bytes',
      'uploaded_at',
    ])
    .where('release_id', '=', releaseId)
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    testPhaseId: row.test_phase_id,
    readinessReportId: row.readiness_report_id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    uploadedAt: row.uploaded_at,
  }));
}

/** One evidence file of a release, with its bytes; undefined when it is not the release's. */
export async function findEvidence(db: Db, releaseId: number, evidenceId: number) {
  const row = await db
    .selectFrom('test_evidence')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'data'])
    .where('id', '=', evidenceId)
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      filename: row.filename,
      contentType: row.content_type,
      sizeBytes: row.size_bytes,
      data: row.data,
    }
  );
}

export async function dccInfoRequestsOf(db: Db, releaseId: number) {
  const rows = await db
    .selectFrom('dcc_info_request')
    .select([
      'id',
      'rid_section',
      'subject',
      'detail',
      'due_date',
      'status',
      'requested_at',
      'response',
      'responded_at',
    ])
    .where('release_id', '=', releaseId)
    .orderBy('requested_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    ridSection: row.rid_section,
    subject: row.subject,
    detail: row.detail,
    dueDate: row.due_date,
    status: row.status,
    requestedAt: row.requested_at,
    response: row.response,
    respondedAt: row.responded_at,
  }));
}

/** Everything the auditor reads of a release (D10.11). */
export async function releaseRecords(db: Db, releaseId: number) {
  return {
    ridVersions: await ridVersionsOf(db, releaseId),
    testPhases: await testPhasesOf(db, releaseId),
    readinessReports: await readinessReportsOf(db, releaseId),
    evidence: await evidenceOf(db, releaseId),
    dccInfoRequests: await dccInfoRequestsOf(db, releaseId),
  };
}

export type ReleaseRecords = Awaited<ReturnType<typeof releaseRecords>>;
