import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/** Ruling 13: SECAS records the past register (what the SEC website published) as history. */
export function canRecordHistory(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** Ruling 13: anyone signed in sees what is held outside secrel and its sources. */
export function canReadHistory(principal: Principal | null): boolean {
  return principal !== null;
}
