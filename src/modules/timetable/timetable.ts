/**
 * Implementation timetables (D6.8(c), D10.5, D10.6): amendment during refinement, the
 * Authority's direction of a new timetable and what it moves, and legal challenges to an
 * Authority approval. Pure: no db, no clock.
 */
import { Temporal } from 'temporal-polyfill';
import { longDate } from '../../calendar/date-words.ts';
import { isIsoDate } from '../../calendar/index.ts';
import {
  PATH_NAMES,
  STATUS_NAMES,
  canAmendTimetable,
  type Path,
  type Status,
} from '../modification/modification.ts';

export const TIMETABLE_SOURCES = [
  'proposal',
  'refinement',
  'authority_direction',
  'decision',
] as const;
export type TimetableSource = (typeof TIMETABLE_SOURCES)[number];

export const TIMETABLE_SOURCE_NAMES: Record<TimetableSource, string> = {
  proposal: 'Proposed with the modification',
  refinement: 'Amended in refinement (D6.8(c))',
  authority_direction: 'Directed by the Authority (D10.5)',
  decision: 'Set by the decision',
};

/** D6.8(c): the statuses in which the timetable may be amended (during refinement). */
export const AMENDABLE_STATUSES: readonly Status[] = ['modification_proposal', 'refinement'];

export interface TimetableRefusal {
  code: 'path1_timetable_fixed' | 'invalid_transition';
  message: string;
}

/**
 * D6.8(c), D10.1: the implementation timetable may be amended during refinement to fit the
 * Release Management Policy, except for a Path 1 modification or an Authority-Led Variation
 * (treated as Path 1). Returns why an amendment is refused, or null.
 */
export function timetableAmendmentRefusal(modification: {
  path: Path | null;
  status: Status;
  reference: string;
}): TimetableRefusal | null {
  if (!canAmendTimetable(modification.path)) {
    const path = modification.path === null ? 'Path 1' : PATH_NAMES[modification.path];
    return {
      code: 'path1_timetable_fixed',
      message: `${modification.reference} is ${path}: its implementation timetable cannot be amended (D6.8(c), D10.1)`,
    };
  }
  if (!AMENDABLE_STATUSES.includes(modification.status)) {
    return {
      code: 'invalid_transition',
      message: `The timetable can be amended only during refinement (D6.8(c)); ${modification.reference} is at ${STATUS_NAMES[modification.status]}`,
    };
  }
  return null;
}

/** A new implementation date: a real date after today. Returns the problem, or null. */
export function implementationDateProblem(date: string, today: string): string | null {
  if (!isIsoDate(date)) return 'Enter the implementation date as YYYY-MM-DD';
  if (date <= today) return 'The implementation date must be after today';
  return null;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' })
    .days;
}

export interface DueDateMove {
  id: number;
  from: string;
  to: string;
}

/**
 * D10.5: a direction replaces the timetable, and the actions the Panel set to meet the old one
 * move with it. Rule: every OPEN action's due date moves by the same number of calendar days
 * as the implementation date moved (a direction 30 days later moves each open action 30 days
 * later; an earlier date moves them earlier). Done actions keep their dates. With no previous
 * timetable there is nothing to measure from, so nothing moves. Returns the moves.
 */
export function moveDueDates(
  actions: readonly { id: number; status: 'open' | 'done'; dueDate: string }[],
  previousDate: string | null,
  directedDate: string,
): DueDateMove[] {
  if (previousDate === null) return [];
  const shift = daysBetween(previousDate, directedDate);
  if (shift === 0) return [];
  return actions
    .filter((action) => action.status === 'open')
    .map((action) => ({
      id: action.id,
      from: action.dueDate,
      to: Temporal.PlainDate.from(action.dueDate).add({ days: shift }).toString(),
    }));
}

/** D10.5: representations and requests concern approved modifications not yet implemented. */
export const IMPLEMENTING_STATUSES: readonly Status[] = ['approved', 'allocated'];

