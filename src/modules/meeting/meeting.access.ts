import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';

/** SECAS keeps the calendar of Panel meetings. */
export function canScheduleMeetings(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** Ruling 13: the Panel Chair calls an extraordinary Panel meeting. */
export function canCallExtraordinaryMeetings(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_chair']);
}

/** SECAS (ordinary meetings, and history) and the Panel Chair (extraordinary) create meetings. */
export function canCreateMeetings(principal: Principal | null): boolean {
  return canScheduleMeetings(principal) || canCallExtraordinaryMeetings(principal);
}

/**
 * The Panel's calendar, agendas and outcomes (its implementation actions and decisions at each
 * meeting) are published on the SEC Website, so anyone may read them, signed in or not.
 */
export function canReadMeetings(_principal: Principal | null): boolean {
  return true;
}

/**
 * D10.2: the Panel records the actions, the reasons for having none, and its decisions at the
 * meeting, and closes it: the Panel Chair, or SECAS on the Panel's behalf.
 */
export function canRunMeetings(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_chair', 'code_administrator']);
}

/** The Panel, SECAS and the Authority oversee every implementation action (D10.3). */
export function canSeeAllActions(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'authority']);
}

/** An action is seen by those who oversee all actions and by its owner organisation's people. */
export function canSeeAction(principal: Principal | null, ownerOrganisationId: number): boolean {
  if (!principal) return false;
  return canSeeAllActions(principal) || principal.organisationId === ownerOrganisationId;
}

/** D10.4: the owner marks its action done; the Panel Chair or SECAS may too. */
export function canCompleteAction(
  principal: Principal | null,
  ownerOrganisationId: number,
): boolean {
  if (!principal) return false;
  return canRunMeetings(principal) || principal.organisationId === ownerOrganisationId;
}

/** D10.3: the Panel (members and Chair) and SECAS are told of every overdue action. */
export function overseesActions(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator']);
}
