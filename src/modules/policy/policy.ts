/**
 * The SEC Release Management Policy (A-POL, D10.7–D10.9): versions, their lifecycle, and which
 * version is in force. PURE: no database, HTTP or clock; dates are ISO `YYYY-MM-DD` strings.
 *
 * Which version is in force is COMPUTED ON READ (`policyInForce`): the Panel's approval stores
 * status `approved` with an `effective_from` date, and on any day the version in force is the
 * approved version with the latest `effective_from` on or before that day. A version approved
 * with a future date therefore takes effect on that date with no job and no write, and the
 * previous version is superseded the same day. The stored statuses are draft, submitted,
 * approved and rejected; `in_force` and `superseded` are what `displayStatus` derives.
 */
import { isIsoDate } from '../../calendar/civil-date.ts';
import { MAX_CONSULTATION_WORKING_DAYS } from '../consultation/consultation-time.ts';
import type { PolicyMechanisms } from './policy-mechanisms.ts';

export const POLICY_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'in_force',
  'superseded',
  'rejected',
] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

export const POLICY_STATUS_NAMES: Record<PolicyStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted for consultation and decision',
  approved: 'Approved, not yet in force',
  in_force: 'In force',
  superseded: 'Superseded',
  rejected: 'Rejected by the Panel',
};

/** One prose clause of a version; the redline matches clauses by `id`. */
export interface PolicySection {
  id: string;
  heading: string;
  text: string;
}

export interface PolicyVersion {
  id: number;
  number: number;
  title: string;
  /** As stored: draft, submitted, approved or rejected (see the module note). */
  status: PolicyStatus;
  mechanisms: PolicyMechanisms;
  prose: PolicySection[];
  basedOnId: number | null;
  createdBy: number | null;
  createdAt: Date;
  submittedAt: Date | null;
  decidedOn: string | null;
  /** Ruling 13: the Panel meeting that took the decision (none before migration 0034). */
  decisionMeetingId: number | null;
  decisionNotes: string | null;
  effectiveFrom: string | null;
  version: number;
  /** D10.9, D10.20: the least Working Days a consultation on a Policy or TAD version runs. */
  consultationWorkingDays: number;
}

export const MAX_TITLE_LENGTH = 200;

/** D10.9, D10.20: the minimum consultation period until a Policy version sets its own. */
export const DEFAULT_CONSULTATION_WORKING_DAYS = 10;

/**
 * D10.9, D10.20, ruling 14: the minimum period, in Working Days, of a consultation on a Policy or
 * TAD version opened on `today`: the one the version in force sets (an act is judged under the
 * version in force when it happens); the default (10) before any version is in force.
 */
export function consultationMinimum(
  versions: readonly Pick<
    PolicyVersion,
    'status' | 'effectiveFrom' | 'number' | 'consultationWorkingDays'
  >[],
  today: string,
): number {
  return (
    policyInForce(versions, today)?.consultationWorkingDays ?? DEFAULT_CONSULTATION_WORKING_DAYS
  );
}

/** D10.9, D10.20: a minimum period is a whole number of Working Days from 1 to 250. */
export function checkConsultationWorkingDays(days: number): ProseProblem | null {
  return Number.isInteger(days) && days >= 1 && days <= MAX_CONSULTATION_WORKING_DAYS
    ? null
    : {
        field: 'consultationWorkingDays',
        message: `Enter the minimum consultation period as a whole number of Working Days from 1 to ${MAX_CONSULTATION_WORKING_DAYS}`,
      };
}
export const MAX_SECTION_TEXT_LENGTH = 20_000;
export const MAX_SECTIONS = 100;
export const SECTION_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** True for a version the Panel approved, whether or not it is in force yet. */
export function isApprovedVersion(version: Pick<PolicyVersion, 'status'>): boolean {
  return ['approved', 'in_force', 'superseded'].includes(version.status);
}

/** The Panel has decided on it (approved or rejected): the public may see it (D10.9). */
export function isDecided(version: Pick<PolicyVersion, 'status'>): boolean {
  return isApprovedVersion(version) || version.status === 'rejected';
}

/**
 * A-POL, D10.9: the version in force on `today` is the approved version with the latest
 * effective date on or before `today` (the higher number if two share a date); none before
 * the first takes effect.
 */
export function policyInForce<T extends Pick<PolicyVersion, 'status' | 'effectiveFrom' | 'number'>>(
  versions: readonly T[],
  today: string,
): T | undefined {
  let best: T | undefined;
  for (const version of versions) {
    if (!isApprovedVersion(version) || version.effectiveFrom === null) continue;
    if (version.effectiveFrom > today) continue;
    if (
      !best ||
      version.effectiveFrom > (best.effectiveFrom ?? '') ||
      (version.effectiveFrom === best.effectiveFrom && version.number > best.number)
    )
      best = version;
  }
  return best;
}

