import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease, type Release } from '../release/release.queries.ts';
import { approvedRidOf, type ApprovedRid } from '../rid/rid.queries.ts';
import {
  readinessSchedule,
  reportStates,
  type ReadinessReport,
  type ReportState,
} from './readiness.ts';
import { canReadTestDetail } from './testing.access.ts';
import { evidenceOf, phasesOf, reportsOf } from './testing.store.ts';
import {
  phaseLateness,
  TEST_PHASE_KIND_NAMES,
  TEST_PHASE_STATUS_NAMES,
  type Defects,
  type EvidenceInfo,
  type TestPhase,
} from './testing.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface EvidenceJson {
  id: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
  uploadedAt: string;
  href: string;
}

export interface PhaseJson {
  id: number;
  releaseId: number;
  name: string;
  kind: TestPhase['kind'];
  kindName: string;
  status: TestPhase['status'];
  statusName: string;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  testsPassed: number;
  testsFailed: number;
  defects: Defects;
  notes: string;
  late: boolean;
  lateReasons: string[];
  version: number;
  /** Null when the reader may not see evidence files. */
  evidence: EvidenceJson[] | null;
}

export interface ScheduledReportJson {
  periodDue: string;
  state: ReportState;
  submittedOn: string | null;
  late: boolean;
  reportId: number | null;
  /** The measures and summary, for readers allowed the detail; null otherwise or before submission. */
  measures: Record<string, string> | null;
  summary: string | null;
  evidence: EvidenceJson[] | null;
}

export function evidenceJson(file: EvidenceInfo): EvidenceJson {
  return {
    id: file.id,
    filename: file.filename,
    contentType: file.contentType,
    sizeBytes: file.sizeBytes,
    uploadedAt: file.uploadedAt.toISOString(),
    href: `/api/v1/test-evidence/${file.id}`,
  };
}

export function phaseJson(
  phase: TestPhase,
  today: string,
  evidence: EvidenceInfo[] | null,
): PhaseJson {
  const lateReasons = phaseLateness(phase, today);
  return {
    id: phase.id,
    releaseId: phase.releaseId,
    name: phase.name,
    kind: phase.kind,
    kindName: TEST_PHASE_KIND_NAMES[phase.kind],
    status: phase.status,
    statusName: TEST_PHASE_STATUS_NAMES[phase.status],
    plannedStart: phase.plannedStart,
    plannedEnd: phase.plannedEnd,
    actualStart: phase.actualStart,
    actualEnd: phase.actualEnd,
    testsPassed: phase.testsPassed,
    testsFailed: phase.testsFailed,
    defects: phase.defects,
    notes: phase.notes,
    late: lateReasons.length > 0,
    lateReasons,
    version: phase.version,
    evidence: evidence === null ? null : evidence.map(evidenceJson),
  };
}

export interface TestingView {
  release: Release;
  rid: ApprovedRid | undefined;
  today: string;
  detail: boolean;
  phases: PhaseJson[];
  measures: string[];
  frequency: string | null;
  schedule: ScheduledReportJson[];
  missing: string[];
}

function scheduleJson(
  schedule: string[],
  reports: ReadinessReport[],
  evidence: EvidenceInfo[] | null,
  today: string,
  detail: boolean,
): ScheduledReportJson[] {
  const byDue = new Map(reports.map((r) => [r.periodDue, r]));
  const submitted = new Map(reports.map((r) => [r.periodDue, todayOf(r.submittedAt)]));
  return reportStates(schedule, submitted, today).map((s) => {
    const report = byDue.get(s.due);
    const files =
      report && evidence ? evidence.filter((e) => e.readinessReportId === report.id) : null;
    return {
      periodDue: s.due,
      state: s.state,
      submittedOn: s.submittedOn,
      late: s.late,
      reportId: report?.id ?? null,
      measures: report && detail ? report.measures : null,
      summary: report && detail ? report.summary : null,
      evidence: files ? files.map(evidenceJson) : null,
    };
  });
}

/**
 * D10.13(b)(c), D10.16: a release's plan against actual: each phase with its lateness, results
 * and (for readers allowed the detail) evidence; the readiness schedule from the approved RID
 * with each report's state.
 */
export async function testingView(
  ctx: AppContext,
  releaseId: number,
  principal: Principal | null,
): Promise<TestingView> {
  const release = await findRelease(ctx.db, releaseId);
  if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
  const today = todayOf(ctx.now());
  const detail = canReadTestDetail(principal);
  const rid = await approvedRidOf(ctx.db, releaseId);
  const evidence = detail ? await evidenceOf(ctx.db, releaseId) : null;
  const phases = (await phasesOf(ctx.db, releaseId)).map((phase) =>
    phaseJson(phase, today, evidence ? evidence.filter((e) => e.testPhaseId === phase.id) : null),
  );
  const reporting = rid?.sections.reporting;
  const schedule = reporting ? readinessSchedule(reporting, release.go_live) : [];
  const reports = await reportsOf(ctx.db, releaseId);
  const rows = scheduleJson(schedule, reports, evidence, today, detail);
  return {
    release,
    rid,
    today,
    detail,
    phases,
    measures: (reporting?.measures ?? []).filter((m) => m.trim() !== ''),
    frequency: reporting?.frequency ?? null,
    schedule: rows,
    missing: rows.filter((r) => r.state === 'missing').map((r) => r.periodDue),
  };
}
