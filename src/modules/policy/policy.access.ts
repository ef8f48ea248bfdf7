import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { isDecided, type PolicyVersion } from './policy.ts';

/** Drafts and versions awaiting a decision are seen by SECAS and the Panel that decides them. */
export function canReadPolicyDrafts(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair', 'panel_member']);
}

/** SECAS drafts Policy versions, edits them and submits them for consultation and decision. */
export function canDraftPolicy(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** D10.9: SECAS or the Panel Chair opens the consultation of the DCC and Users on a version. */
export function canConsultOnPolicy(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D10.9: the Panel's decision is recorded by its Chair, or by SECAS as the Panel's secretariat. */
export function canDecidePolicy(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D10.9: a decided version is public; a draft or submitted one only for SECAS and the Panel. */
export function canSeePolicyVersion(
  principal: Principal | null,
  version: Pick<PolicyVersion, 'status'>,
): boolean {
  return isDecided(version) || canReadPolicyDrafts(principal);
}
