import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { ReadinessReportTable, TestEvidenceTable, TestPhaseTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { ReadinessReport } from './readiness.ts';
import {
  defectsOf,
  type Defects,
  type EvidenceInfo,
  type EvidenceOwner,
  type TestPhase,
  type TestPhaseKind,
  type TestPhaseStatus,
} from './testing.ts';

function toPhase(row: Selectable<TestPhaseTable>): TestPhase {
  return {
    id: row.id,
    releaseId: row.release_id,
    name: row.name,
    kind: row.kind,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    actualStart: row.actual_start,
    actualEnd: row.actual_end,
    status: row.status,
    testsPassed: row.tests_passed,
    testsFailed: row.tests_failed,
    defects: defectsOf(row.defects),
    notes: row.notes,
    createdBy: row.created_by,
    createdAt: row.created_at,
    version: row.version,
  };
}

/** D10.16: a release's test phases in planned order. */
export async function phasesOf(db: Db, releaseId: number): Promise<TestPhase[]> {
  const rows = await db
    .selectFrom('test_phase')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('planned_start')
    .orderBy('id')
    .execute();
  return rows.map(toPhase);
}

/** One phase of a release; not_found when it belongs to another release. */
export async function findPhase(db: Db, releaseId: number, phaseId: number): Promise<TestPhase> {
  const row = await db
    .selectFrom('test_phase')
    .selectAll()
    .where('id', '=', phaseId)
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `Release ${releaseId} has no test phase ${phaseId}`);
  return toPhase(row);
}

/** Locks a phase for an update; a stale `expectedVersion` is refused (409). */
export async function lockPhase(
  trx: Tx,
  releaseId: number,
  phaseId: number,
  expectedVersion: number | undefined,
): Promise<TestPhase> {
  const row = await trx
    .selectFrom('test_phase')
    .selectAll()
    .where('id', '=', phaseId)
    .where('release_id', '=', releaseId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `Release ${releaseId} has no test phase ${phaseId}`);
  if (expectedVersion !== undefined && row.version !== expectedVersion)
    throw new AppError('stale_version');
  return toPhase(row);
}

/** A new phase: planned, with no results yet. */
export interface NewPhase {
  releaseId: number;
  name: string;
  kind: TestPhaseKind;
  plannedStart: string;
  plannedEnd: string;
  createdBy: number | null;
  createdAt: Date;
}

