/**
 * SEC Releases (A-REL, D10.7, D10.8(a)(b), rulings 6 and 7): the release lifecycle and the
 * standard releases a Policy version defines. PURE: no database, HTTP or clock; dates are ISO
 * `YYYY-MM-DD` strings.
 */
import { countOf } from '../../calendar/count-words.ts';
import { isIsoDate, type WorkingDayCalendar } from '../../calendar/index.ts';
import { releaseTypeOf, standardGoLiveDate } from '../policy/policy-dates.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import { longDate, monthAndYear } from '../../calendar/date-words.ts';
import { dayOfWeek, epochDayOf } from '../../calendar/civil-date.ts';

/**
 * Ruling 16: a release is planned when created; "RID approved", "In test" and "Live" follow
 * facts (the Panel's approval of a RID version, the start of DCC SIT, the go-live decision); the
 * Panel's cancellation is the only status set by hand. (Scoped, go-live decision and closed were
 * dropped by migration 0018: no fact of the Code or the rulings leads to them.)
 */
export const RELEASE_STATUSES = [
  'planned',
  'rid_approved',
  'in_test',
  'live',
  'cancelled',
] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export const RELEASE_STATUS_NAMES: Record<ReleaseStatus, string> = {
  planned: 'Planned',
  rid_approved: 'RID approved',
  in_test: 'In test',
  live: 'Live',
  cancelled: 'Cancelled',
};

export function isReleaseStatus(value: string): value is ReleaseStatus {
  return (RELEASE_STATUSES as readonly string[]).includes(value);
}

/** D10.8(b), ruling 16: the forward path of a release; any status before live may also be cancelled. */
const FORWARD: readonly ReleaseStatus[] = ['planned', 'rid_approved', 'in_test', 'live'];

