import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/**
 * D10.8(b): releases, their scope, milestones and the Panel's decisions with reasons are
 * published on the SEC Website, so anyone may read them, signed in or not.
 */
export function canReadReleases(_principal: Principal | null): boolean {
  return true;
}

/** D10.8(a), ruling 6: SECAS plans releases (standard and ad-hoc) and moves them through their lifecycle. */
export function canManageReleases(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/**
 * D10.8(a): a Panel decision (a late addition after a scope baseline, or a de-scoping) is
 * recorded by the Panel Chair or by SECAS as the Panel's secretariat.
 */
export function canRecordReleaseDecisions(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}
