/**
 * Appeals against the Panel's approval of a RID version (D10.17, rulings 1 and 2). Any Party may
 * appeal within 10 Working Days after the approval is published, giving its reasons; the appeal
 * is referred to the Authority, which determines it once, without prejudice to section 173 of the
 * Energy Act 2004: a further appeal to the Competition and Markets Authority may follow. An
 * appeal does not suspend the RID or the release (ruling 2). PURE: no database, HTTP or clock.
 */
import { dayOfWeek, tryParseIsoDate } from '../../calendar/civil-date.ts';
import { longDate } from '../../calendar/date-words.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import {
  appealDeadlineOf,
  withinAppealWindow,
  APPEAL_WINDOW_WORKING_DAYS,
} from './appeal-window.ts';

export const APPEAL_STATUSES = ['referred', 'upheld', 'dismissed', 'other_action'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];

/** D10.17: what the Authority may determine. */
export const DETERMINATIONS = ['upheld', 'dismissed', 'other_action'] as const;
export type Determination = (typeof DETERMINATIONS)[number];

export const APPEAL_STATUS_NAMES: Record<AppealStatus, string> = {
  referred: 'Awaiting the Authority',
  upheld: 'Upheld',
  dismissed: 'Dismissed',
  other_action: 'Other action directed',
};

export const MAX_REASONS_LENGTH = 20000;
export const MAX_DETERMINATION_LENGTH = 20000;

export function isAppealStatus(value: string): value is AppealStatus {
  return (APPEAL_STATUSES as readonly string[]).includes(value);
}

export function isDetermination(value: string): value is Determination {
  return (DETERMINATIONS as readonly string[]).includes(value);
}

/** The statuses of a RID version (the rid module owns them; the appeal rules read them). */
export type RidVersionStatus = 'draft' | 'submitted' | 'approved' | 'superseded' | 'withdrawn';

/** What the appeal rules need of a RID version. */
export interface AppealableVersion {
  number: number;
  status: RidVersionStatus;
  approvedOn: string | null;
  /** ISO instant of publication on the SEC Website; null until published. */
  publishedAt: string | null;
  /** Ruling 18: the window's close stored at publication (ISO instant); null if none stored. */
  appealDeadline: string | null;
}

/** A RID version as the appeal rules read it, with its ids. */
export interface AppealedVersion extends AppealableVersion {
  id: number;
  releaseId: number;
}

/**
 * D10.17: an appeal with its RID version number, its release and the appellant's name: what the
 * RID and release pages show (see `appealTable` in appeal-macros.njk).
 */
export interface Appeal {
  id: number;
  releaseId: number;
  releaseName: string;
  ridVersionId: number;
  ridVersionNumber: number;
  organisationId: number;
  organisationName: string;
  lodgedBy: number;
  lodgedAt: Date;
  /** Everyone's appeal carries them; pages and the API hide them (canSeeAppealReasons). */
  reasons: string;
  status: AppealStatus;
  determination: string | null;
  determinedOn: string | null;
  determinedAt: Date | null;
  /** D10.17, s.173 Energy Act 2004: the further appeal to the CMA, if one was brought. */
  furtherAppeal: FurtherAppeal | null;
  version: number;
}

/** D10.17, s.173 Energy Act 2004: what the Competition and Markets Authority may decide. */
export const FURTHER_APPEAL_OUTCOMES = ['allowed', 'remitted', 'dismissed', 'withdrawn'] as const;
export type FurtherAppealOutcome = (typeof FURTHER_APPEAL_OUTCOMES)[number];

export const FURTHER_APPEAL_OUTCOME_NAMES: Record<FurtherAppealOutcome, string> = {
  allowed: 'Allowed: the Authority’s decision quashed',
  remitted: 'Remitted to the Authority',
  dismissed: 'Dismissed: the Authority’s decision stands',
  withdrawn: 'Withdrawn or not permitted',
};

