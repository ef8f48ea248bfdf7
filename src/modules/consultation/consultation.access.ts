import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import type { RunBy } from './consultation.ts';

/**
 * Consultations: the Panel's consultations (e.g. on the Policy, D10.9) are opened and edited by
 * SECAS or the Panel Chair; the DCC's (e.g. on a TAD, D10.20) by the DCC.
 */
export function canRunConsultation(principal: Principal | null, runBy: RunBy): boolean {
  return runBy === 'dcc'
    ? hasAnyRole(principal, ['dcc'])
    : hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** Consultations: who may open some consultation (SECAS, the Panel Chair, the DCC). */
export function canOpenSomeConsultation(principal: Principal | null): boolean {
  return canRunConsultation(principal, 'panel') || canRunConsultation(principal, 'dcc');
}

/** Consultations: the Panel (Chair or SECAS) summarises its consultations; the DCC its own. */
export function canSummarise(principal: Principal | null, runBy: RunBy): boolean {
  return canRunConsultation(principal, runBy);
}

/** Consultations: confidential responses are seen by the Panel, SECAS and the Authority. */
export function seesAllConfidential(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'authority']);
}

/**
 * Consultations: a public response is published to everyone, signed in or not, as soon as it is
 * submitted; a confidential one only to the Panel, SECAS, the Authority and the people of the
 * organisation that gave it.
 */
export function canSeeResponse(
  principal: Principal | null,
  response: { confidential: boolean; organisationId: number },
): boolean {
  if (!response.confidential) return true;
  if (seesAllConfidential(principal)) return true;
  return principal !== null && principal.organisationId === response.organisationId;
}

/** Consultations: the roles that may respond for an organisation (eligibility decides which). */
export function mayRespondAtAll(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['party', 'dcc', 'sub_committee_member']);
}