/** The approved version with the latest effective date, in force or waiting to be. */
export function latestApproved<
  T extends Pick<PolicyVersion, 'status' | 'effectiveFrom' | 'number'>,
>(versions: readonly T[]): T | undefined {
  return policyInForce(versions, '9999-12-31');
}

/** The status to show on `today`: approved versions are in force, superseded or waiting. */
export function displayStatus<T extends Pick<PolicyVersion, 'status' | 'effectiveFrom' | 'number'>>(
  version: T,
  versions: readonly T[],
  today: string,
): PolicyStatus {
  if (!isApprovedVersion(version)) return version.status;
  const inForce = policyInForce(versions, today);
  if (inForce?.number === version.number) return 'in_force';
  if (version.effectiveFrom !== null && version.effectiveFrom <= today) return 'superseded';
  return 'approved';
}

/** Only a draft's content may change: once submitted, the consultation is on fixed text. */
export function isEditable(version: Pick<PolicyVersion, 'status'>): boolean {
  return version.status === 'draft';
}

/** The next version number: one more than the highest so far. */
export function nextVersionNumber(versions: readonly Pick<PolicyVersion, 'number'>[]): number {
  return versions.reduce((highest, version) => Math.max(highest, version.number), 0) + 1;
}

/** A prose problem: the field and what is wrong. */
export interface ProseProblem {
  field: string;
  message: string;
}

/** Prose sections need a slug id unique in the version, a heading and text. */
export function checkProse(prose: readonly PolicySection[]): ProseProblem | null {
  if (prose.length > MAX_SECTIONS)
    return { field: 'prose', message: `A version has at most ${MAX_SECTIONS} sections` };
  for (const [index, section] of prose.entries()) {
    const field = `prose.${index}`;
    if (!SECTION_ID_PATTERN.test(section.id))
      return {
        field: `${field}.id`,
        message: 'A section id is lower-case letters, digits and hyphens, e.g. scope-baselines',
      };
    if (prose.findIndex((other) => other.id === section.id) !== index)
      return { field: `${field}.id`, message: `There is already a section ${section.id}` };
    if (section.heading.trim() === '')
      return { field: `${field}.heading`, message: 'Give the section a heading' };
    if (section.text.trim() === '')
      return { field: `${field}.text`, message: `Write the text of ${section.heading}` };
  }
  return null;
}

/**
 * D10.9: the DCC and Users must be consulted on a version before it takes effect. A consultation
 * of all Parties counts, since all Parties include the DCC and every User (the consultations
 * module's `includesAudiences` applies that rule).
 */
export const POLICY_CONSULTEES = ['dcc', 'users'] as const;

export interface DecisionInput {
  outcome: 'approve' | 'reject';
  decidedOn: string;
  notes: string;
  effectiveFrom: string | null;
}

/**
 * D10.9: a Panel decision on a submitted version. Returns the field at fault, or null. The
 * decision is not in the future; an approval takes effect no earlier than it is made and no
 * earlier than any version already approved (so versions take effect in the order approved);
 * a rejection gives reasons.
 */
export function checkDecision(
  input: DecisionInput,
  today: string,
  latestApproved: Pick<PolicyVersion, 'effectiveFrom' | 'number'> | undefined,
): ProseProblem | null {
  if (!isIsoDate(input.decidedOn))
    return { field: 'decidedOn', message: 'Enter the decision date as a real date, YYYY-MM-DD' };
  if (input.effectiveFrom !== null && !isIsoDate(input.effectiveFrom))
    return {
      field: 'effectiveFrom',
      message: 'Enter the date it takes effect as a real date, YYYY-MM-DD',
    };
  if (input.decidedOn > today)
    return { field: 'decidedOn', message: 'The decision date cannot be in the future' };
  if (input.outcome === 'reject') {
    if (input.notes.trim() === '')
      return { field: 'notes', message: 'Give the Panel’s reasons for rejecting the version' };
    if (input.effectiveFrom !== null)
      return { field: 'effectiveFrom', message: 'A rejected version never takes effect' };
    return null;
  }
  if (input.effectiveFrom === null)
    return { field: 'effectiveFrom', message: 'Give the date the version takes effect' };
  if (input.effectiveFrom < input.decidedOn)
    return {
      field: 'effectiveFrom',
      message: 'The version cannot take effect before the Panel decides',
    };
  if (latestApproved?.effectiveFrom && input.effectiveFrom < latestApproved.effectiveFrom)
    return {
      field: 'effectiveFrom',
      message: `The version cannot take effect before version ${latestApproved.number} (${latestApproved.effectiveFrom})`,
    };
  return null;
}