export async function insertPhase(trx: Tx, phase: NewPhase): Promise<TestPhase> {
  const row = await trx
    .insertInto('test_phase')
    .values({
      release_id: phase.releaseId,
      name: phase.name,
      kind: phase.kind,
      planned_start: phase.plannedStart,
      planned_end: phase.plannedEnd,
      defects: JSON.stringify(defectsOf({})),
      created_by: phase.createdBy,
      created_at: phase.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPhase(row);
}

/** What the DCC records of a phase. */
export interface PhaseResultsChange {
  status: TestPhaseStatus;
  actualStart: string | null;
  actualEnd: string | null;
  testsPassed: number;
  testsFailed: number;
  defects: Defects;
  notes: string;
}

/** Saves a phase's results and bumps its version. */
export async function savePhaseResults(
  trx: Tx,
  phaseId: number,
  results: PhaseResultsChange,
): Promise<TestPhase> {
  const row = await trx
    .updateTable('test_phase')
    .set((eb) => ({
      status: results.status,
      actual_start: results.actualStart,
      actual_end: results.actualEnd,
      tests_passed: results.testsPassed,
      tests_failed: results.testsFailed,
      defects: JSON.stringify(results.defects),
      notes: results.notes,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', phaseId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPhase(row);
}

function parsedMeasures(value: unknown): Record<string, string> {
  const raw = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return raw !== null && typeof raw === 'object' ? (raw as Record<string, string>) : {};
}

function toReport(row: Selectable<ReadinessReportTable>): ReadinessReport {
  return {
    id: row.id,
    releaseId: row.release_id,
    periodDue: row.period_due,
    measures: parsedMeasures(row.measures),
    summary: row.summary,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
  };
}

/** D10.13(c): a release's readiness reports by due date. */
export async function reportsOf(db: Db, releaseId: number): Promise<ReadinessReport[]> {
  const rows = await db
    .selectFrom('readiness_report')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('period_due')
    .execute();
  return rows.map(toReport);
}

/** D10.13(c): the readiness reports of each of `releaseIds` by due date, by release id, in one query. */
export async function reportsOfReleases(
  db: Db,
  releaseIds: readonly number[],
): Promise<Map<number, ReadinessReport[]>> {
  const reports = new Map<number, ReadinessReport[]>(releaseIds.map((id) => [id, []]));
  if (releaseIds.length === 0) return reports;
  const rows = await db
    .selectFrom('readiness_report')
    .selectAll()
    .where('release_id', 'in', releaseIds)
    .orderBy('period_due')
    .execute();
  for (const row of rows) reports.get(row.release_id)?.push(toReport(row));
  return reports;
}

/** Whether the release's report due on `periodDue` was already submitted. */
export async function reportSubmittedFor(
  db: Db,
  releaseId: number,
  periodDue: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('readiness_report')
    .select('submitted_at')
    .where('release_id', '=', releaseId)
    .where('period_due', '=', periodDue)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether the release has the readiness report `reportId`. */
export async function hasReport(db: Db, releaseId: number, reportId: number): Promise<boolean> {
  const row = await db
    .selectFrom('readiness_report')
    .select('id')
    .where('id', '=', reportId)
    .where('release_id', '=', releaseId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertReport(
  trx: Tx,
  report: Omit<ReadinessReport, 'id'>,
): Promise<ReadinessReport> {
  const row = await trx
    .insertInto('readiness_report')
    .values({
      release_id: report.releaseId,
      period_due: report.periodDue,
      measures: JSON.stringify(report.measures),
      summary: report.summary,
      submitted_by: report.submittedBy,
      submitted_at: report.submittedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toReport(row);
}

type EvidenceRow = Omit<Selectable<TestEvidenceTable>, 'data' | 'uploaded_by'>;

function toEvidence(row: EvidenceRow): EvidenceInfo {
  return {
    id: row.id,
    releaseId: row.release_id,
    testPhaseId: row.test_phase_id,
    readinessReportId: row.readiness_report_id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    uploadedAt: row.uploaded_at,
  };
}

/** The evidence files of a release (without their bytes), oldest first. */
export async function evidenceOf(db: Db, releaseId: number): Promise<EvidenceInfo[]> {
  const rows = await db
    .selectFrom('test_evidence')
    .select([
      'id',
      'release_id',
      'test_phase_id',
      'readiness_report_id',
      'filename',
      'content_type',
      'size_bytes',
      'uploaded_at',
    ])
    .where('release_id', '=', releaseId)
    .orderBy('id')
    .execute();
  return rows.map(toEvidence);
}

/** One evidence file with its bytes, for download. */
export async function findEvidence(
  db: Db,
  id: number,
): Promise<(EvidenceInfo & { data: Uint8Array }) | undefined> {
  const row = await db
    .selectFrom('test_evidence')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { ...toEvidence(row), data: row.data };
}

/** How many files a phase or a report already has. */
export async function evidenceCount(db: Db, owner: EvidenceOwner): Promise<number> {
  let query = db
    .selectFrom('test_evidence')
    .select((eb) => eb.fn.countAll<string | number>().as('n'));
  query =
    'testPhaseId' in owner
      ? query.where('test_phase_id', '=', owner.testPhaseId)
      : query.where('readiness_report_id', '=', owner.readinessReportId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A checked file to store. */
export interface NewEvidence {
  releaseId: number;
  owner: EvidenceOwner;
  filename: string;
  contentType: string;
  data: Uint8Array;
  uploadedBy: number | null;
  uploadedAt: Date;
}

/** Stores one evidence file; returns its id. */
export async function insertEvidence(trx: Tx, file: NewEvidence): Promise<number> {
  const row = await trx
    .insertInto('test_evidence')
    .values({
      release_id: file.releaseId,
      test_phase_id: 'testPhaseId' in file.owner ? file.owner.testPhaseId : null,
      readiness_report_id: 'readinessReportId' in file.owner ? file.owner.readinessReportId : null,
      filename: file.filename,
      content_type: file.contentType,
      size_bytes: file.data.length,
      data: file.data,
      uploaded_by: file.uploadedBy,
      uploaded_at: file.uploadedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** D10.16: the test phases of each of `releaseIds`, by release id, in one query (issue 12). */
export async function phasesOfReleases(
  db: Db,
  releaseIds: readonly number[],
): Promise<Map<number, TestPhase[]>> {
  const phases = new Map<number, TestPhase[]>(releaseIds.map((id) => [id, []]));
  if (releaseIds.length === 0) return phases;
  const rows = await db
    .selectFrom('test_phase')
    .selectAll()
    .where('release_id', 'in', releaseIds)
    .orderBy('release_id')
    .orderBy('planned_start')
    .orderBy('id')
    .execute();
  for (const row of rows) phases.get(row.release_id)?.push(toPhase(row));
  return phases;
}
