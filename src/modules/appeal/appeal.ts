/**
 * Appeals against the Panel's approval of a RID version (D10.17, rulings 1 and 2). Any Party may
 * appeal within 10 Working Days after the approval is published, giving its reasons; the appeal
 * is referred to the Authority, whose determination is final. An appeal does not suspend the RID
 * or the release (ruling 2). PURE: no database, HTTP or clock.
 */
import { dayOfWeek, tryParseIsoDate } from '../../calendar/civil-date.ts';
import { longDate } from '../../calendar/date-words.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { appealDeadline, withinAppealWindow, APPEAL_WINDOW_WORKING_DAYS } from './appeal-window.ts';

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
  version: number;
}

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
 * counted from its own publication; it is open until 23:59:59 UK time on the 10th Working Day.
 */
export function appealWindowOf(
  calendar: WorkingDayCalendar,
  version: AppealableVersion,
  now: Date,
): AppealWindow {
  if (!isApproval(version)) return { state: 'not_approved' };
  if (version.publishedAt === null) return { state: 'unpublished' };
  const deadline = appealDeadline(calendar, version.publishedAt);
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
 * D10.17: the Authority determines an appeal once: its determination is final, so a second is
 * refused. It records an outcome (upheld, dismissed or other action), its text, and the date it
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
      message: `The Authority determined this appeal${appeal.determinedOn ? ` on ${longDate(appeal.determinedOn)}` : ''} (${APPEAL_STATUS_NAMES[appeal.status].toLowerCase()}): its determination is final`,
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
