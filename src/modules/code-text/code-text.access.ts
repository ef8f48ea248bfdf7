import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';

/** SECAS (the Code Administrator) keeps the Code's text: imports versions, records legal text, consolidates. */
export function canManageCodeText(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/**
 * The Code is public where it is in force or was: every stored version and the redline of a
 * release that went live. A consolidation not yet live (a draft of the next version, its
 * findings and conflicts) is for SECAS and the Panel.
 */
export function canReadCodeDrafts(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_member', 'panel_chair']);
}
