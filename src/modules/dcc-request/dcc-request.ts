/**
 * Information requests to the DCC (D10.10, D10.14): the Panel (through SECAS or its Chair) asks
 * the DCC for information about a release, optionally for a section of its RID; the DCC answers
 * by a due date, is reminded before it and told once when it has passed. PURE: no database,
 * HTTP or clock.
 */
import { isIsoDate, type WorkingDayCalendar } from '../../calendar/index.ts';
import { formatEpochDay, parseIsoDate } from '../../calendar/civil-date.ts';
import { longDate } from '../../calendar/date-words.ts';
import { todayOf } from '../../calendar/deadline.ts';
import {
  FREE_SECTION_KEYS,
  RID_SECTION_IDS,
  RID_SECTION_NAMES,
  type FreeSectionKey,
  type RidSectionId,
} from '../rid/rid-sections.ts';

export const DCC_REQUEST_STATUSES = ['open', 'answered', 'withdrawn'] as const;
export type DccRequestStatus = (typeof DCC_REQUEST_STATUSES)[number];

export const STATUS_NAMES: Record<DccRequestStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  withdrawn: 'Withdrawn',
};

/** D10.10: an information request to the DCC and what became of it. */
export interface DccRequest {
  id: number;
  releaseId: number;
  /** A D10.13 section letter (a)–(f) or a free-section key; null for none. */
  ridSection: string | null;
  subject: string;
  detail: string;
  dueDate: string;
  status: DccRequestStatus;
  requestedBy: number | null;
  requestedAt: Date;
  response: string | null;
  respondedBy: number | null;
  respondedAt: Date | null;
  remindedAt: Date | null;
  overdueNotifiedAt: Date | null;
  withdrawnBy: number | null;
  withdrawnAt: Date | null;
  withdrawalReason: string | null;
  version: number;
}

/** A request with the names a page or an e-mail shows. */
export interface DccRequestView extends DccRequest {
  releaseName: string;
  releaseGoLive: string;
  requestedByName: string | null;
  respondedByName: string | null;
  withdrawnByName: string | null;
}

export const MAX_SUBJECT = 200;
export const MAX_DETAIL = 20000;
export const MAX_RESPONSE = 20000;
export const MAX_REASON = 2000;

/** D10.10: the DCC is reminded this many Working Days before a request's due date. */
export const REMINDER_WORKING_DAYS = 2;

/** D10.10: the DCC's home page lists open requests due within this many Working Days. */
export const DUE_SOON_WORKING_DAYS = 5;

/** D10.14: a request may be for a D10.13 section (a)–(f) of the RID or one of its free sections. */
export type RequestSection = RidSectionId | FreeSectionKey;
export const REQUEST_SECTIONS: readonly RequestSection[] = [
  ...RID_SECTION_IDS,
  ...FREE_SECTION_KEYS,
];

const FREE_SECTION_NAMES: Record<FreeSectionKey, string> = {
  risks: 'Risks',
  dependencies: 'Dependencies',
  notice: 'Notice',
  costs: 'Costs',
  other: 'Other',
};

export function isRequestSection(value: string): value is RequestSection {
  return (REQUEST_SECTIONS as readonly string[]).includes(value);
}

/** D10.14: the name of the RID section a request is for ("(b) Timescales, …"), or '' for none. */
export function sectionName(section: string | null): string {
  if (section === null || section === '') return '';
  if ((RID_SECTION_IDS as readonly string[]).includes(section))
    return RID_SECTION_NAMES[section as RidSectionId];
  if ((FREE_SECTION_KEYS as readonly string[]).includes(section))
    return FREE_SECTION_NAMES[section as FreeSectionKey];
  return section;
}

export interface Refusal {
  code: 'validation_failed' | 'invalid_transition';
  field: string;
  message: string;
}

const fail = (field: string, message: string): Refusal => ({
  code: 'validation_failed',
  field,
  message,
});

export interface RequestInput {
  subject: string;
  detail: string;
  dueDate: string;
  ridSection: string | null;
}

/**
 * D10.10, D10.14: a request needs a subject, a real due date no earlier than today (London), and,
 * when it is for a RID section, one of (a)–(f) or a free section.
 */
export function checkRequestInput(input: RequestInput, today: string): Refusal | null {
  if (input.subject.trim() === '') return fail('subject', 'Enter what the DCC is asked for');
  if (input.subject.length > MAX_SUBJECT)
    return fail('subject', `The subject must be at most ${MAX_SUBJECT} characters`);
  if (input.detail.length > MAX_DETAIL)
    return fail('detail', `The detail must be at most ${MAX_DETAIL} characters`);
  if (input.dueDate.trim() === '') return fail('dueDate', 'Enter the date the answer is due');
  if (!isIsoDate(input.dueDate))
    return fail(
      'dueDate',
      'The due date must be a real date as YYYY-MM-DD, for example 2027-03-15',
    );
  if (input.dueDate < today)
    return fail('dueDate', `The due date must be today (${longDate(today)}) or later`);
  if (input.ridSection !== null && !isRequestSection(input.ridSection))
    return fail('ridSection', 'Choose a section of the RID, or none');
  return null;
}

