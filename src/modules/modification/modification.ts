/**
 * Modification Proposals: their references, paths and lifecycle (Section D as operated,
 * domain.md §4), as plain data and pure rules.
 */

/** Path 1 Authority-led, Path 2 Authority Determined, Path 3 Self-Governance, Fast-Track, ALV. */
export const PATHS = ['path1', 'path2', 'path3', 'fast_track', 'alv'] as const;
export type Path = (typeof PATHS)[number];

export const PATH_NAMES: Record<Path, string> = {
  path1: 'Path 1: Authority-led',
  path2: 'Path 2: Authority Determined',
  path3: 'Path 3: Self-Governance',
  fast_track: 'Fast-Track Self-Governance',
  alv: 'Authority-Led Variation',
};

export function isPath(value: string): value is Path {
  return (PATHS as readonly string[]).includes(value);
}

/** D10.1: an Authority-Led Variation is treated as a Path 1 Modification for D10 (and D6.8(c)). */
export function isTreatedAsPath1(path: Path | null): boolean {
  return path === 'path1' || path === 'alv';
}

/** D6.8(c): the implementation timetable may be amended in refinement, except for Path 1 (and ALVs). */
export function canAmendTimetable(path: Path | null): boolean {
  return !isTreatedAsPath1(path);
}

/** Ruling 12: references keep their real forms — SECMP0061, MP200, MP102A (alternative), DP090. */
const REFERENCE = /^(SECMP)(\d{4})([A-Z]?)$|^(MP|DP)(\d{3})([A-Z]?)$/;

export interface ParsedReference {
  series: 'SECMP' | 'MP' | 'DP';
  number: number;
  /** The letter of an Alternative proposal (MP102A), or ''. */
  alternative: string;
}

export function parseReference(reference: string): ParsedReference | null {
  const match = REFERENCE.exec(reference.trim().toUpperCase());
  if (!match) return null;
  const series = (match[1] ?? match[4]) as ParsedReference['series'];
  return { series, number: Number(match[2] ?? match[5]), alternative: match[3] ?? match[6] ?? '' };
}

/** A Draft Proposal keeps its number when the Panel converts it: DP090 becomes MP090. */
export function convertedReference(reference: string): string {
  const parsed = parseReference(reference);
  if (parsed?.series !== 'DP') return reference;
  return `MP${String(parsed.number).padStart(3, '0')}${parsed.alternative}`;
}