/** D10.8(b): the release lifecycle as a table of allowed moves. */
export const RELEASE_TRANSITIONS: readonly { from: ReleaseStatus; to: ReleaseStatus }[] = [
  ...FORWARD.slice(0, -1).map((from, index) => ({
    from,
    to: FORWARD[index + 1] ?? 'live',
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
  return status !== 'live' && status !== 'cancelled';
}

/** A refusal: the error code, the field at fault and a message for people. */
export interface Refusal {
  code: 'invalid_transition' | 'validation_failed' | 'status_follows_facts';
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

/** Ruling 16: the facts that move a release's status. */
export type ReleaseFact = 'rid_approved' | 'sit_started' | 'went_live';

/** Ruling 16: the status each fact brings. */
export const FACT_STATUS: Record<ReleaseFact, ReleaseStatus> = {
  rid_approved: 'rid_approved',
  sit_started: 'in_test',
  went_live: 'live',
};

/**
 * Ruling 16: a release's status follows facts: "RID approved" when the Panel approves a RID
 * version (D10.15), "In test" when DCC SIT starts (D10.16), "Live" by the go-live decision
 * (D10.8(e)). A fact moves a release forward only: one already further along or cancelled keeps
 * its status.
 */
export function statusAfterFact(status: ReleaseStatus, fact: ReleaseFact): ReleaseStatus {
  if (status === 'cancelled') return status;
  const to = FACT_STATUS[fact];
  return stageOf(status) < stageOf(to) ? to : status;
}

/**
 * Ruling 16: what a status request may ask by hand: the Panel's cancellation or deferral; every
 * other value names a status that follows facts.
 */
export const HAND_SET = ['cancelled', 'deferred'] as const;
export type HandSet = (typeof HAND_SET)[number];

/** The values the status route accepts: every status (all refused but cancelled) and deferred. */
export const STATUS_REQUESTS = [...RELEASE_STATUSES, 'deferred'] as const;

const FACT_OF: Partial<Record<string, string>> = {
  rid_approved: 'the Panel’s approval of a version of its RID (D10.15)',
  in_test: 'the start of DCC System Integration Testing (D10.16)',
  live: 'the Panel’s go-live decision (D10.8(e)): record the go-live decision instead',
};

/**
 * Ruling 16: only a cancellation or a deferral is set by hand; any other status is refused,
 * naming the fact that brings it.
 */
export function checkHandSet(to: string): Refusal | null {
  if ((HAND_SET as readonly string[]).includes(to)) return null;
  const name = isReleaseStatus(to) ? RELEASE_STATUS_NAMES[to] : to;
  const by = FACT_OF[to];
  return {
    code: 'status_follows_facts',
    field: 'to',
    message: by
      ? `A release becomes ${name} by ${by}, not by hand (ruling 16)`
      : `A release’s status follows facts: it is not set to ${name} by hand; only the Panel’s cancellation or deferral is recorded (ruling 16)`,
  };
}

export const MAX_REASONS_LENGTH = 10_000;

/**
 * Ruling 16: a hand-set status is a Panel decision recorded against the meeting that took it
 * (held on or before today; undefined: no such meeting), with the Panel's reasons.
 */
export function checkStatusDecision(
  input: { reasons: string },
  meetingHeldOn: string | undefined,
  today: string,
): Refusal | null {
  if (meetingHeldOn === undefined)
    return {
      code: 'validation_failed',
      field: 'meetingId',
      message: 'Choose the Panel meeting that decided',
    };
  if (meetingHeldOn > today)
    return {
      code: 'validation_failed',
      field: 'meetingId',
      message: 'That Panel meeting has not been held yet: record its decision after the meeting',
    };
  return checkReasons(input.reasons);
}

/**
 * Ruling 16, A-REL: the Panel may cancel a release not yet live; a release still holding
 * allocations cannot be cancelled (de-scope them first).
 */
export function checkCancellation(
  release: { name: string; status: ReleaseStatus },
  liveAllocations: number,
): Refusal | null {
  if (!canMoveRelease(release.status, 'cancelled'))
    return {
      code: 'invalid_transition',
      field: 'to',
      message: `${release.name} is ${RELEASE_STATUS_NAMES[release.status].toLowerCase()}: it can no longer be cancelled`,
    };
  if (liveAllocations > 0)
    return {
      code: 'invalid_transition',
      field: 'to',
      message: `The release still holds ${countOf(liveAllocations, 'allocated part')}: de-scope them before cancelling it`,
    };
  return null;
}

/**
 * Rulings 16 and 10: the Panel may defer a release not yet live to a later go-live date; its
 * status stays what the facts make it.
 */
export function checkDeferral(
  release: { name: string; status: ReleaseStatus; goLive: string },
  deferredTo: string,
): Refusal | null {
  const open = checkScopeOpen(release, 'to', 'it can no longer be deferred');
  if (open) return open;
  if (!isIsoDate(deferredTo))
    return {
      code: 'validation_failed',
      field: 'deferredTo',
      message: 'Enter the new go-live date as a real date, YYYY-MM-DD',
    };
  if (deferredTo <= release.goLive)
    return {
      code: 'validation_failed',
      field: 'deferredTo',
      message: 'The new go-live date must be later than the current one',
    };
  return null;
}

/**
 * D10.8(a), ruling 13: a recorded Panel decision (late addition or de-scoping) is taken at a Panel
 * meeting and dated that meeting's day; a different date typed alongside is refused.
 */
export function checkPanelDecision(
  input: { decidedOn?: string | undefined },
  meetingHeldOn: string,
): Refusal | null {
  const decidedOn = input.decidedOn?.trim() ?? '';
  if (decidedOn === '' || decidedOn === meetingHeldOn) return null;
  return {
    code: 'validation_failed',
    field: 'decidedOn',
    message: `The Panel decided at its meeting of ${longDate(meetingHeldOn)}: the decision is dated that day`,
  };
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

/** Ruling 14: standard releases are created at most this many years ahead of this year. */
export const PLANNING_YEARS_AHEAD = 3;

/**
 * Ruling 6, ruling 14: standard releases are planned for this year or one of the next
 * {@link PLANNING_YEARS_AHEAD} (a release made decades ahead would be governed by a Policy that
 * will long have changed).
 */
export function checkPlanningYear(year: number, today: string): Refusal | null {
  const thisYear = Number(today.slice(0, 4));
  if (Number.isInteger(year) && year >= thisYear && year <= thisYear + PLANNING_YEARS_AHEAD)
    return null;
  return {
    code: 'validation_failed',
    field: 'year',
    message: `Give a year from ${thisYear} to ${thisYear + PLANNING_YEARS_AHEAD}`,
  };
}

export const MAX_NAME_LENGTH = 120;

/**
 * D10.8(a), ruling 7: a release is created with a name and a go-live date, of a release type the
 * governing Policy version defines (an ad-hoc release, e.g. for an Authority-Led Variation). Ruling
 * 14: a release of a standard type created one by one is held to the same planning limit as the
 * standard releases of a year (`checkPlanningYear`), so it is not a way round it.
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
  const type = releaseTypeOf(policy, input.releaseType);
  if (!type)
    return fail('releaseType', `The Policy in force has no release type ${input.releaseType}`);
  if (!isIsoDate(input.goLive))
    return fail('goLive', 'Enter the go-live date as a real date, YYYY-MM-DD');
  if (input.goLive < today) return fail('goLive', 'The go-live date cannot be in the past');
  const lastYear = Number(today.slice(0, 4)) + PLANNING_YEARS_AHEAD;
  if (type.kind === 'standard' && Number(input.goLive.slice(0, 4)) > lastYear)
    return fail(
      'goLive',
      `A standard release is created at most ${PLANNING_YEARS_AHEAD} years ahead: give a go-live date in ${lastYear} or earlier (ruling 14)`,
    );
  return null;
}

/** The Panel's reasons for a decision on a release: given, and within the length limit. */
function checkReasons(reasons: string): Refusal | null {
  if (reasons.trim() === '')
    return { code: 'validation_failed', field: 'reasons', message: 'Give the Panel’s reasons' };
  if (reasons.length > MAX_REASONS_LENGTH)
    return {
      code: 'validation_failed',
      field: 'reasons',
      message: `The reasons must be at most ${MAX_REASONS_LENGTH} characters`,
    };
  return null;
}

/** Issue 13: something to check about a go-live date before committing it (not a refusal). */
export interface GoLiveWarning {
  code: 'go_live_in_past' | 'go_live_off_weekday';
  field: string;
  message: string;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The ISO weekday (1 = Monday … 7 = Sunday) of a `YYYY-MM-DD` date. */
export function isoWeekday(iso: string): number {
  const [year = 0, month = 1, day = 1] = iso.split('-').map(Number);
  return dayOfWeek(epochDayOf(year, month, day));
}

/**
 * Issue 13, D10.8(a) and obligations §6 (go-live on a Thursday by default; SEC Releases have gone
 * live on Thursdays since 2021, domain.md §2): warnings, not refusals, on a go-live date about to
 * be set — a date before today (a record of the past; where a past date is refused, that refusal
 * comes first), and a date off the weekday the Policy gives the release type (Thursday for an
 * ad-hoc release by default). The person confirms before the date is committed; the API returns
 * the warnings with its answer.
 */
export function goLiveWarnings(
  type: { name: string; goLiveWeekday: number } | undefined,
  goLive: string,
  today: string,
  field = 'goLive',
): GoLiveWarning[] {
  if (!isIsoDate(goLive)) return [];
  const warnings: GoLiveWarning[] = [];
  if (goLive < today)
    warnings.push({
      code: 'go_live_in_past',
      field,
      message: `The go-live date, ${longDate(goLive)}, is in the past`,
    });
  const expected = type?.goLiveWeekday ?? 4;
  const actual = isoWeekday(goLive);
  if (actual !== expected) {
    const expectedName = WEEKDAYS[expected - 1] ?? 'Thursday';
    warnings.push({
      code: 'go_live_off_weekday',
      field,
      message: `The go-live date, ${longDate(goLive)}, is a ${WEEKDAYS[actual - 1] ?? ''}. Under the Policy, ${type ? `${type.name}s go live` : 'SEC Releases go live'} on a ${expectedName}; SEC Releases have gone live on Thursdays since 2021`,
    });
  }
  return warnings;
}
