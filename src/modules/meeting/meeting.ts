/**
 * Panel meetings (D10.2–D10.4, D10.6, ruling 3): the papers date, which meeting an approval or
 * a legal challenge goes to, the late-paper flag, and when a meeting may close. Pure.
 */
import { Temporal } from 'temporal-polyfill';
import { isIsoDate, type WorkingDayCalendar } from '../../calendar/index.ts';

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
