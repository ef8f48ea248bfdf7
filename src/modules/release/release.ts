/**
 * SEC Releases (A-REL, D10.7, D10.8(a)(b), rulings 6 and 7): the release lifecycle and the
 * standard releases a Policy version defines. PURE: no database, HTTP or clock; dates are ISO
 * `YYYY-MM-DD` strings.
 */
import { isIsoDate, type WorkingDayCalendar } from '../../calendar/index.ts';
import { releaseTypeOf, standardGoLiveDate } from '../policy/policy-dates.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import { monthAndYear } from '../../calendar/date-words.ts';

export const RELEASE_STATUSES = [
  'planned',
  'scoped',
  'rid_approved',
  'in_test',
  'go_live_decision',
  'live',
  'closed',
  'cancelled',
] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export const RELEASE_STATUS_NAMES: Record<ReleaseStatus, string> = {
  planned: 'Planned',
  scoped: 'Scoped',
  rid_approved: 'RID approved',
  in_test: 'In test',
  go_live_decision: 'Go-live decision',
  live: 'Live',
  closed: 'Closed',
  cancelled: 'Cancelled',
};

export function isReleaseStatus(value: string): value is ReleaseStatus {
  return (RELEASE_STATUSES as readonly string[]).includes(value);
}

/** D10.8(b): the forward path of a release; any status before live may also be cancelled. */
const FORWARD: readonly ReleaseStatus[] = [
  'planned',
  'scoped',
  'rid_approved',
  'in_test',
  'go_live_decision',
  'live',
  'closed',
];

/** D10.8(b): the release lifecycle as a table of allowed moves. */
export const RELEASE_TRANSITIONS: readonly { from: ReleaseStatus; to: ReleaseStatus }[] = [
  ...FORWARD.slice(0, -1).map((from, index) => ({
    from,
    to: FORWARD[index + 1] ?? 'closed',
  })),
  ...FORWARD.slice(0, FORWARD.indexOf('live')).map((from) => ({
    from,
    to: 'cancelled' as const,
  })),
];

/** D10.8(b): true when the table allows a release to move from `from` to `to`. */
export function canMoveRelease(from: ReleaseStatus, to: ReleaseStatus): boolean {
  return RELEASE_TRANSITIONS.some((t) => t.from === from && t.to === to);
}

/** How far along the forward path a status is (cancelled: -1). */
export function stageOf(status: ReleaseStatus): number {
  return FORWARD.indexOf(status);
}

/** True when `status` has reached `stage` on the forward path. */
export function hasReached(status: ReleaseStatus, stage: ReleaseStatus): boolean {
  return stageOf(status) >= stageOf(stage);
}

/** D10.7: allocations and Panel decisions are only made for a release not yet live or ended. */
export function isOpenForScope(status: ReleaseStatus): boolean {
  return !['live', 'closed', 'cancelled'].includes(status);
}

/** A refusal: the error code, the field at fault and a message for people. */
export interface Refusal {
  code: 'invalid_transition' | 'validation_failed';
  field: string;
  message: string;
}

/**
 * D10.7: a release not yet live or ended is open for its scope to change; otherwise the refusal
 * says what can no longer happen, on `field`.
 */
export function checkScopeOpen(
  release: { name: string; status: ReleaseStatus },
  field: string,
  consequence = 'its scope can no longer change',
): Refusal | null {
  if (isOpenForScope(release.status)) return null;
  return {
    code: 'invalid_transition',
    field,
    message: `${release.name} is ${RELEASE_STATUS_NAMES[release.status].toLowerCase()}: ${consequence}`,
  };
}

/**
 * D10.8(e): a release goes live only through the Panel's go-live decision, never by a plain
 * status move.
 */
export function checkNotGoingLive(to: ReleaseStatus): Refusal | null {
  if (to !== 'live') return null;
  return {
    code: 'invalid_transition',
    field: 'to',
    message:
      'A release goes live only through the Panel’s go-live decision (D10.8(e)): record the go-live decision instead',
  };
}

/**
 * A-REL, D10.8(b): whether a release may move to `to`. A release is a package of one or more
 * approved modifications, so it needs at least one live allocation to move past planned; a
 * release still holding allocations cannot be cancelled (de-scope them first).
 */
