import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';

/** Anyone signed in may read the catalogue of SEC documents (a proposer picks from it). */
export function canReadCatalogue(principal: Principal | null): boolean {
  return principal !== null;
}

/** The Code Administrator maintains the catalogue: adds, corrects, classifies and retires entries. */
export function canManageCatalogue(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}
