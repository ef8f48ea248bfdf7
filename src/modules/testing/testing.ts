/**
 * DCC testing against the approved RID (D10.13(b)(d)(e), D10.16): test phases, planned from the
 * RID's testing windows or added, and what actually happened (dates, status, results, defects).
 * PURE: no database, HTTP or clock; dates are ISO `YYYY-MM-DD` strings.
 */
import { isIsoDate } from '../../calendar/index.ts';
import type { RidTimescales } from '../rid/rid-sections.ts';

export const TEST_PHASE_KINDS = [
  'dcc_sit',
  'regression',
  'performance',
  'user_testing',
  'other',
] as const;
export type TestPhaseKind = (typeof TEST_PHASE_KINDS)[number];

export const TEST_PHASE_KIND_NAMES: Record<TestPhaseKind, string> = {
  dcc_sit: 'DCC System Integration Testing',
  regression: 'Regression testing',
  performance: 'Performance testing',
  user_testing: 'User testing',
  other: 'Other testing',
};

/** The kinds a phase added by hand may have; SIT and User testing come from the RID. */
export const ADDED_PHASE_KINDS: readonly TestPhaseKind[] = ['regression', 'performance', 'other'];

export const TEST_PHASE_STATUSES = [
  'planned',
  'in_progress',
  'passed',
  'failed',
  'cancelled',
] as const;
export type TestPhaseStatus = (typeof TEST_PHASE_STATUSES)[number];

export const TEST_PHASE_STATUS_NAMES: Record<TestPhaseStatus, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  passed: 'Passed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const DEFECT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type DefectSeverity = (typeof DEFECT_SEVERITIES)[number];
export type Defects = Record<DefectSeverity, number>;

export const MAX_PHASE_NAME = 200;
export const MAX_NOTES = 10000;
/** Counts are whole numbers up to this (the column is a 32-bit integer). */
export const MAX_COUNT = 1_000_000_000;

export function isTestPhaseKind(value: string): value is TestPhaseKind {
  return (TEST_PHASE_KINDS as readonly string[]).includes(value);
}

export function isTestPhaseStatus(value: string): value is TestPhaseStatus {
  return (TEST_PHASE_STATUSES as readonly string[]).includes(value);
}

/**
 * D10.16: the moves a phase's status may make. Staying put (recording more results) is always
 * allowed; a failed phase may be run again; passed and cancelled are final.
 */
export const PHASE_TRANSITIONS: Readonly<Record<TestPhaseStatus, readonly TestPhaseStatus[]>> = {
  planned: ['in_progress', 'cancelled'],
  in_progress: ['passed', 'failed', 'cancelled'],
  failed: ['in_progress', 'cancelled'],
  passed: [],
  cancelled: [],
};

/**
 * D10.16, ruling 16: DCC SIT has started once a DCC SIT phase is in progress (or has a result):
 * the fact that puts its release "In test".
 */
export function hasSitStarted(phase: { kind: TestPhaseKind; status: TestPhaseStatus }): boolean {
  return phase.kind === 'dcc_sit' && ['in_progress', 'passed', 'failed'].includes(phase.status);
}

/** D10.16: true when a phase may move from `from` to `to` (or stay). */
export function canMovePhase(from: TestPhaseStatus, to: TestPhaseStatus): boolean {
  return from === to || PHASE_TRANSITIONS[from].includes(to);
}

export interface TestingRefusal {
  code: 'validation_failed' | 'invalid_transition' | 'rid_incomplete';
  field: string;
  message: string;
}

const fail = (
  field: string,
  message: string,
  code: TestingRefusal['code'] = 'validation_failed',
): TestingRefusal => ({ code, field, message });

/** D10.16: a test phase of a release, planned and (once the DCC records them) its results. */
export interface TestPhase {
  id: number;
  releaseId: number;
  name: string;
  kind: TestPhaseKind;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  status: TestPhaseStatus;
  testsPassed: number;
  testsFailed: number;
  defects: Defects;
  notes: string;
  createdBy: number | null;
  createdAt: Date;
  version: number;
}

/** An evidence file of a phase or a readiness report, without its bytes. */
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