/** D10.10: no information is requested for a release that is cancelled or closed. */
export function checkReleaseOpen(release: { name: string; status: string }): Refusal | null {
  if (release.status !== 'cancelled' && release.status !== 'closed') return null;
  return {
    code: 'invalid_transition',
    field: 'releaseId',
    message: `${release.name} is ${release.status}: no information can be requested for it`,
  };
}

/** D10.10: the DCC's answer must say something. */
export function checkResponse(response: string): Refusal | null {
  if (response.trim() === '') return fail('response', 'Enter the DCC’s answer');
  if (response.length > MAX_RESPONSE)
    return fail('response', `The answer must be at most ${MAX_RESPONSE} characters`);
  return null;
}

/** D10.10: a withdrawal gives its reason. */
export function checkWithdrawalReason(reason: string): Refusal | null {
  if (reason.trim() === '') return fail('reason', 'Enter why the request is withdrawn');
  if (reason.length > MAX_REASON)
    return fail('reason', `The reason must be at most ${MAX_REASON} characters`);
  return null;
}

/** D10.10: the state machine: an open request is answered by the DCC or withdrawn; both are final. */
export const TRANSITIONS: Record<DccRequestStatus, readonly DccRequestStatus[]> = {
  open: ['answered', 'withdrawn'],
  answered: [],
  withdrawn: [],
};

/** D10.10: refuses a move the state machine does not allow, saying why in words. */
export function checkTransition(from: DccRequestStatus, to: DccRequestStatus): Refusal | null {
  if (TRANSITIONS[from].includes(to)) return null;
  const done = from === 'answered' ? 'has already been answered' : 'has been withdrawn';
  const verb = to === 'answered' ? 'answered' : 'withdrawn';
  return {
    code: 'invalid_transition',
    field: 'status',
    message: `The request ${done}: it can no longer be ${verb}`,
  };
}

/** D10.10: a request is overdue when it is still open after the London day of its due date. */
export function isOverdue(request: { status: string; dueDate: string }, today: string): boolean {
  return request.status === 'open' && request.dueDate < today;
}

/** D10.10: as {@link isOverdue}, at an instant (the London date of `now`). */
export function isOverdueAt(request: { status: string; dueDate: string }, now: Date): boolean {
  return isOverdue(request, todayOf(now));
}

/** The Working Day `n` Working Days before `date` (`addWorkingDays` run backwards). */
export function workingDaysBefore(calendar: WorkingDayCalendar, date: string, n: number): string {
  let day = parseIsoDate(date);
  let counted = 0;
  while (counted < n) {
    day -= 1;
    if (calendar.isWorkingDay(formatEpochDay(day))) counted += 1;
  }
  return formatEpochDay(day);
}

/**
 * D10.10: the day the DCC is reminded: the Working Day REMINDER_WORKING_DAYS Working Days before
 * the due date (so `addWorkingDays(reminderDate(d), 2)` is d when d is a Working Day).
 */
export function reminderDate(calendar: WorkingDayCalendar, dueDate: string): string {
  return workingDaysBefore(calendar, dueDate, REMINDER_WORKING_DAYS);
}

export interface ReminderState {
  status: string;
  dueDate: string;
  /** The London date the request was made. */
  requestedOn: string;
  remindedAt: Date | null;
}

/**
 * D10.10: the DCC is reminded once, from the reminder day until the due date, of an open request
 * not yet reminded; a request made on or after its reminder day gets none (the request itself
 * was the e-mail), nor one already overdue (the overdue notice follows instead).
 */
export function reminderDue(request: ReminderState, today: string, remindOn: string): boolean {
  return (
    request.status === 'open' &&
    request.remindedAt === null &&
    request.requestedOn < remindOn &&
    remindOn <= today &&
    today <= request.dueDate
  );
}

/** D10.10: one overdue notice, the first time an open request is found past its due date. */
export function overdueNoticeDue(
  request: { status: string; dueDate: string; overdueNotifiedAt: Date | null },
  today: string,
): boolean {
  return request.overdueNotifiedAt === null && isOverdue(request, today);
}

/** D10.10: an open request due on or before `horizon` and not yet overdue is due soon. */
export function isDueSoon(
  request: { status: string; dueDate: string },
  today: string,
  horizon: string,
): boolean {
  return request.status === 'open' && request.dueDate >= today && request.dueDate <= horizon;
}
