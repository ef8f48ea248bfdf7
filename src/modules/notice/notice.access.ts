import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/** D10.8(c): notices are recorded and public, so anyone may read them, signed in or not. */
export function canReadNotices(_principal: Principal | null): boolean {
  return true;
}

/** D10.8(c): SECAS issues release notices to the Parties. */
export function canIssueNotices(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}
