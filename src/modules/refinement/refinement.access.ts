/**
 * Who may do what in the Refinement Process (D6.8). Pure functions over the principal: no
 * database. SECAS acts as the Working Group's secretariat; the Panel Chair may act for the Panel.
 */
import type { Principal, SubCommittee } from '../identity/identity.ts';
import { hasAnyRole, hasScopedRole } from '../identity/identity.access.ts';

/** Anyone signed in may read a modification's refinement checklist and the views sought. */
export function canReadRefinement(principal: Principal | null): boolean {
  return principal !== null;
}

/** D6.8(a)–(l): SECAS (as Working Group secretariat) or the Panel Chair records a conclusion. */
export function canRecordConclusion(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D6.8(e): SECAS or the Panel Chair decides whether DCC testing is required. */
export function canDecideDccTesting(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D6.8(e): the testing solution is recorded by SECAS, the Panel Chair, or the DCC (which proposes it). */
export function canRecordTestingSolution(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair', 'dcc']);
}

/** The page's DCC testing form is shown to whoever may record either part of it. */
export function canEditDccTesting(principal: Principal | null): boolean {
  return canDecideDccTesting(principal) || canRecordTestingSolution(principal);
}

/**
 * D6.8(f)–(i): SECAS records that a body wishes to express a view; a member of that body may
 * record it for their own body.
 */
export function canRecordNotification(principal: Principal | null, body: SubCommittee): boolean {
  return (
    hasAnyRole(principal, ['code_administrator']) ||
    hasScopedRole(principal, 'sub_committee_member', body)
  );
}

/** True when the principal may record a notification for at least one body (to show the form). */
export function canRecordAnyNotification(
  principal: Principal | null,
  bodies: readonly SubCommittee[],
): boolean {
  return bodies.some((body) => canRecordNotification(principal, body));
}

/** D6.8(f)–(i): SECAS asks a sub-committee for its views (mandatory or not). */
export function canRequestView(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** Only a member of the body asked records that body's view. */
export function canRespondToView(principal: Principal | null, body: SubCommittee): boolean {
  return hasScopedRole(principal, 'sub_committee_member', body);
}

/** SECAS and the Panel see every view request; a sub-committee member sees their body's. */
export function canSeeAllViewRequests(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair', 'panel_member']);
}

/** Who may open the list of view requests at all (the "Views requested" page). */
export function canListViewRequests(principal: Principal | null): boolean {
  return canSeeAllViewRequests(principal) || hasAnyRole(principal, ['sub_committee_member']);
}

/**
 * The bodies whose requests the principal sees: all of them for SECAS and the Panel (and a
 * member without a body scope), otherwise the bodies they are a member of.
 */
export function visibleBodies(
  principal: Principal | null,
  bodies: readonly SubCommittee[],
): SubCommittee[] {
  if (canSeeAllViewRequests(principal)) return [...bodies];
  return bodies.filter((body) => hasScopedRole(principal, 'sub_committee_member', body));
}

/** D6.8: SECAS or the Panel Chair completes refinement and moves the proposal to the Report Phase. */
export function canCompleteRefinement(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}
