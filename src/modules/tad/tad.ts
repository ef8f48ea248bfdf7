/**
 * The Testing Approach Document (A-TAD, D10.18–D10.20, ruling 8): the Panel's request, the DCC's
 * versions and their lifecycle. PURE: no database, HTTP or clock; dates are ISO `YYYY-MM-DD`.
 *
 * Lifecycle of a version: draft → submitted (the DCC fixes its text; it is consulted on in
 * public) → reviewed (its DCC consultation has closed and the Panel has recorded its review) →
 * effective (the RID module links it to the RID version the Panel approves next, ruling 8) →
 * superseded (a later version took effect). This module never sets effective or superseded.
 */
import { isIsoDate } from '../../calendar/civil-date.ts';
import type { Audience } from '../consultation/consultation.ts';
import type { TadCondition } from './tad-conditions.ts';

export const TAD_STATUSES = ['draft', 'submitted', 'reviewed', 'effective', 'superseded'] as const;
export type TadStatus = (typeof TAD_STATUSES)[number];

export const TAD_STATUS_NAMES: Record<TadStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted for consultation and Panel review',
  reviewed: 'Reviewed by the Panel',
  effective: 'Effective as part of the RID',
  superseded: 'Superseded',
};

/** D10.19: the three things a TAD defines, with the column each is stored in. */
export const TAD_SECTIONS = [
  {
    letter: 'a',
    field: 'objectives',
    heading: '(a) Testing objectives',
    description: 'the testing objectives, including the assurance to be achieved',
  },
  {
    letter: 'b',
    field: 'strategy',
    heading: '(b) Testing strategy',
    description: 'the testing strategy',
  },
  {
    letter: 'c',
    field: 'consequences',
    heading: '(c) Consequences of the strategy',
    description: 'the consequences of the strategy, including costs and risks in business terms',
  },
] as const;

export type TadSectionLetter = (typeof TAD_SECTIONS)[number]['letter'];
export type TadSectionField = (typeof TAD_SECTIONS)[number]['field'];
export type TadText = Record<TadSectionField, string>;

export interface TadVersion extends TadText {
  id: number;
  releaseId: number;
  number: number;
  status: TadStatus;
  basedOnId: number | null;
  createdBy: number | null;
  createdAt: Date;
  submittedAt: Date | null;
  reviewMeetingId: number | null;
  reviewedOn: string | null;
  reviewNotes: string | null;
  reviewedBy: number | null;
  /** D10.18, D10.13(d)(e): per modification in the release, how each limb is met. */
  conditions: TadCondition[];
  version: number;
}

export interface TadRequest {
  id: number;
  releaseId: number;
  meetingId: number | null;
  requestedOn: string;
  scopeNote: string;
  dueDate: string | null;
  requestedBy: number | null;
  requestedAt: Date;
}

export const MAX_SECTION_LENGTH = 50_000;
export const MAX_NOTE_LENGTH = 5_000;

/** A field at fault and what is wrong with it. */
export interface TadProblem {
  field: string;
  message: string;
}

/** D10.19: the sections (a)–(c) a version leaves empty, in order. */
export function missingTadSections(text: TadText): (typeof TAD_SECTIONS)[number][] {
  return TAD_SECTIONS.filter((section) => text[section.field].trim() === '');
}

/** D10.19: each section at most MAX_SECTION_LENGTH characters (empty is allowed in a draft). */
export function checkTadText(text: TadText): TadProblem | null {
  for (const section of TAD_SECTIONS)
    if (text[section.field].length > MAX_SECTION_LENGTH)
      return {
        field: section.field,
        message: `${section.heading} must be at most ${MAX_SECTION_LENGTH} characters`,
      };
  return null;
}

/** D10.19: only a draft's text may change; once submitted it is consulted on as it stands. */
export function isEditable(version: Pick<TadVersion, 'status'>): boolean {
  return version.status === 'draft';
}

/** D10.20: a submitted version is consulted on in public, so anyone may read it. */
export function isPublished(version: Pick<TadVersion, 'status'>): boolean {
  return version.status !== 'draft';
}

/** The next version number of a release's TAD: one more than the highest so far. */
export function nextVersionNumber(versions: readonly Pick<TadVersion, 'number'>[]): number {
  return versions.reduce((highest, v) => Math.max(highest, v.number), 0) + 1;
}

