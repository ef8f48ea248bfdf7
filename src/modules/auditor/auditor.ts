/**
 * The external auditor of a SEC Release (D10.11): its appointment by the Panel (or by the DCC at
 * the Panel's requirement), the Panel's approval of its terms of reference, and its requests for
 * access to records, test results, test laboratories and test witnessing. PURE.
 */
import { isIsoDate } from '../../calendar/index.ts';
import type { OrganisationKind } from '../identity/identity.ts';

export const APPOINTERS = ['panel', 'dcc'] as const;
export type Appointer = (typeof APPOINTERS)[number];

export const APPOINTER_NAMES: Record<Appointer, string> = {
  panel: 'Appointed by the Panel',
  dcc: 'Appointed by the DCC at the Panel’s requirement',
};

export const APPOINTMENT_STATUSES = ['proposed', 'appointed', 'ended'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const APPOINTMENT_STATUS_NAMES: Record<AppointmentStatus, string> = {
  proposed: 'Terms of reference awaiting the Panel’s approval',
  appointed: 'Appointed',
  ended: 'Ended',
};

/** D10.11: the appointment takes effect when the Panel approves the terms; either may end. */
export const APPOINTMENT_TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  proposed: ['appointed', 'ended'],
  appointed: ['ended'],
  ended: [],
};

export const ACCESS_KINDS = [
  'records',
  'test_results',
  'test_laboratory',
  'test_witnessing',
] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

export const ACCESS_KIND_NAMES: Record<AccessKind, string> = {
  records: 'Records',
  test_results: 'Test results',
  test_laboratory: 'Access to a test laboratory',
  test_witnessing: 'Test witnessing',
};

export const ACCESS_STATUSES = ['open', 'granted', 'refused'] as const;
export type AccessStatus = (typeof ACCESS_STATUSES)[number];

export const ACCESS_STATUS_NAMES: Record<AccessStatus, string> = {
  open: 'Awaiting the DCC',
  granted: 'Granted',
  refused: 'Refused',
};