export function isFurtherAppealOutcome(value: string): value is FurtherAppealOutcome {
  return (FURTHER_APPEAL_OUTCOMES as readonly string[]).includes(value);
}

/** Where a further appeal to the CMA is recorded. */
export const FURTHER_APPEAL_BODY = 'the Competition and Markets Authority';

/**
 * D10.17 "without prejudice to section 173 of the Energy Act 2004": a further appeal against
 * the Authority's determination, to the Competition and Markets Authority, as SECAS records it.
 */
export interface FurtherAppeal {
  appellant: string;
  broughtOn: string;
  details: string;
  recordedAt: Date;
  outcome: FurtherAppealOutcome | null;
  outcomeText: string | null;
  decidedOn: string | null;
}

export const MAX_FURTHER_APPEAL_LENGTH = 20000;
export const MAX_APPELLANT_LENGTH = 200;

/** Where a version's appeal window stands at an instant. */
export type AppealWindow =
  | { state: 'not_approved' }
  | { state: 'unpublished' }
  | { state: 'open' | 'closed'; publishedAt: string; deadline: string };

/**
 * D10.17: a version is an approval when the Panel approved it: it is approved now, or was and has
 * since been superseded by a later amendment (ruling 1: that approval keeps its own window).
 */
export function isApproval(version: AppealableVersion): boolean {
  return (
    version.status === 'approved' ||
    (version.status === 'superseded' && version.approvedOn !== null)
  );
}

/**
 * D10.17, ruling 1: each approved version (the RID and every amendment) has its own window,
 * counted from its own publication; it is open until 23:59:59 UK time on the 10th Working Day
 * following it (ruling 18: the deadline stored when it was published).
 */
