import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.policy.ts';

/** The Panel, the Code Administrator and external auditors read the audit trail. */
export function canReadAudit(principal: Principal | null): boolean {
  return hasAnyRole(principal, [
    'panel_member',
    'panel_chair',
    'code_administrator',
    'external_auditor',
  ]);
}

/** The Code Administrator and auditors may run a verification of the whole chain on demand. */
export function canVerifyAudit(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'external_auditor', 'panel_chair']);
}