export function isImplementing(status: Status): boolean {
  return IMPLEMENTING_STATUSES.includes(status);
}

export const CHALLENGE_KINDS = ['appeal_s173', 'judicial_review'] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];

export const CHALLENGE_KIND_NAMES: Record<ChallengeKind, string> = {
  appeal_s173: 'Appeal under section 173 of the Energy Act 2004',
  judicial_review: 'Judicial review',
};

export function isChallengeKind(value: string): value is ChallengeKind {
  return (CHALLENGE_KINDS as readonly string[]).includes(value);
}

/**
 * D10.6: only the Authority's approval can be appealed under s.173 Energy Act 2004 or be
 * judicially reviewed here, so a challenge is recorded only against a modification the
 * Authority approved that is still being implemented. Returns the problem, or null.
 */
export function challengeProblem(modification: {
  reference: string;
  status: Status;
  approvedBy: 'change_board' | 'authority' | null;
}): string | null {
  if (modification.approvedBy !== 'authority') {
    return `${modification.reference} was not approved by the Authority: D10.6 concerns challenges to the Authority's approval`;
  }
  if (!isImplementing(modification.status)) {
    return `${modification.reference} is ${STATUS_NAMES[modification.status]}: a challenge can be recorded only while it is being implemented`;
  }
  return null;
}

/**
 * D10.6: where the Panel decided delay is appropriate, a request to the Authority for a new
 * timetable is required; it is outstanding until a request linked to that challenge exists.
 */
export function isRequestOutstanding(
  challenge: { id: number; delayAppropriate: boolean | null },
  requests: readonly { challengeId: number | null }[],
): boolean {
  return (
    challenge.delayAppropriate === true &&
    !requests.some((request) => request.challengeId === challenge.id)
  );
}

export const REQUEST_STATUS_NAMES = {
  pending: 'Awaiting the Authority',
  directed: 'New timetable directed',
  declined: 'Declined by the Authority',
} as const;

/**
 * Ruling 17 (D10.3, D10.5(b)): where a modification stands against its implementation date: the
 * date in force (null with no timetable), whether the Authority directed it (D10.5), and whether
 * a D10.5 request for a new timetable recorded since that date was set is awaiting the
 * Authority's answer (once answered, the date in force is the answer).
 */
export interface DateStanding {
  modificationId: number;
  implementationDate: string | null;
  directed: boolean;
  requested: boolean;
}

/** Why a release's go-live date is out of step with a modification's implementation date. */
export interface OutOfStep {
  code: 'timetable_request_required' | 'before_directed_date';
  message: string;
}

/**
 * Ruling 17, D10.5(b), ruling 10: a modification goes live with a release in step with its
 * implementation date. A release that goes live after the date in force needs a D10.5 request to
 * the Authority recorded first (`timetable_request_required`); a release that goes live before a
 * date the Authority directed is out of step whatever was requested (`before_directed_date`).
 * With no timetable there is no date to keep to. Returns the problem, or null when in step.
 */
export function outOfStep(
  reference: string,
  standing: Pick<DateStanding, 'implementationDate' | 'directed' | 'requested'>,
  release: { name: string; goLive: string },
): OutOfStep | null {
  const date = standing.implementationDate;
  if (date === null) return null;
  if (standing.directed && release.goLive < date)
    return {
      code: 'before_directed_date',
      message: `${release.name} goes live on ${longDate(release.goLive)}, before ${longDate(date)}, the implementation date the Authority directed for ${reference} (D10.5): it cannot be implemented earlier`,
    };
  if (release.goLive > date && !standing.requested)
    return {
      code: 'timetable_request_required',
      message: `${release.name} goes live on ${longDate(release.goLive)}, after ${longDate(date)}, the implementation date of ${reference}: record the Panel’s request to the Authority for a new timetable (D10.5) first`,
    };
  return null;
}
