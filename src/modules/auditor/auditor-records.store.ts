/**
 * D10.11: what the appointed auditor of a release reads: the release's RID versions (every
 * status), test phases with their results, readiness reports, evidence files and DCC information
 * requests with their responses. Reads the tables of the modules that keep them directly, so the
 * auditor's view does not depend on their use cases.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';

/** A jsonb value as an object on both engines (the pg driver parses it; PGlite may not). */
export function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export async function ridVersionsOf(db: Kysely<DB>, releaseId: number) {
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
  return rows.map((row) => ({ ...row, sections: jsonOf(row.sections) }));
}

export async function testPhasesOf(db: Kysely<DB>, releaseId: number) {
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
  return rows.map((row) => ({ ...row, defects: jsonOf(row.defects) }));
}

export async function readinessReportsOf(db: Kysely<DB>, releaseId: number) {
  const rows = await db
    .selectFrom('readiness_report')
    .select(['id', 'period_due', 'measures', 'summary', 'submitted_at'])
    .where('release_id', '=', releaseId)
    .orderBy('period_due')
    .execute();
  return rows.map((row) => ({ ...row, measures: jsonOf(row.measures) }));
}

/** The evidence files of a release, without their bytes. */
export async function evidenceOf(db: Kysely<DB>, releaseId: number) {
  return db
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
}

/** One evidence file of a release, with its bytes; undefined when it is not the release's. */
export async function findEvidence(db: Kysely<DB>, releaseId: number, evidenceId: number) {
  return db
    .selectFrom('test_evidence')
    .select(['id', 'filename', 'content_type', 'size_bytes', 'data'])
    .where('id', '=', evidenceId)
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
}

export async function dccInfoRequestsOf(db: Kysely<DB>, releaseId: number) {
  return db
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
}

/** Everything the auditor reads of a release (D10.11). */
export async function releaseRecords(db: Kysely<DB>, releaseId: number) {
  return {
    ridVersions: await ridVersionsOf(db, releaseId),
    testPhases: await testPhasesOf(db, releaseId),
    readinessReports: await readinessReportsOf(db, releaseId),
    evidence: await evidenceOf(db, releaseId),
    dccInfoRequests: await dccInfoRequestsOf(db, releaseId),
  };
}

export type ReleaseRecords = Awaited<ReturnType<typeof releaseRecords>>;
