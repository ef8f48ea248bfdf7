import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';

/**
 * The Panel and the Code Administrator read the audit trail. An external auditor does not: under
 * D10.11 it reads only the records of the release it is appointed to, in its own workspace.
 */
export function canReadAudit(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator']);
}

/**
 * The Code Administrator, the Chair and auditors may run a verification of the whole chain on
 * demand: it says whether the chain is intact, not what the events hold.
 */
export function canVerifyAudit(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'external_auditor', 'panel_chair']);
}
