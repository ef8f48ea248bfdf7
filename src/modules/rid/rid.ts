/**
 * The Release Implementation Document (A-RID, D10.12–D10.15, ruling 5): its versions' lifecycle,
 * the freeze from the start of the notice period, and the wording of its dates. PURE: no
 * database, HTTP or clock; dates are ISO `YYYY-MM-DD` strings.
 */
import { deadlineInWords } from '../appeal/appeal.ts';
import { dayOfWeek, tryParseIsoDate } from '../../calendar/civil-date.ts';
import { longDate } from '../../calendar/date-words.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { noticeStart } from '../policy/policy-dates.ts';
import type { PolicyMechanisms } from '../policy/policy-mechanisms.ts';
import type { ReleaseStatus } from '../release/release.ts';
import { AppError } from '../../errors.ts';
import type { RidContentItem } from './rid-content.ts';
import { RID_SECTION_NAMES, type RidSections, type RidSectionId } from './rid-sections.ts';

export const RID_STATUSES = ['draft', 'submitted', 'approved', 'superseded', 'withdrawn'] as const;
export type RidStatus = (typeof RID_STATUSES)[number];

export const RID_STATUS_NAMES: Record<RidStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted to the Panel',
  approved: 'Approved',
  superseded: 'Superseded',
  withdrawn: 'Withdrawn',
};

/**
 * D10.12, D10.15: the life of a RID version as a table. SECAS submits a draft to the Panel; the
 * Panel approves it; the next approved version supersedes it. A draft, or a version the Panel
 * has not approved, may be withdrawn.
 */
export const RID_TRANSITIONS: readonly { from: RidStatus; to: RidStatus }[] = [
  { from: 'draft', to: 'submitted' },
  { from: 'draft', to: 'withdrawn' },
  { from: 'submitted', to: 'approved' },
  { from: 'submitted', to: 'withdrawn' },
  { from: 'approved', to: 'superseded' },
];

/** D10.15: true when the table allows a RID version to move from `from` to `to`. */
export function canMoveRid(from: RidStatus, to: RidStatus): boolean {
  return RID_TRANSITIONS.some((t) => t.from === from && t.to === to);
}

export function isRidStatus(value: string): value is RidStatus {
  return (RID_STATUSES as readonly string[]).includes(value);
}

/** A version still being worked on (one at a time per release). */
export function isOpen(status: RidStatus): boolean {
  return status === 'draft' || status === 'submitted';
}

/** A version of a release's RID. */
export interface RidVersion {
  id: number;
  releaseId: number;
  number: number;
  status: RidStatus;
  sections: RidSections;
  /** D10.13(a) as the Panel saw it: set when the version was submitted. */
  contentSnapshot: RidContentItem[] | null;
  tadVersionId: number | null;
  basedOnId: number | null;
  freezeOverrideId: number | null;
  createdAt: Date;
  submittedAt: Date | null;
  approvalMeetingId: number | null;
  approvedOn: string | null;
  publishedAt: Date | null;
  /** Ruling 18, ruling 1: the appeal window's close, stored when the approval was published. */
  appealDeadline: Date | null;
  version: number;
}

/** An approved RID version as other modules (testing, go-live, auditor) read it. */
export interface ApprovedRid {
  id: number;
  releaseId: number;
  number: number;
  sections: RidSections;
  /**
   * D10.13(a), ruling 15: the release's content as the Panel approved it (the parts frozen into
   * the version when it was submitted); null for a version recorded without one.
   */
  content: RidContentItem[] | null;
  approvedOn: string | null;
  publishedAt: Date | null;
  tadVersionId: number | null;
}

/** A Panel override of the freeze, with the version that used it (if any). */
export interface FreezeOverride {
  id: number;
  releaseId: number;
  meetingId: number | null;
  decidedOn: string;
  reasons: string;
  recordedAt: Date;
  usedByNumber: number | null;
}

/** A TAD version as the RID shows it (D10.18, D10.19). */
export interface TadForRid {
  id: number;
  number: number;
  status: string;
  objectives: string;
  strategy: string;
  consequences: string;
  reviewedOn: string | null;
}

/**
 * D10.12, D10.17, ruling 1: a version the Panel approved, whether it is the approval in force or
 * has since been superseded by a later amendment. Each is published once, and its publication
 * opens its own appeal window, so an approval superseded before SECAS published it can still be.
 */
export function isPanelApproval(version: {
  status: RidStatus;
  approvedOn: string | null;
}): boolean {
  return (
    version.status === 'approved' ||
    (version.status === 'superseded' && version.approvedOn !== null)
  );
}

/** Ruling 1: an approval not yet published: SECAS publishes it, opening its appeal window. */
export function awaitsPublication(version: {
  status: RidStatus;
  approvedOn: string | null;
  publishedAt: Date | null;
}): boolean {
  return isPanelApproval(version) && version.publishedAt === null;
}

