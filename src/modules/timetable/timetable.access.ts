import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';

/** D6.8(c): SECAS amends the timetable as the Working Group refines the proposal. */
export function canAmendTimetables(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/**
 * D10.5: representations come from the Code Administrator or any Party (the DCC is a Party):
 * SECAS, and Party or DCC users who belong to a Party organisation.
 */
export function canMakeRepresentations(principal: Principal | null): boolean {
  if (!principal) return false;
  if (hasAnyRole(principal, ['code_administrator'])) return true;
  const ofParty = principal.organisationKind === 'party' || principal.organisationKind === 'dcc';
  return ofParty && hasAnyRole(principal, ['party', 'dcc']);
}

/** A Party speaks for its own organisation only; SECAS may record one received from any Party. */
export function canRepresentFor(principal: Principal | null, organisationId: number): boolean {
  if (!canMakeRepresentations(principal) || !principal) return false;
  return (
    hasAnyRole(principal, ['code_administrator']) || principal.organisationId === organisationId
  );
}

/** D10.5, D10.6: the Panel asks the Authority: the Panel Chair, or SECAS on its behalf. */
export function canRequestNewTimetables(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_chair', 'code_administrator']);
}

/** D10.5: only the Authority directs a new timetable or declines a request. */
export function canAnswerTimetableRequests(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['authority']);
}

/** D10.6: SECAS or the Authority records an appeal or judicial review of the approval. */
export function canRecordChallenges(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'authority']);
}

/** D10.6: the Panel decides whether delay is appropriate: the Chair, or SECAS for the Panel. */
export function canDecideDelay(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_chair', 'code_administrator']);
}

/** A modification's implementation record is open to anyone signed in. */
export function canReadImplementation(principal: Principal | null): boolean {
  return principal !== null;
}