/** A phase or a readiness report: what an evidence file belongs to. */
export type EvidenceOwner = { testPhaseId: number } | { readinessReportId: number };

/** Why a release's testing records cannot change. */
export interface UnderTestRefusal {
  code: 'invalid_transition' | 'rid_not_approved';
  message: string;
}

/**
 * D10.16: testing is tracked against the approved RID, and only while the release is still
 * going ahead: a closed or cancelled release, or one without an approved RID, is refused.
 */
export function checkUnderTest(
  release: { name: string; status: string },
  hasApprovedRid: boolean,
): UnderTestRefusal | null {
  if (release.status === 'closed' || release.status === 'cancelled')
    return {
      code: 'invalid_transition',
      message: `${release.name} is ${release.status}: its testing records can no longer change`,
    };
  if (!hasApprovedRid)
    return {
      code: 'rid_not_approved',
      message: `${release.name} has no approved RID: testing is tracked against the approved RID (D10.16), so the Panel must approve it first`,
    };
  return null;
}

/** A planned phase: name, kind and planned dates. */
export interface PhasePlan {
  name: string;
  kind: TestPhaseKind;
  plannedStart: string;
  plannedEnd: string;
}

/**
 * D10.13(b), D10.16: the two phases the approved RID's timescales set: DCC SIT on the DCC testing
 * window and User testing on the User testing window.
 */
export function phasesFromRid(timescales: RidTimescales): PhasePlan[] | TestingRefusal {
  const t = timescales;
  if (!t.dccTestingStart || !t.dccTestingEnd || !t.userTestingStart || !t.userTestingEnd)
    return fail(
      'rid',
      'The approved RID does not set both testing windows in (b)',
      'rid_incomplete',
    );
  return [
    {
      name: TEST_PHASE_KIND_NAMES.dcc_sit,
      kind: 'dcc_sit',
      plannedStart: t.dccTestingStart,
      plannedEnd: t.dccTestingEnd,
    },
    {
      name: TEST_PHASE_KIND_NAMES.user_testing,
      kind: 'user_testing',
      plannedStart: t.userTestingStart,
      plannedEnd: t.userTestingEnd,
    },
  ];
}

/** D10.16: a phase added by hand has a name, a kind other than those the RID sets, and planned dates in order. */
export function checkPhasePlan(plan: {
  name: string;
  kind: string;
  plannedStart: string;
  plannedEnd: string;
}): TestingRefusal | null {
  if (plan.name.trim() === '') return fail('name', 'Enter the name of the test phase');
  if (plan.name.length > MAX_PHASE_NAME)
    return fail('name', `The name must be at most ${MAX_PHASE_NAME} characters`);
  if (!(ADDED_PHASE_KINDS as readonly string[]).includes(plan.kind))
    return fail(
      'kind',
      'Choose regression, performance or other: DCC SIT and User testing come from the approved RID',
    );
  if (!isIsoDate(plan.plannedStart))
    return fail('plannedStart', 'Enter the planned start as a real date, YYYY-MM-DD');
  if (!isIsoDate(plan.plannedEnd))
    return fail('plannedEnd', 'Enter the planned end as a real date, YYYY-MM-DD');
  if (plan.plannedEnd < plan.plannedStart)
    return fail('plannedEnd', 'The planned end must be on or after the planned start');
  return null;
}

/** What the DCC records about a phase. */
export interface PhaseResults {
  status: string;
  actualStart: string | null;
  actualEnd: string | null;
  testsPassed: number;
  testsFailed: number;
  defects: Record<string, number>;
  notes: string;
}

function wholeCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_COUNT;
}

/**
 * D10.16: the DCC's record of a phase: a sensible status move (PHASE_TRANSITIONS); actual dates
 * real, not in the future, end on or after start; a started phase has its actual start, a
 * finished one (passed or failed) its actual end, a planned one neither; test counts and
 * defects per severity are whole numbers, 0 or more.
 */