/** D10.17, ruling 1: the appeal window of a published approval. */
export interface AppealWindow {
  deadline: string;
  words: string;
}

/** ISO weekday names, 1 = Monday. */
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `2027-01-12` → `Tuesday 12 January 2027`. */
export function dateInWords(date: string): string {
  const day = tryParseIsoDate(date);
  if (day === undefined) return date;
  return `${WEEKDAYS[dayOfWeek(day) - 1] ?? ''} ${longDate(date)}`;
}

/**
 * D10.17, ruling 1: the appeal deadline in words. The deadline is an instant at the end of a
 * London day (`2027-01-12T23:59:59+00:00`), so its date part is the UK date.
 */
export function appealDeadlineWords(deadline: string): string {
  return `Appeals by ${deadlineInWords(deadline)}`;
}

/**
 * D10.15, ruling 5: the RID of a release freezes when its notice period starts: go-live minus
 * the notice period that the Policy version governing the release sets for its type.
 * Undefined when that version sets no notice period for the type (nothing freezes it).
 */
export function ridFreezeDate(
  policy: { mechanisms: PolicyMechanisms },
  release: { releaseType: string; goLive: string },
  calendar: WorkingDayCalendar,
): string | undefined {
  return noticeStart(policy, release.releaseType, release.goLive, calendar);
}

/** D10.15, ruling 5: frozen from the freeze date itself (London today on or after it). */
export function isFrozen(freezeDate: string | undefined, today: string): boolean {
  return freezeDate !== undefined && today >= freezeDate;
}

export interface FreezeCheck {
  freezeDate: string | undefined;
  today: string;
  /** The version being changed already carries a Panel override. */
  versionOverridden: boolean;
  /** A Panel override of the release that no version has used yet, if any. */
  unusedOverrideId: number | undefined;
}

export type FreezeOutcome =
  | { allowed: true; useOverrideId: number | undefined }
  | { allowed: false; message: string; freezeDate: string };

/**
 * D10.15, ruling 5: no update of the RID from the start of the notice period. Before the freeze
 * date everything is allowed. From it, a change is allowed only under a recorded Panel override:
 * the version's own, or one no other version has used yet, which the version then takes.
 */
export function checkFreeze(check: FreezeCheck, releaseName: string): FreezeOutcome {
  if (!isFrozen(check.freezeDate, check.today) || check.freezeDate === undefined)
    return { allowed: true, useOverrideId: undefined };
  if (check.versionOverridden) return { allowed: true, useOverrideId: undefined };
  if (check.unusedOverrideId !== undefined)
    return { allowed: true, useOverrideId: check.unusedOverrideId };
  return {
    allowed: false,
    freezeDate: check.freezeDate,
    message: `The Release Implementation Document of ${releaseName} is frozen from ${dateInWords(check.freezeDate)}, when the notice period before go-live started (D10.15): it can change only if the Panel records an override with its reasons`,
  };
}

/**
 * D10.15, ruling 5: inside a use case that changes the RID, refuses the change from the freeze
 * date (`rid_frozen`, with the date) unless the version carries a Panel override or an unused
 * one exists; returns the override the version must now be linked to, if any.
 */
export function requireUnfrozen(check: FreezeCheck, releaseName: string): number | undefined {
  const outcome = checkFreeze(check, releaseName);
  if (!outcome.allowed)
    throw new AppError('rid_frozen', outcome.message, {
      details: { freezeDate: outcome.freezeDate },
    });
  return outcome.useOverrideId;
}

/** D10.13: the refusal message naming the missing sections. */
export function incompleteMessage(missing: readonly RidSectionId[]): string {
  const names = missing.map((id) => RID_SECTION_NAMES[id]);
  return `The version cannot go to the Panel until it defines every D10.13 section: missing ${names.join('; ')}`;
}

/**
 * D10.15, ruling 16: approving the RID moves a release that is still planned to "RID approved";
 * a release further along keeps its status.
 */
export function releaseStatusAfterApproval(status: ReleaseStatus): ReleaseStatus {
  return status === 'planned' ? 'rid_approved' : status;
}

/**
 * D10.15: the Panel approves at a meeting held on or before today, and not before the version
 * was submitted to it. Returns a refusal message, or null.
 */
export function approvalMeetingProblem(
  heldOn: string,
  submittedOn: string,
  today: string,
): string | null {
  if (heldOn > today)
    return `The Panel meeting of ${longDate(heldOn)} has not been held yet: record the approval after the meeting`;
  if (heldOn < submittedOn)
    return `The Panel meeting of ${longDate(heldOn)} was held before the version was submitted on ${longDate(submittedOn)}`;
  return null;
}

/** The next version number of a release's RID (numbers are never reused, withdrawn included). */
export function nextRidNumber(numbers: readonly number[]): number {
  return numbers.reduce((max, n) => Math.max(max, n), 0) + 1;
}