export const STATUSES = [
  'draft_proposal',
  'modification_proposal',
  'refinement',
  'report_phase',
  'modification_report_consultation',
  'change_board',
  'authority_decision',
  'approved',
  'rejected',
  'allocated',
  'implemented',
  'withdrawn',
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_NAMES: Record<Status, string> = {
  draft_proposal: 'Draft Proposal',
  modification_proposal: 'Modification Proposal',
  refinement: 'Refinement Process',
  report_phase: 'Report Phase',
  modification_report_consultation: 'Modification Report Consultation',
  change_board: 'Change Board',
  authority_decision: 'Awaiting Authority decision',
  approved: 'Approved',
  rejected: 'Rejected',
  allocated: 'Allocated to a release',
  implemented: 'Implemented',
  withdrawn: 'Withdrawn',
};

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

/** Statuses from which the proposer may withdraw (before any decision). */
export const WITHDRAWABLE: readonly Status[] = [
  'draft_proposal',
  'modification_proposal',
  'refinement',
  'report_phase',
  'modification_report_consultation',
  'change_board',
  'authority_decision',
];

/**
 * How a status change happens: by the Panel/SECAS moving it on, a decision, a release, or a
 * change of the documents it changes that makes a sub-committee's views newly mandatory
 * (D6.8(f)–(i): back to refinement).
 */
export type TransitionCause =
  'progress' | 'decision' | 'release' | 'withdrawal' | 'adoption' | 'documents';

/** What a use case that changes a modification answers: where it now is, and its new version. */
export interface StepOutcome {
  id: number;
  reference: string;
  status: Status;
  version: number;
}

interface Transition {
  from: Status;
  to: Status;
  cause: TransitionCause;
  /** The paths this step applies to; all when absent. */
  paths?: readonly Path[];
}

const SELF_GOVERNED: readonly Path[] = ['path2', 'path3', 'fast_track'];

/**
 * D6.8(f)–(i): the statuses after refinement and before a decision, from which a change of the
 * documents a modification changes returns it to refinement when a sub-committee's views become
 * mandatory (only on the paths that have a Refinement Process).
 */
export const AFTER_REFINEMENT: readonly Status[] = [
  'report_phase',
  'modification_report_consultation',
  'change_board',
  'authority_decision',
];

/** The lifecycle as a table: every allowed step, what causes it, and for which paths. */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'draft_proposal', to: 'modification_proposal', cause: 'progress' },
  {
    from: 'modification_proposal',
    to: 'refinement',
    cause: 'progress',
    paths: ['path1', 'path2', 'path3'],
  },
  {
    from: 'modification_proposal',
    to: 'report_phase',
    cause: 'progress',
    paths: ['path1', 'path2', 'path3', 'fast_track'],
  },
  { from: 'modification_proposal', to: 'authority_decision', cause: 'progress', paths: ['alv'] },
  { from: 'refinement', to: 'report_phase', cause: 'progress' },
  { from: 'report_phase', to: 'modification_report_consultation', cause: 'progress' },
  {
    from: 'modification_report_consultation',
    to: 'change_board',
    cause: 'progress',
    paths: SELF_GOVERNED,
  },
  {
    from: 'modification_report_consultation',
    to: 'authority_decision',
    cause: 'progress',
    paths: ['path1'],
  },
  { from: 'change_board', to: 'approved', cause: 'decision', paths: ['path3', 'fast_track'] },
  { from: 'change_board', to: 'rejected', cause: 'decision', paths: ['path3', 'fast_track'] },
  { from: 'change_board', to: 'authority_decision', cause: 'decision', paths: ['path2'] },
  {
    from: 'authority_decision',
    to: 'approved',
    cause: 'decision',
    paths: ['path1', 'path2', 'alv'],
  },
  {
    from: 'authority_decision',
    to: 'rejected',
    cause: 'decision',
    paths: ['path1', 'path2', 'alv'],
  },
  ...AFTER_REFINEMENT.map((from) => ({
    from,
    to: 'refinement' as const,
    cause: 'documents' as const,
    paths: ['path1', 'path2', 'path3'] as const,
  })),
  { from: 'approved', to: 'allocated', cause: 'release' },
  { from: 'allocated', to: 'approved', cause: 'release' },
  { from: 'allocated', to: 'implemented', cause: 'release' },
  ...WITHDRAWABLE.map((from) => ({ from, to: 'withdrawn' as const, cause: 'withdrawal' as const })),
];

/** True when the table allows `from → to` by `cause` for the modification's path. */
export function canTransition(
  from: Status,
  to: Status,
  cause: TransitionCause,
  path: Path | null,
): boolean {
  return TRANSITIONS.some(
    (step) =>
      step.from === from &&
      step.to === to &&
      step.cause === cause &&
      (step.paths === undefined || (path !== null && step.paths.includes(path))),
  );
}

/** The statuses the Panel or SECAS may move a modification on to from where it is. */
export function nextProgressSteps(from: Status, path: Path | null): Status[] {
  return TRANSITIONS.filter(
    (step) =>
      step.from === from &&
      step.cause === 'progress' &&
      (step.paths === undefined || (path !== null && step.paths.includes(path))),
  ).map((step) => step.to);
}

/** Decided and no longer open to withdrawal or refinement. */
export function isDecided(status: Status): boolean {
  return ['approved', 'rejected', 'allocated', 'implemented'].includes(status);
}

/** Approved modifications awaiting or undergoing implementation (D10.1). */
export function isApproved(status: Status): boolean {
  return ['approved', 'allocated', 'implemented'].includes(status);
}

/** Withdrawal: another Party may adopt the proposal within 10 Working Days (domain.md §4.7). */
export const ADOPTION_WINDOW_WORKING_DAYS = 10;

/** A withdrawn modification may be adopted until the end of its adoption window. */
export function canAdopt(adoptionDeadline: Date | null, now: Date): boolean {
  return adoptionDeadline !== null && now.getTime() <= adoptionDeadline.getTime();
}