export function checkPhaseResults(
  from: TestPhaseStatus,
  results: PhaseResults,
  today: string,
): TestingRefusal | null {
  const to = results.status;
  if (!isTestPhaseStatus(to))
    return fail('status', 'Choose planned, in progress, passed, failed or cancelled');
  if (!canMovePhase(from, to))
    return fail(
      'status',
      `A ${TEST_PHASE_STATUS_NAMES[from].toLowerCase()} phase cannot become ${TEST_PHASE_STATUS_NAMES[to].toLowerCase()}`,
      'invalid_transition',
    );
  const { actualStart, actualEnd } = results;
  if (actualStart !== null && !isIsoDate(actualStart))
    return fail('actualStart', 'Enter the actual start as a real date, YYYY-MM-DD');
  if (actualEnd !== null && !isIsoDate(actualEnd))
    return fail('actualEnd', 'Enter the actual end as a real date, YYYY-MM-DD');
  if (actualStart !== null && actualStart > today)
    return fail('actualStart', 'The actual start cannot be in the future');
  if (actualEnd !== null && actualEnd > today)
    return fail('actualEnd', 'The actual end cannot be in the future');
  if (actualEnd !== null && actualStart === null)
    return fail('actualStart', 'Enter the actual start of a phase that has ended');
  if (actualStart !== null && actualEnd !== null && actualEnd < actualStart)
    return fail('actualEnd', 'The actual end must be on or after the actual start');
  if (to === 'planned' && actualStart !== null)
    return fail('status', 'A phase that has started is no longer planned: set it in progress');
  if (to !== 'planned' && to !== 'cancelled' && actualStart === null)
    return fail('actualStart', 'Enter the date the phase actually started');
  if ((to === 'passed' || to === 'failed') && actualEnd === null)
    return fail('actualEnd', 'Enter the date the phase actually ended');
  if (to === 'in_progress' && actualEnd !== null)
    return fail('status', 'A phase that has ended is passed, failed or cancelled, not in progress');
  if (!wholeCount(results.testsPassed))
    return fail('testsPassed', 'Enter the tests passed as a whole number, 0 or more');
  if (!wholeCount(results.testsFailed))
    return fail('testsFailed', 'Enter the tests failed as a whole number, 0 or more');
  for (const key of Object.keys(results.defects))
    if (!(DEFECT_SEVERITIES as readonly string[]).includes(key))
      return fail('defects', `“${key}” is not a defect severity: critical, high, medium or low`);
  for (const severity of DEFECT_SEVERITIES)
    if (!wholeCount(results.defects[severity] ?? 0))
      return fail(
        `defects.${severity}`,
        `Enter the open ${severity} defects as a whole number, 0 or more`,
      );
  if (results.notes.length > MAX_NOTES)
    return fail('notes', `The notes must be at most ${MAX_NOTES} characters`);
  return null;
}

/** Every severity, 0 where none was given. */
export function defectsOf(value: unknown): Defects {
  const raw = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
  const count = (severity: DefectSeverity) => {
    const n = raw[severity];
    return typeof n === 'number' ? n : 0;
  };
  return {
    critical: count('critical'),
    high: count('high'),
    medium: count('medium'),
    low: count('low'),
  };
}

/** The dates that decide whether a phase runs to plan. */
export interface PhaseDates {
  status: TestPhaseStatus;
  plannedStart: string;
  plannedEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
}

/**
 * D10.16: a phase is late when it started after its planned start, or has not started though
 * its planned start has passed; or it ended after its planned end, or has not ended though its
 * planned end has passed. A cancelled phase is never late. Returns the reasons (none: on plan).
 */
export function phaseLateness(phase: PhaseDates, today: string): string[] {
  if (phase.status === 'cancelled') return [];
  const reasons: string[] = [];
  if (phase.actualStart === null) {
    if (today > phase.plannedStart) reasons.push('not started though its planned start has passed');
  } else if (phase.actualStart > phase.plannedStart)
    reasons.push('started after its planned start');
  if (phase.actualEnd === null) {
    if (today > phase.plannedEnd) reasons.push('not ended though its planned end has passed');
  } else if (phase.actualEnd > phase.plannedEnd) reasons.push('ended after its planned end');
  return reasons;
}
