import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/** D10.7, D10.8(a): SECAS allocates approved modifications to releases under the Policy. */
export function canAllocate(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** D10.7: the Panel and SECAS see which approved modifications are not yet allocated. */
export function canSeeUnallocated(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair', 'panel_member']);
}
