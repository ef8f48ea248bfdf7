import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/** D10.8(d): release costs are seen by the Panel, SECAS, the Authority and the DCC (not public). */
export function canReadCosts(principal: Principal | null): boolean {
  return hasAnyRole(principal, [
    'panel_member',
    'panel_chair',
    'code_administrator',
    'authority',
    'dcc',
  ]);
}

/** D10.8(d), ruling 11: SECAS records forecast and actual cost lines. */
export function canRecordCosts(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** D10.8(d), ruling 11: the Panel's cost review is recorded by the Panel Chair or SECAS. */
export function canRecordCostReviews(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_chair', 'code_administrator']);
}

/** D10.8(d), ruling 11: the Authority (or SECAS on its behalf) requests a cost report. */
export function canRequestCostReport(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['authority', 'code_administrator']);
}