/**
 * D10.20: an amendment starts from the latest version the DCC has submitted (submitted, reviewed
 * or effective), copying its text; undefined when there is none (the first version).
 */
export function amendmentBase<T extends Pick<TadVersion, 'status' | 'number'>>(
  versions: readonly T[],
): T | undefined {
  return versions
    .filter((v) => ['submitted', 'reviewed', 'effective'].includes(v.status))
    .reduce<T | undefined>((best, v) => (!best || v.number > best.number ? v : best), undefined);
}

/**
 * D10.20: the DCC consults the Parties on each version. A consultation counts when it asked the
 * Users at least; a consultation of all Parties does (all Parties include every User).
 */
export const TAD_CONSULTEES: readonly Audience[] = ['users'];

/** The audiences the DCC may choose for a TAD consultation; all Parties is the default. */
export const TAD_AUDIENCE_CHOICES = ['all_parties', 'users'] as const;
export type TadAudience = (typeof TAD_AUDIENCE_CHOICES)[number];

/** Ruling 8: a TAD is requested for, and drafted in, a release that has not gone live. */
export function checkReleaseOpen(status: string, name: string): TadProblem | null {
  return ['live', 'closed', 'cancelled'].includes(status)
    ? { field: 'release', message: `${name} is ${status}: it can no longer have a TAD` }
    : null;
}

export interface TadRequestInput {
  requestedOn: string;
  dueDate: string | null;
  scopeNote: string;
}

/**
 * D10.18, ruling 8: the Panel's request is dated (not in the future) and may give the date the
 * DCC's first version is due, on or after the request; the scope note is optional.
 */
export function checkTadRequest(input: TadRequestInput, today: string): TadProblem | null {
  if (!isIsoDate(input.requestedOn))
    return { field: 'requestedOn', message: 'Enter the date of the request as YYYY-MM-DD' };
  if (input.requestedOn > today)
    return { field: 'requestedOn', message: 'The date of the request cannot be in the future' };
  if (input.dueDate !== null) {
    if (!isIsoDate(input.dueDate))
      return { field: 'dueDate', message: 'Enter the due date as YYYY-MM-DD' };
    if (input.dueDate < input.requestedOn)
      return { field: 'dueDate', message: 'The first version cannot be due before the request' };
  }
  if (input.scopeNote.length > MAX_NOTE_LENGTH)
    return {
      field: 'scopeNote',
      message: `The note on scope must be at most ${MAX_NOTE_LENGTH} characters`,
    };
  return null;
}

export interface TadReviewInput {
  reviewedOn: string;
  notes: string;
}

/**
 * D10.20: the Panel's review is dated, not in the future and not before its consultation
 * closed (`consultationClosedOn`, the London date of the close), and records what it concluded.
 */
export function checkTadReview(
  input: TadReviewInput,
  today: string,
  consultationClosedOn: string,
): TadProblem | null {
  if (!isIsoDate(input.reviewedOn))
    return { field: 'reviewedOn', message: 'Enter the date of the review as YYYY-MM-DD' };
  if (input.reviewedOn > today)
    return { field: 'reviewedOn', message: 'The date of the review cannot be in the future' };
  if (input.reviewedOn < consultationClosedOn)
    return {
      field: 'reviewedOn',
      message: `The Panel cannot have reviewed it before its consultation closed on ${consultationClosedOn}`,
    };
  if (input.notes.trim() === '')
    return { field: 'notes', message: 'Record what the Panel concluded in its review' };
  if (input.notes.length > MAX_NOTE_LENGTH)
    return { field: 'notes', message: `The notes must be at most ${MAX_NOTE_LENGTH} characters` };
  return null;
}

export type TadTaskState = 'done' | 'due' | 'overdue';

/**
 * D10.18: the DCC's task from the Panel's request is done once a version has been submitted;
 * until then it is due, and overdue once the due date has passed.
 */
export function tadTaskState(
  request: Pick<TadRequest, 'dueDate'>,
  versions: readonly Pick<TadVersion, 'submittedAt'>[],
  today: string,
): TadTaskState {
  if (versions.some((v) => v.submittedAt !== null)) return 'done';
  return request.dueDate !== null && request.dueDate < today ? 'overdue' : 'due';
}
