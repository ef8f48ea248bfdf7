/**
 * Who may do what with a release's Testing Approach Document (D10.18–D10.20).
 *
 * Reading: the Panel's request is a Panel decision and public. Drafts are read by those who
 * work on or oversee the TAD: the Panel (members and Chair), SECAS, the DCC and the Authority.
 * A submitted version is public (the DCC consults the Parties on it in public, D10.20), and so
 * are its review and the RID version it took effect in. Others (Parties, auditors, the public)
 * see only submitted versions.
 */
import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { isPublished, type TadVersion } from './tad.ts';

/** D10.18, ruling 8: SECAS or the Panel Chair records the Panel's request for a TAD. */
export function canRequestTad(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D10.18, D10.19: the DCC drafts, edits and submits TAD versions and amendments. */
export function canDraftTad(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['dcc']);
}

/** D10.20: the DCC consults on each version and amendment. */
export function canConsultOnTad(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['dcc']);
}

/** D10.20: the Panel's review is recorded by its Chair, or by SECAS as its secretariat. */
export function canReviewTad(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D10.18–D10.20: the Panel, SECAS, the DCC and the Authority read every version, drafts too. */
export function canReadTadDrafts(principal: Principal | null): boolean {
  return hasAnyRole(principal, [
    'panel_member',
    'panel_chair',
    'code_administrator',
    'dcc',
    'authority',
  ]);
}

/** D10.20: a submitted version is public; a draft only for those who read drafts. */
export function canSeeTadVersion(
  principal: Principal | null,
  version: Pick<TadVersion, 'status'>,
): boolean {
  return isPublished(version) || canReadTadDrafts(principal);
}
