/**
 * Who may do what about the external auditor of a release (D10.11). Pure functions over the
 * principal and plain data: no database.
 */
import type { Principal } from '../identity/identity.ts';
import { hasAnyRole, hasScopedRole } from '../identity/identity.access.ts';
import type { AppointmentStatus } from './auditor.ts';

/** What the read rule needs to know of an appointment. */
export interface AppointmentGrant {
  releaseId: number;
  organisationId: number | null;
  status: AppointmentStatus;
}

/**
 * D10.11: an external auditor may read a release's records (RID versions, test phases and
 * results, readiness reports, evidence, DCC information requests) only while its organisation
 * holds an appointment for THAT release whose terms of reference the Panel has approved and
 * which has not ended. A role limited to a release (its scope) narrows this further.
 */
export function auditorMayRead(
  principal: Principal | null,
  appointments: readonly AppointmentGrant[],
  releaseId: number,
): boolean {
  if (!principal || principal.organisationId === null) return false;
  if (!hasScopedRole(principal, 'external_auditor', String(releaseId))) return false;
  return appointments.some(
    (a) =>
      a.releaseId === releaseId &&
      a.organisationId === principal.organisationId &&
      a.status === 'appointed',
  );
}

/** D10.11: the appointed auditor asks the DCC for access on the same terms as it reads. */
export const auditorMayRequestAccess = auditorMayRead;

/** The auditor workspace is for people holding the External Auditor role. */
export function isExternalAuditor(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['external_auditor']);
}

/** D10.11: the Panel appoints, approves the terms and ends: recorded by SECAS or the Chair. */
export function canManageAuditors(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D10.11: the DCC names the auditor the Panel requires it to appoint, and answers requests. */
export function canActForDcc(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['dcc']);
}

/** D10.11: the Panel, SECAS, the Authority and the DCC see a release's auditor appointments. */
export function canReadAppointments(principal: Principal | null): boolean {
  return (
    hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'authority']) ||
    canActForDcc(principal)
  );
}

/**
 * D10.11: a refusal by the DCC of the auditor's access request is escalated to the Panel: the
 * Panel Chair and members, and SECAS as its secretariat, are told and see it on their home page.
 */
export function hearsOfRefusedAccess(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator']);
}

/** D10.11: the Panel, SECAS and the Authority oversee what the auditor read (the access log). */
export function canReadAccessLog(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'authority']);
}