export function appealWindowOf(
  calendar: WorkingDayCalendar,
  version: AppealableVersion,
  now: Date,
): AppealWindow {
  if (!isApproval(version)) return { state: 'not_approved' };
  const deadline = appealDeadlineOf(calendar, version);
  if (version.publishedAt === null || deadline === null) return { state: 'unpublished' };
  return {
    state: withinAppealWindow(deadline, now) ? 'open' : 'closed',
    publishedAt: version.publishedAt,
    deadline,
  };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * D10.17: a deadline in words: `2027-01-12T23:59:59+00:00` → `23:59:59 on Tuesday 12 January
 * 2027 (UK time)`. The deadline's date part is its UK date (it carries the London offset).
 */
export function deadlineInWords(deadline: string): string {
  const date = deadline.slice(0, 10);
  const day = tryParseIsoDate(date);
  const weekday = day === undefined ? '' : `${WEEKDAYS[dayOfWeek(day) - 1] ?? ''} `;
  return `${deadline.slice(11, 19)} on ${weekday}${longDate(date)} (UK time)`;
}

export interface AppealRefusal {
  code: 'appeal_not_open' | 'appeal_out_of_time' | 'appeal_reasons_required' | 'validation_failed';
  message: string;
  field?: string;
  details?: Record<string, unknown>;
}

/**
 * D10.17, ruling 1: whether a Party may appeal this version now with these reasons. Only a
 * published approval can be appealed (the window opens on publication); an appeal after
 * 23:59:59 UK time on the 10th Working Day is out of time (the refusal states the deadline);
 * the appeal must state its reasons.
 */
export function checkAppeal(
  calendar: WorkingDayCalendar,
  version: AppealableVersion,
  reasons: string,
  now: Date,
): AppealRefusal | null {
  const window = appealWindowOf(calendar, version, now);
  if (window.state === 'not_approved')
    return {
      code: 'appeal_not_open',
      message: `Version ${version.number} of the RID has not been approved by the Panel: only an approval can be appealed`,
    };
  if (window.state === 'unpublished')
    return {
      code: 'appeal_not_open',
      message: `The Panel’s approval of version ${version.number} of the RID has not been published yet: it can be appealed within ${APPEAL_WINDOW_WORKING_DAYS} Working Days after it is published`,
    };
  if (window.state === 'closed')
    return {
      code: 'appeal_out_of_time',
      message: `The appeal window closed at ${deadlineInWords(window.deadline)}: an appeal must be lodged within ${APPEAL_WINDOW_WORKING_DAYS} Working Days after the approval was published`,
      details: { deadline: window.deadline },
    };
  if (reasons.trim() === '')
    return {
      code: 'appeal_reasons_required',
      field: 'reasons',
      message: 'Give the reasons for the appeal',
    };
  if (reasons.length > MAX_REASONS_LENGTH)
    return {
      code: 'validation_failed',
      field: 'reasons',
      message: `The reasons must be at most ${MAX_REASONS_LENGTH} characters`,
    };
  return null;
}

export interface DeterminationInput {
  outcome: string;
  determination: string;
  determinedOn: string;
}

export interface DeterminationRefusal {
  code: 'appeal_determined' | 'validation_failed';
  message: string;
  field?: string;
}

/**
 * D10.17: the Authority determines an appeal once: a second determination is refused (a further
 * appeal lies to the CMA under section 173 of the Energy Act 2004, not to the Authority again). It records an outcome (upheld, dismissed or other action), its text, and the date it
 * was made: not before the appeal was lodged (UK date) and not after today.
 */
export function checkDetermination(
  appeal: { status: AppealStatus; determinedOn: string | null; lodgedOn: string },
  input: DeterminationInput,
  today: string,
): DeterminationRefusal | null {
  if (appeal.status !== 'referred')
    return {
      code: 'appeal_determined',
      message: `The Authority determined this appeal${appeal.determinedOn ? ` on ${longDate(appeal.determinedOn)}` : ''} (${APPEAL_STATUS_NAMES[appeal.status].toLowerCase()}): it is recorded once; a further appeal lies to ${FURTHER_APPEAL_BODY} (section 173 of the Energy Act 2004)`,
    };
  const fail = (field: string, message: string): DeterminationRefusal => ({
    code: 'validation_failed',
    field,
    message,
  });
  if (!isDetermination(input.outcome))
    return fail('outcome', 'Choose the outcome: upheld, dismissed or other action');
  if (input.determination.trim() === '')
    return fail('determination', 'Give the text of the Authority’s determination');
  if (input.determination.length > MAX_DETERMINATION_LENGTH)
    return fail(
      'determination',
      `The determination must be at most ${MAX_DETERMINATION_LENGTH} characters`,
    );
  if (tryParseIsoDate(input.determinedOn) === undefined)
    return fail('determinedOn', 'Enter the date of the determination as YYYY-MM-DD');
  if (input.determinedOn > today)
    return fail('determinedOn', 'The date of the determination cannot be in the future');
  if (input.determinedOn < appeal.lodgedOn)
    return fail(
      'determinedOn',
      `The determination cannot be dated before the appeal was lodged (${longDate(appeal.lodgedOn)})`,
    );
  return null;
}

export interface FurtherAppealInput {
  appellant: string;
  broughtOn: string;
  details: string;
}

export interface FurtherAppealRefusal {
  code: 'appeal_not_determined' | 'further_appeal_exists' | 'validation_failed';
  message: string;
  field?: string;
}

/**
 * D10.17 "without prejudice to section 173 of the Energy Act 2004": a further appeal to the CMA
 * lies against the Authority's determination, so it is recorded only on a determined appeal,
 * once; it names who brought it, the date it was brought (not before the determination, not
 * after today) and what it is about.
 */
export function checkFurtherAppeal(
  appeal: {
    status: AppealStatus;
    determinedOn: string | null;
    furtherAppeal: FurtherAppeal | null;
  },
  input: FurtherAppealInput,
  today: string,
): FurtherAppealRefusal | null {
  if (appeal.status === 'referred' || appeal.determinedOn === null)
    return {
      code: 'appeal_not_determined',
      message: `The Authority has not determined this appeal: a further appeal to ${FURTHER_APPEAL_BODY} lies only against its determination`,
    };
  if (appeal.furtherAppeal !== null)
    return {
      code: 'further_appeal_exists',
      message: `A further appeal to ${FURTHER_APPEAL_BODY} by ${appeal.furtherAppeal.appellant} was already recorded (brought on ${longDate(appeal.furtherAppeal.broughtOn)})`,
    };
  const fail = (field: string, message: string): FurtherAppealRefusal => ({
    code: 'validation_failed',
    field,
    message,
  });
  if (input.appellant.trim() === '')
    return fail('appellant', 'Enter who brought the further appeal');
  if (input.appellant.length > MAX_APPELLANT_LENGTH)
    return fail('appellant', `The appellant must be at most ${MAX_APPELLANT_LENGTH} characters`);
  if (tryParseIsoDate(input.broughtOn) === undefined)
    return fail('broughtOn', 'Enter the date the further appeal was brought as YYYY-MM-DD');
  if (input.broughtOn > today)
    return fail('broughtOn', 'The date the further appeal was brought cannot be in the future');
  if (input.broughtOn < appeal.determinedOn)
    return fail(
      'broughtOn',
      `A further appeal cannot be brought before the Authority’s determination (${longDate(appeal.determinedOn)})`,
    );
  if (input.details.trim() === '') return fail('details', 'Describe the further appeal');
  if (input.details.length > MAX_FURTHER_APPEAL_LENGTH)
    return fail(
      'details',
      `The description must be at most ${MAX_FURTHER_APPEAL_LENGTH} characters`,
    );
  return null;
}

export interface FurtherAppealOutcomeInput {
  outcome: string;
  outcomeText: string;
  decidedOn: string;
}

export interface FurtherAppealOutcomeRefusal {
  code: 'further_appeal_missing' | 'further_appeal_decided' | 'validation_failed';
  message: string;
  field?: string;
}

/**
 * D10.17, s.173 Energy Act 2004: the CMA's outcome of a recorded further appeal, recorded once:
 * allowed, remitted, dismissed or withdrawn, with its text, dated not before the further appeal
 * was brought and not after today.
 */
export function checkFurtherAppealOutcome(
  furtherAppeal: FurtherAppeal | null,
  input: FurtherAppealOutcomeInput,
  today: string,
): FurtherAppealOutcomeRefusal | null {
  if (furtherAppeal === null)
    return {
      code: 'further_appeal_missing',
      message: `No further appeal to ${FURTHER_APPEAL_BODY} has been recorded on this appeal`,
    };
  if (furtherAppeal.outcome !== null)
    return {
      code: 'further_appeal_decided',
      message: `The outcome of the further appeal was already recorded (${FURTHER_APPEAL_OUTCOME_NAMES[furtherAppeal.outcome].toLowerCase()}${furtherAppeal.decidedOn ? `, ${longDate(furtherAppeal.decidedOn)}` : ''})`,
    };
  const fail = (field: string, message: string): FurtherAppealOutcomeRefusal => ({
    code: 'validation_failed',
    field,
    message,
  });
  if (!isFurtherAppealOutcome(input.outcome))
    return fail('outcome', 'Choose the outcome: allowed, remitted, dismissed or withdrawn');
  if (input.outcomeText.trim() === '') return fail('outcomeText', 'Give the CMA’s decision');
  if (input.outcomeText.length > MAX_FURTHER_APPEAL_LENGTH)
    return fail(
      'outcomeText',
      `The decision must be at most ${MAX_FURTHER_APPEAL_LENGTH} characters`,
    );
  if (tryParseIsoDate(input.decidedOn) === undefined)
    return fail('decidedOn', 'Enter the date of the decision as YYYY-MM-DD');
  if (input.decidedOn > today) return fail('decidedOn', 'The date cannot be in the future');
  if (input.decidedOn < furtherAppeal.broughtOn)
    return fail(
      'decidedOn',
      `The decision cannot be dated before the further appeal was brought (${longDate(furtherAppeal.broughtOn)})`,
    );
  return null;
}
