import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';

/** SECAS (the Code Administrator) keeps the Code's text: imports versions, records legal text, consolidates. */
export function canManageCodeText(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}
