import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/** D10.8(e), ruling 10: the Panel's go-live decision is recorded by the Panel Chair or SECAS. */
export function canRecordGoLive(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_chair', 'code_administrator']);
}