export function checkReleaseMove(
  from: ReleaseStatus,
  to: ReleaseStatus,
  liveAllocations: number,
): Refusal | null {
  if (!canMoveRelease(from, to))
    return {
      code: 'invalid_transition',
      field: 'to',
      message: `A release cannot move from ${RELEASE_STATUS_NAMES[from]} to ${RELEASE_STATUS_NAMES[to]}`,
    };
  if (to !== 'cancelled' && liveAllocations === 0)
    return {
      code: 'invalid_transition',
      field: 'to',
      message:
        'A release must hold at least one approved modification before it moves past planned',
    };
  if (to === 'cancelled' && liveAllocations > 0)
    return {
      code: 'invalid_transition',
      field: 'to',
      message: `The release still holds ${liveAllocations} allocated part(s): de-scope them before cancelling it`,
    };
  return null;
}

export const MAX_REASONS_LENGTH = 10_000;

/**
 * D10.8(a): a recorded Panel decision (late addition or de-scoping) states the day the Panel
 * decided, not in the future, and its reasons.
 */
export function checkPanelDecision(
  input: { decidedOn: string; reasons: string },
  today: string,
): Refusal | null {
  if (!isIsoDate(input.decidedOn))
    return {
      code: 'validation_failed',
      field: 'decidedOn',
      message: 'Enter the date of the Panel decision as a real date, YYYY-MM-DD',
    };
  if (input.decidedOn > today)
    return {
      code: 'validation_failed',
      field: 'decidedOn',
      message: 'The date of the Panel decision cannot be in the future',
    };
  if (input.reasons.trim() === '')
    return { code: 'validation_failed', field: 'reasons', message: 'Give the Panel’s reasons' };
  if (input.reasons.length > MAX_REASONS_LENGTH)
    return {
      code: 'validation_failed',
      field: 'reasons',
      message: `The reasons must be at most ${MAX_REASONS_LENGTH} characters`,
    };
  return null;
}

/** Ruling 6: a standard release is named after its go-live month, e.g. "November 2027 SEC Release". */
export function standardReleaseName(goLive: string): string {
  return `${monthAndYear(goLive)} SEC Release`;
}

export interface PlannedRelease {
  name: string;
  releaseType: string;
  goLive: string;
  dccImpacting: boolean;
}

/**
 * D10.8(a), ruling 6: the standard releases of `year` under a Policy version: one per standard
 * release type, going live on the type's weekday (moved off bank holidays); a name already taken
 * is skipped, not duplicated.
 */
export function planStandardReleases(
  policy: { mechanisms: PolicyMechanisms },
  year: number,
  calendar: WorkingDayCalendar,
  takenNames: ReadonlySet<string>,
): { create: PlannedRelease[]; skipped: PlannedRelease[] } {
  const create: PlannedRelease[] = [];
  const skipped: PlannedRelease[] = [];
  for (const type of policy.mechanisms.allocation?.releaseTypes ?? []) {
    const goLive = standardGoLiveDate(policy, type.id, year, calendar);
    if (goLive === undefined) continue;
    const planned = {
      name: standardReleaseName(goLive),
      releaseType: type.id,
      goLive,
      dccImpacting: type.dccImpactingAllowed,
    };
    (takenNames.has(planned.name) ? skipped : create).push(planned);
  }
  return { create, skipped };
}

/** Ruling 6: standard releases are planned for this year or a later one (up to 2100). */
export function checkPlanningYear(year: number, today: string): Refusal | null {
  if (Number.isInteger(year) && year >= Number(today.slice(0, 4)) && year <= 2100) return null;
  return { code: 'validation_failed', field: 'year', message: 'Give this year or a later one' };
}

export const MAX_NAME_LENGTH = 120;

/**
 * D10.8(a), ruling 7: a release is created with a name and a go-live date, of a release type the
 * governing Policy version defines (an ad-hoc release, e.g. for an Authority-Led Variation).
 */
export function checkNewRelease(
  policy: { mechanisms: PolicyMechanisms } | undefined,
  input: { name: string; releaseType: string; goLive: string },
  today: string,
): Refusal | null {
  const fail = (field: string, message: string): Refusal => ({
    code: 'validation_failed',
    field,
    message,
  });
  if (!policy)
    return fail('releaseType', 'There is no SEC Release Management Policy in force to govern it');
  if (input.name.trim() === '') return fail('name', 'Give the release a name');
  if (input.name.length > MAX_NAME_LENGTH)
    return fail('name', `The name must be at most ${MAX_NAME_LENGTH} characters`);
  if (!releaseTypeOf(policy, input.releaseType))
    return fail('releaseType', `The Policy in force has no release type ${input.releaseType}`);
  if (!isIsoDate(input.goLive))
    return fail('goLive', 'Enter the go-live date as a real date, YYYY-MM-DD');
  if (input.goLive < today) return fail('goLive', 'The go-live date cannot be in the past');
  return null;
}