export const ACCESS_OUTCOMES = ['granted', 'refused'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/** D10.11: an auditor appointment for a release and where it stands. */
export interface Appointment {
  id: number;
  releaseId: number;
  /** Null while the DCC, required by the Panel to appoint, has not named the auditor. */
  organisationId: number | null;
  appointedBy: Appointer;
  termsOfReference: string;
  status: AppointmentStatus;
  torApprovedOn: string | null;
  torApprovedBy: number | null;
  createdBy: number | null;
  createdAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  version: number;
}

/** An appointment with the names people read: its organisation and its release. */
export interface AppointmentView extends Appointment {
  organisationName: string | null;
  releaseName: string;
  releaseGoLive: string;
}

/** D10.11: an appointed auditor's request to the DCC for access, and the DCC's answer. */
export interface AccessRequest {
  id: number;
  appointmentId: number;
  kind: AccessKind;
  detail: string;
  wantedOn: string | null;
  status: AccessStatus;
  requestedBy: number | null;
  requestedAt: Date;
  answer: string | null;
  arrangedOn: string | null;
  answeredBy: number | null;
  answeredAt: Date | null;
  version: number;
}

/** An access request with its appointment's organisation and release. */
export interface AccessRequestView extends AccessRequest {
  releaseId: number;
  releaseName: string;
  organisationId: number | null;
  organisationName: string | null;
  appointmentStatus: AppointmentStatus;
}

export const MAX_TERMS_LENGTH = 20_000;
export const MAX_TEXT_LENGTH = 5000;

export interface AuditorRefusal {
  code: 'validation_failed' | 'auditor_appointment_status' | 'access_request_answered';
  field: string;
  message: string;
}

const fail = (
  field: string,
  message: string,
  code: AuditorRefusal['code'] = 'validation_failed',
): AuditorRefusal => ({ code, field, message });

export function isAppointer(value: string): value is Appointer {
  return (APPOINTERS as readonly string[]).includes(value);
}

export function isAccessKind(value: string): value is AccessKind {
  return (ACCESS_KINDS as readonly string[]).includes(value);
}

export function isAccessOutcome(value: string): value is AccessOutcome {
  return (ACCESS_OUTCOMES as readonly string[]).includes(value);
}

/** D10.11: the appointment may move from `from` to `to`. */
export function canMoveAppointment(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return APPOINTMENT_TRANSITIONS[from].includes(to);
}

/** The organisation named as auditor: its kind and name, or undefined when no such organisation. */
export type NamedOrganisation = { kind: OrganisationKind; name: string } | undefined;

function checkAuditorOrganisation(organisation: NamedOrganisation): AuditorRefusal | null {
  if (!organisation) return fail('organisationId', 'Choose the auditor organisation');
  if (organisation.kind !== 'auditor')
    return fail(
      'organisationId',
      `Only an auditor organisation can be appointed: ${organisation.name} is not one`,
    );
  return null;
}

function checkText(field: string, text: string, max: number, missing: string) {
  if (text.trim() === '') return fail(field, missing);
  if (text.length > max) return fail(field, `Keep it to ${max} characters or fewer`);
  return null;
}

export interface ProposalInput {
  appointedBy: string;
  /** The organisation named, when one was named (the Panel's own appointment). */
  organisationNamed: boolean;
  organisation: NamedOrganisation;
  termsOfReference: string;
}

/**
 * D10.11: the Panel appoints an external auditor, naming an organisation of kind auditor, or
 * requires the DCC to appoint one (the DCC then names it); terms of reference are required.
 */
export function checkProposal(input: ProposalInput): AuditorRefusal | null {
  if (!isAppointer(input.appointedBy))
    return fail('appointedBy', 'Choose whether the Panel appoints or requires the DCC to appoint');
  if (input.appointedBy === 'panel') {
    const problem = checkAuditorOrganisation(input.organisation);
    if (problem) return problem;
  } else if (input.organisationNamed) {
    return fail(
      'organisationId',
      'When the Panel requires the DCC to appoint, the DCC names the auditor: leave it empty',
    );
  }
  return checkText(
    'termsOfReference',
    input.termsOfReference,
    MAX_TERMS_LENGTH,
    'Enter the auditor’s terms of reference',
  );
}

export interface AppointmentFacts {
  status: AppointmentStatus;
  appointedBy: Appointer;
  organisationId: number | null;
}

/** D10.11: when the Panel requires the DCC to appoint, the DCC names the auditor before approval. */
export function checkNaming(
  appointment: AppointmentFacts,
  organisation: NamedOrganisation,
): AuditorRefusal | null {
  if (appointment.appointedBy !== 'dcc')
    return fail(
      'organisationId',
      'The Panel appointed this auditor itself: the DCC does not name it',
      'auditor_appointment_status',
    );
  if (appointment.status !== 'proposed')
    return fail(
      'organisationId',
      'The auditor can be named only before the Panel approves the terms of reference',
      'auditor_appointment_status',
    );
  return checkAuditorOrganisation(organisation);
}

/**
 * D10.11: the Panel approves the auditor's terms of reference, on a date no later than today,
 * once the auditor is named; the appointment takes effect then.
 */
export function checkApproval(
  appointment: AppointmentFacts,
  approvedOn: string,
  today: string,
): AuditorRefusal | null {
  if (!canMoveAppointment(appointment.status, 'appointed'))
    return fail(
      'approvedOn',
      appointment.status === 'appointed'
        ? 'The terms of reference are already approved'
        : 'The appointment has ended',
      'auditor_appointment_status',
    );
  if (appointment.organisationId === null)
    return fail(
      'approvedOn',
      'The DCC has not named the auditor yet: the terms can be approved once it has',
      'auditor_appointment_status',
    );
  if (!isIsoDate(approvedOn))
    return fail('approvedOn', 'Enter the date the Panel approved the terms as YYYY-MM-DD');
  if (approvedOn > today) return fail('approvedOn', 'The approval date cannot be in the future');
  return null;
}

/** D10.11: an appointment not yet ended may be ended, with the reason recorded. */
export function checkEnding(appointment: AppointmentFacts, reason: string): AuditorRefusal | null {
  if (!canMoveAppointment(appointment.status, 'ended'))
    return fail('reason', 'The appointment has already ended', 'auditor_appointment_status');
  return checkText('reason', reason, MAX_TEXT_LENGTH, 'Enter why the appointment ends');
}

export interface AccessRequestInput {
  kind: string;
  detail: string;
  /** YYYY-MM-DD, or '' when none. */
  wantedOn: string;
}

/** D10.11: visits (a test laboratory, test witnessing) need the date the auditor wants them. */
export function needsDate(kind: AccessKind): boolean {
  return kind === 'test_laboratory' || kind === 'test_witnessing';
}

/**
 * D10.11: the appointed auditor asks the DCC for access to records, test results, test
 * laboratories or test witnessing, saying what it needs; visits need a wanted date, which (when
 * given) is today or later.
 */
export function checkAccessRequest(
  input: AccessRequestInput,
  today: string,
): AuditorRefusal | null {
  if (!isAccessKind(input.kind))
    return fail('kind', 'Choose records, test results, a test laboratory or test witnessing');
  const problem = checkText(
    'detail',
    input.detail,
    MAX_TEXT_LENGTH,
    'Describe what you need access to',
  );
  if (problem) return problem;
  if (input.wantedOn === '')
    return needsDate(input.kind)
      ? fail('wantedOn', 'Enter the date you want the visit, as YYYY-MM-DD')
      : null;
  if (!isIsoDate(input.wantedOn)) return fail('wantedOn', 'Enter the wanted date as YYYY-MM-DD');
  if (input.wantedOn < today) return fail('wantedOn', 'The wanted date cannot be in the past');
  return null;
}

export interface AccessAnswerInput {
  outcome: string;
  answer: string;
  /** YYYY-MM-DD, or '' when none. */
  arrangedOn: string;
}

/**
 * D10.11: the DCC answers an open request of an auditor still appointed: it grants it (visits
 * with the date arranged) or refuses it; either way it says why or how.
 */
export function checkAccessAnswer(
  request: { kind: AccessKind; status: AccessStatus },
  appointmentStatus: AppointmentStatus,
  input: AccessAnswerInput,
): AuditorRefusal | null {
  if (request.status !== 'open')
    return fail(
      'outcome',
      'This access request has already been answered',
      'access_request_answered',
    );
  if (appointmentStatus !== 'appointed')
    return fail(
      'outcome',
      'The auditor’s appointment is not in effect',
      'auditor_appointment_status',
    );
  if (!isAccessOutcome(input.outcome)) return fail('outcome', 'Choose grant or refuse');
  const problem = checkText(
    'answer',
    input.answer,
    MAX_TEXT_LENGTH,
    input.outcome === 'granted' ? 'Say how access is given' : 'Give the reason access is refused',
  );
  if (problem) return problem;
  if (input.outcome === 'refused') {
    return input.arrangedOn === ''
      ? null
      : fail('arrangedOn', 'A refused request has no arranged date: leave it empty');
  }
  if (input.arrangedOn === '')
    return needsDate(request.kind)
      ? fail('arrangedOn', 'Enter the date arranged for the visit, as YYYY-MM-DD')
      : null;
  return isIsoDate(input.arrangedOn)
    ? null
    : fail('arrangedOn', 'Enter the arranged date as YYYY-MM-DD');
}
