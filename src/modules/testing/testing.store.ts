import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, TestPhaseTable } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { formatDate } from '../../calendar/format.ts';
import { defectsOf, TEST_PHASE_STATUS_NAMES, type Defects } from './testing.ts';

export interface TestPhase extends Omit<Selectable<TestPhaseTable>, 'defects'> {
  defects: Defects;
}

export interface ReadinessReport {
  id: number;
  releaseId: number;
  periodDue: string;
  measures: Record<string, string>;
  summary: string;
  submittedBy: number | null;
  submittedAt: Date;
}

/** An evidence file without its bytes. */
export interface EvidenceInfo {
  id: number;
  releaseId: number;
  testPhaseId: number | null;
  readinessReportId: number | null;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: Date;
}

function toPhase(row: Selectable<TestPhaseTable>): TestPhase {
  return { ...row, defects: defectsOf(row.defects) };
}

/** D10.16: a release's test phases in planned order. */
export async function phasesOf(db: Kysely<DB>, releaseId: number): Promise<TestPhase[]> {
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
export async function findPhase(
  db: Kysely<DB>,
  releaseId: number,
  phaseId: number,
): Promise<TestPhase> {
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
  trx: Transaction<DB>,
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

function parsedMeasures(value: unknown): Record<string, string> {
  const raw = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return raw !== null && typeof raw === 'object' ? (raw as Record<string, string>) : {};
}

/** D10.13(c): a release's readiness reports by due date. */
export async function reportsOf(db: Kysely<DB>, releaseId: number): Promise<ReadinessReport[]> {
  const rows = await db
    .selectFrom('readiness_report')
    .selectAll()
    .where('release_id', '=', releaseId)
    .orderBy('period_due')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    releaseId: row.release_id,
    periodDue: row.period_due,
    measures: parsedMeasures(row.measures),
    summary: row.summary,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
  }));
}

/** The evidence files of a release (without their bytes), oldest first. */
export async function evidenceOf(db: Kysely<DB>, releaseId: number): Promise<EvidenceInfo[]> {
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
  return rows.map((row) => ({
    id: row.id,
    releaseId: row.release_id,
    testPhaseId: row.test_phase_id,
    readinessReportId: row.readiness_report_id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    uploadedAt: row.uploaded_at,
  }));
}

/** One evidence file with its bytes, for download. */
export async function findEvidence(db: Kysely<DB>, id: number) {
  return db.selectFrom('test_evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

/** How many files a phase or a report already has. */
export async function evidenceCount(
  db: Kysely<DB>,
  owner: { testPhaseId: number } | { readinessReportId: number },
): Promise<number> {
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

/**
 * D10.8(e): what a go-live criterion's evidence may point to: the release's test phases and
 * submitted readiness reports, by reference (`phase:<id>`, `report:<id>`) with a label.
 */
export async function linkableEvidenceOf(
  db: Kysely<DB>,
  releaseId: number,
): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const phase of await phasesOf(db, releaseId))
    links.set(
      `phase:${phase.id}`,
      `Test phase: ${phase.name} (${TEST_PHASE_STATUS_NAMES[phase.status].toLowerCase()})`,
    );
  for (const report of await reportsOf(db, releaseId))
    links.set(`report:${report.id}`, `Readiness report due ${formatDate(report.periodDue)}`);
  return links;
}
