import { hasAnyRole } from '../identity/identity.access.ts';
import { isParty, type Principal } from '../identity/identity.ts';

/**
 * D10.17: any Party may appeal a RID approval: a person acting for a Party (the `party` role) or
 * for the DCC (the `dcc` role; the DCC is a Party), whose organisation is a Party.
 */
export function canLodgeAppeal(principal: Principal | null): boolean {
  if (!hasAnyRole(principal, ['party', 'dcc'])) return false;
  const kind = principal?.organisationKind ?? null;
  return principal?.organisationId != null && kind !== null && isParty(kind);
}

/** D10.17: the Authority determines appeals (once; a further appeal lies to the CMA). */
export function canDetermineAppeal(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['authority']);
}

/**
 * D10.17 "without prejudice to section 173 of the Energy Act 2004": SECAS, the Code
 * Administrator keeping the record, records a further appeal to the Competition and Markets
 * Authority and its outcome (the CMA is not a user of secrel).
 */
export function canRecordFurtherAppeal(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/**
 * D10.17: that appeals exist, who lodged them against which approval, and the Authority's
 * determinations are public, signed in or not, like the approvals themselves.
 */
export function canReadAppeals(_principal: Principal | null): boolean {
  return true;
}

/** D10.17: the Panel, SECAS (copied on every appeal) and the Authority read every appeal in full. */
export function canReadAllAppeals(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'authority']);
}

/**
 * D10.17 (decided): an appeal's reasons are shown only to the signed-in Panel, SECAS, the
 * Authority, the DCC (whose delivery of the release the RID governs) and the people of the
 * appellant organisation itself; the public and other Parties see only that the appeal exists
 * and its outcome, since reasons may carry commercially sensitive detail.
 */
export function canSeeAppealReasons(
  principal: Principal | null,
  appeal: { organisationId: number },
): boolean {
  if (canReadAllAppeals(principal) || hasAnyRole(principal, ['dcc'])) return true;
  return principal !== null && principal.organisationId === appeal.organisationId;
}

/** Who the page says sees the reasons (keep in step with canSeeAppealReasons). */
export const REASONS_VISIBILITY_TEXT =
  'The reasons of an appeal are shown only to the Panel, SECAS, the Authority, the DCC and the Party that lodged it. Everyone can see that an appeal was lodged and the Authority’s determination.';
