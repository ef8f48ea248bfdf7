import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/** D10.10, D10.14: the Panel asks the DCC for information through SECAS or its Chair. */
export function canRequestFromDcc(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D10.10: whoever may make a request may withdraw an open one, with a reason. */
export function canWithdrawDccRequest(principal: Principal | null): boolean {
  return canRequestFromDcc(principal);
}

/** D10.10, D10.14: the DCC gives the information requested. */
export function canRespondToDccRequest(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['dcc']);
}

/**
 * D10.10: requests and answers are read by the Panel, SECAS, the DCC and the Authority; they are
 * not public.
 */
export function canReadDccRequests(principal: Principal | null): boolean {
  return hasAnyRole(principal, [
    'panel_member',
    'panel_chair',
    'code_administrator',
    'dcc',
    'authority',
  ]);
}

/** D10.10: overdue requests show on the home pages of the Panel, SECAS and the DCC. */
export function watchesDccRequests(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'dcc']);
}
