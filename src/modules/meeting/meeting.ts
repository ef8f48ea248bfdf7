/**
 * Panel meetings (D10.2–D10.4, D10.6, ruling 3): the papers date, which meeting an approval or
 * a legal challenge goes to, the late-paper flag, and when a meeting may close. Pure.
 */
import { Temporal } from 'temporal-polyfill';
import { isIsoDate, type WorkingDayCalendar } from '../../calendar/index.ts';
import { longDate } from '../../calendar/date-words.ts';
import { deadlineAfter, endOfLondonDay, londonDateOf } from '../../calendar/deadline.ts';
import { isHeldOutside } from '../installation/installation.ts';

/** The longest description, reason or note kept. */
export const MAX_TEXT = 4000;

export const MEETING_KINDS = ['ordinary', 'extraordinary'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_NAMES: Record<MeetingKind, string> = {
  ordinary: 'Ordinary meeting',
  extraordinary: 'Extraordinary meeting',
};

export function isMeetingKind(value: string): value is MeetingKind {
  return (MEETING_KINDS as readonly string[]).includes(value);
}

export const AGENDA_KINDS = [
  'implementation_actions',
  'delay_decision',
  'timetable_request',
] as const;
export type AgendaKind = (typeof AGENDA_KINDS)[number];

export const AGENDA_KIND_NAMES: Record<AgendaKind, string> = {
  implementation_actions: 'Implementation actions (D10.2)',
  delay_decision: 'Is delay appropriate? (D10.6)',
  timetable_request: 'Request for a new timetable (D10.5)',
};

/** Domain.md §4: Panel papers are issued 5 Working Days before each meeting. */
export const PAPERS_WORKING_DAYS = 5;

/**
 * Rule: the Working Day `n` Working Days before `date` (`date` itself never counts), so that
 * for a Working Day `date`, `addWorkingDays(calendar, subtractWorkingDays(calendar, date, n), n)`
 * is `date` again. Throws a RangeError on a bad date or count.
 */
export function subtractWorkingDays(calendar: WorkingDayCalendar, date: string, n: number): string {
  if (!isIsoDate(date)) throw new RangeError(`Invalid date: ${JSON.stringify(date)}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Invalid n: ${n}`);
  let day = Temporal.PlainDate.from(date);
  let counted = 0;
  while (counted < n) {
    day = day.subtract({ days: 1 });
    if (day.year < 1) throw new RangeError(`Date out of range: ${n} Working Days before ${date}`);
    if (calendar.isWorkingDay(day.toString())) counted += 1;
  }
  return day.toString();
}

/** Ruling 3, domain.md §4: a meeting's papers are due 5 Working Days before it is held. */
export function papersDueFor(calendar: WorkingDayCalendar, heldOn: string): string {
  return subtractWorkingDays(calendar, heldOn, PAPERS_WORKING_DAYS);
}

/** A meeting as the placement rule sees it. */
export interface MeetingSlot {
  id: number;
  heldOn: string;
  status: 'scheduled' | 'closed';
}

/**
 * D10.2, ruling 3: the "next Panel meeting" after an event is the first meeting, ordinary or
 * extraordinary, held on a LATER DAY than the event (a meeting on the same day does not count).
 * A meeting that has already closed cannot take a new item, so it is passed over and the item
 * goes to the first open one after it (flagged late paper). Undefined when none is scheduled:
 * the item then waits, and creating the next meeting places it.
 */
export function nextMeetingAfter<T extends MeetingSlot>(
  meetings: readonly T[],
  eventDate: string,
): T | undefined {
  return meetings
    .filter((meeting) => meeting.status === 'scheduled' && meeting.heldOn > eventDate)
    .sort((a, b) => a.heldOn.localeCompare(b.heldOn) || a.id - b.id)[0];
}

/**
 * Ruling 3: an item placed on a meeting whose papers were already issued (papers date on or
 * before the day the item is placed) is a "late paper". It stays on that meeting all the same.
 */
export function isLatePaper(papersDue: string, placedOn: string): boolean {
  return papersDue <= placedOn;
}

/** An agenda item as the closing rule sees it. */
export interface ClosingItem {
  kind: AgendaKind;
  reference: string;
  actionCount: number;
  noActionsReason: string | null;
  /** delay_decision items: the Panel's decision on each challenge to this modification. */
  challenges: readonly { delayAppropriate: boolean | null; requestMade: boolean }[];
}

export interface ClosingProblem {
  code: 'meeting_actions_missing' | 'delay_request_required';
  reference: string;
  message: string;
}

/**
 * D10.2, D10.6: a meeting may close only when every approved modification on its agenda has at
 * least one implementation action (or the Panel has recorded why there are none), and every
 * legal challenge on it has the Panel's decision on delay, with the request to the Authority
 * made where the Panel decided delay is appropriate. Returns what stops it closing.
 */
export function closingProblems(items: readonly ClosingItem[]): ClosingProblem[] {
  const problems: ClosingProblem[] = [];
  for (const item of items) {
    if (item.kind === 'implementation_actions') {
      if (item.actionCount === 0 && !item.noActionsReason) {
        problems.push({
          code: 'meeting_actions_missing',
          reference: item.reference,
          message: `${item.reference} has no implementation actions and no reason recorded for having none (D10.2)`,
        });
      }
    } else if (item.kind === 'delay_decision') {
      if (item.challenges.some((challenge) => challenge.delayAppropriate === null)) {
        problems.push({
          code: 'delay_request_required',
          reference: item.reference,
          message: `The Panel has not decided whether delay is appropriate for ${item.reference} while its approval is challenged (D10.6)`,
        });
      }
      if (item.challenges.some((c) => c.delayAppropriate === true && !c.requestMade)) {
        problems.push({
          code: 'delay_request_required',
          reference: item.reference,
          message: `The Panel decided delay is appropriate for ${item.reference}: request a new timetable from the Authority first (D10.6)`,
        });
      }
    }
  }
  return problems;
}

/** Owners of implementation actions: SECAS, the DCC or a Party (D10.2–D10.4). */
export const ACTION_OWNER_KINDS = ['code_administrator', 'dcc', 'party'] as const;

export function canOwnActions(organisationKind: string): boolean {
  return (ACTION_OWNER_KINDS as readonly string[]).includes(organisationKind);
}

/** D10.3: an open action past its due date (before today, London) is overdue. */
export function isOverdue(
  action: { status: 'open' | 'done'; dueDate: string },
  today: string,
): boolean {
  return action.status === 'open' && action.dueDate < today;
}

/**
 * D10.2: an action's due date is on or after the meeting that agreed it (the Panel sets a
 * timetable for each action from the meeting on). Returns the problem, or null.
 */
export function dueDateProblem(dueDate: string, heldOn: string): string | null {
  if (!isIsoDate(dueDate)) return 'Enter the due date as YYYY-MM-DD';
  if (dueDate < heldOn) return `The due date cannot be before the meeting (${heldOn})`;
  return null;
}

/**
 * Ruling 13: a Panel decision taken at a meeting is recorded at most this many Working Days after
 * the meeting (the minutes lag), counted as every "within N Working Days following X" is. The
 * default of the installation's record window (`secrel record-window set` changes it for
 * meetings created afterwards).
 */
export const PANEL_RECORD_WORKING_DAYS = 5;

/**
 * Ruling 13, ruling 18: a meeting's record window, fixed when the meeting is created: its length
 * in Working Days and the last day a decision taken at it may be recorded.
 */
export interface RecordWindow {
  workingDays: number;
  lastDay: string;
}

/** A refusal of a rule of this module: the error code, the message and the field it names. */
export interface MeetingRefusal {
  code:
    | 'meeting_in_past'
    | 'meeting_papers_passed'
    | 'extraordinary_meeting_chair'
    | 'forbidden'
    | 'meeting_not_held'
    | 'panel_record_late'
    | 'action_after_implementation';
  message: string;
  field: string;
}

/** Who is creating a meeting, as the creation rule sees it. */
export interface MeetingCaller {
  /** SECAS, who keeps the calendar of ordinary meetings. */
  secas: boolean;
  /** The Panel Chair, who calls extraordinary meetings. */
  chair: boolean;
}

/**
 * Ruling 13: a meeting may be created live (held on or after the cut-over) only if it is not in
 * the past, and an ordinary meeting only before its papers date (papers due 5 Working Days
 * before: after that, the Panel Chair calls an extraordinary meeting instead). SECAS schedules
 * ordinary meetings; the Panel Chair calls extraordinary ones. A meeting held before the
 * cut-over is history, recorded by SECAS (or the Chair), of either kind, with no date rule.
 * Returns the refusal, or null.
 */
export function newMeetingProblem(input: {
  heldOn: string;
  kind: MeetingKind;
  papersDue: string;
  today: string;
  cutOver: string;
  caller: MeetingCaller;
}): MeetingRefusal | null {
  const { heldOn, kind, papersDue, today, cutOver, caller } = input;
  if (kind === 'ordinary' && !caller.secas)
    return {
      code: 'forbidden',
      message: 'SECAS schedules ordinary Panel meetings; the Panel Chair calls extraordinary ones',
      field: 'kind',
    };
  if (isHeldOutside(heldOn, cutOver)) return null;
  if (heldOn < today)
    return {
      code: 'meeting_in_past',
      message: `${longDate(heldOn)} is in the past: a Panel meeting is created before it is held (ruling 13)`,
      field: 'heldOn',
    };
  if (kind === 'extraordinary' && !caller.chair)
    return {
      code: 'extraordinary_meeting_chair',
      message: 'An extraordinary Panel meeting is called by the Panel Chair (ruling 13)',
      field: 'kind',
    };
  if (kind === 'ordinary' && papersDue <= today)
    return {
      code: 'meeting_papers_passed',
      message: `The papers for an ordinary meeting on ${longDate(heldOn)} were due on ${longDate(papersDue)} (${PAPERS_WORKING_DAYS} Working Days before): it must be scheduled before then, so ask the Panel Chair to call an extraordinary meeting instead (ruling 13)`,
      field: 'heldOn',
    };
  return null;
}

/**
 * Ruling 13, ruling 18: the last day a Panel decision taken at a meeting held on `heldOn` may be
 * recorded: the London day on which the calendar's one deadline (`deadlineAfter`) of
 * `workingDays` Working Days following the meeting ends. Computed when the meeting is created
 * and stored (`RecordWindow`), so a later calendar override does not move it.
 */
export function lastRecordDay(
  calendar: WorkingDayCalendar,
  heldOn: string,
  workingDays = PANEL_RECORD_WORKING_DAYS,
): string {
  return londonDateOf(deadlineAfter(calendar, endOfLondonDay(heldOn), workingDays));
}

/**
 * Ruling 13, ruling 18: the record window of the meeting held on `heldOn`: the one stored when it
 * was created, or (a row written outside the use cases, with none stored) the default window on
 * today's calendar.
 */
export function recordWindowOf(
  calendar: WorkingDayCalendar,
  heldOn: string,
  stored: RecordWindow | undefined,
): RecordWindow {
  return (
    stored ?? { workingDays: PANEL_RECORD_WORKING_DAYS, lastDay: lastRecordDay(calendar, heldOn) }
  );
}

/**
 * Ruling 13, D10.2, D10.15: a Panel decision (an action or the reason for none, the closing of
 * the record, a RID approval, a freeze override, a TAD request or review, a release decision) is
 * recorded against the meeting that took it: not before the meeting is held, and at most its
 * record window's Working Days after it, up to the last record day stored when the meeting was
 * created (`window`; ruling 18: a later calendar override or a changed window does not shorten
 * it). A meeting held before the cut-over is history: its decisions are recorded as such,
 * whenever. Returns the refusal, or null.
 */
export function panelRecordProblem(
  calendar: WorkingDayCalendar,
  heldOn: string,
  today: string,
  cutOver: string,
  field = 'meetingId',
  window: RecordWindow = recordWindowOf(calendar, heldOn, undefined),
): MeetingRefusal | null {
  if (isHeldOutside(heldOn, cutOver)) return null;
  if (heldOn > today)
    return {
      code: 'meeting_not_held',
      message: `The Panel meeting of ${longDate(heldOn)} has not been held yet: its decisions are recorded once it has been (ruling 13)`,
      field,
    };
  const last = window.lastDay;
  if (today > last)
    return {
      code: 'panel_record_late',
      message: `The decisions of the Panel meeting of ${longDate(heldOn)} could be recorded until ${longDate(last)}, ${window.workingDays} Working Days after it (ruling 13)`,
      field,
    };
  return null;
}

/**
 * Ruling 13: a Panel decision recorded against a meeting is dated the day the meeting was held.
 * A date given must be that day; none given (an empty one) is that day. Returns the decision's
 * date, or the field at fault and why.
 */
export function decisionDateAt(
  heldOn: string,
  given: string | null | undefined,
  field: string,
): { date: string } | { field: string; message: string } {
  const date = given?.trim() ?? '';
  if (date === '' || date === heldOn) return { date: heldOn };
  return {
    field,
    message: `The Panel meeting chosen was held on ${longDate(heldOn)}: the decision is dated that day (ruling 13)`,
  };
}

/**
 * D10.2: an action agreed at the next Panel meeting is one "needed to meet the approved
 * implementation timetable", so it is due on or before the modification's implementation date.
 * Returns the refusal, or null (also when there is no implementation date).
 */
export function actionTimetableProblem(
  dueDate: string,
  implementationDate: string | null,
  reference: string,
): MeetingRefusal | null {
  if (implementationDate === null || dueDate <= implementationDate) return null;
  return {
    code: 'action_after_implementation',
    message: `The action is due on ${longDate(dueDate)}, after ${reference}’s implementation date of ${longDate(implementationDate)}: an action needed to meet the implementation timetable is due by then (D10.2)`,
    field: 'dueDate',
  };
}

/**
 * Issue 13, D10.2, ruling 13: where a meeting's record stands. Closed; scheduled until the day it
 * is held (on the day too); held outside secrel (history, before the cut-over: nothing to do here);
 * awaiting its record while decisions may still be recorded (until `lastDay`, the last day of its
 * record window); past its record window when that day has passed without it being closed.
 */
export type MeetingRecordState =
  'closed' | 'scheduled' | 'held_outside' | 'awaiting_record' | 'record_window_passed';

export function meetingRecordState(
  meeting: { heldOn: string; status: 'scheduled' | 'closed' },
  lastDay: string,
  today: string,
  heldOutside: boolean,
): MeetingRecordState {
  if (meeting.status === 'closed') return 'closed';
  if (meeting.heldOn >= today) return 'scheduled';
  if (heldOutside) return 'held_outside';
  return today <= lastDay ? 'awaiting_record' : 'record_window_passed';
}
