import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { PATHS, type Path } from './modification.ts';

/**
 * The register's public fields (reference, title, summary, proposer, path, status, dates, the
 * documents it changes, its dependencies and implementation date) and its decisions are
 * published on the SEC Website, so anyone may read them, signed in or not.
 */
export function canReadRegister(_principal: Principal | null): boolean {
  return true;
}

/**
 * The working record behind the register is for those signed in: each modification's timeline
 * (who acted, their reasons and what changed), which may carry what is not published.
 */
export function canReadModifications(principal: Principal | null): boolean {
  return principal !== null;
}

/** Parties (the DCC included), SECAS on a Party's behalf, the Panel and the Authority raise modifications. */
export function canRaiseModification(principal: Principal | null): boolean {
  return hasAnyRole(principal, [
    'party',
    'dcc',
    'code_administrator',
    'panel_member',
    'panel_chair',
    'authority',
  ]);
}

/** Only the Panel may raise a Fast-Track Modification (domain.md §3, the Modification Proposal form). */
export function canRaiseFastTrack(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair']);
}

/** Only the Authority raises an Authority-Led Variation (D9A). */
export function canRaiseAuthorityLedVariation(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['authority']);
}

/**
 * The paths a principal may choose when raising a Modification Proposal: Paths 1–3 for Parties,
 * SECAS and the Panel; Fast-Track for the Panel; Path 1 and Authority-Led Variations for the Authority.
 */
export function raisablePaths(principal: Principal | null): Path[] {
  const allowed = new Set<Path>();
  if (
    hasAnyRole(principal, ['party', 'dcc', 'code_administrator', 'panel_member', 'panel_chair'])
  ) {
    for (const path of ['path1', 'path2', 'path3'] as const) allowed.add(path);
  }
  if (canRaiseFastTrack(principal)) allowed.add('fast_track');
  if (canRaiseAuthorityLedVariation(principal)) {
    allowed.add('path1');
    allowed.add('alv');
  }
  return PATHS.filter((path) => allowed.has(path));
}

/**
 * In whose name a principal raises: SECAS for any Party it names (`choose`); the Panel in its own
 * name (no proposing Party); the Authority and a Party's own people in their organisation's name.
 */
export type RaiseCapacity =
  { kind: 'choose' } | { kind: 'panel' } | { kind: 'organisation'; organisationId: number };

export function raiseCapacityOf(principal: Principal | null): RaiseCapacity | null {
  if (!principal || !canRaiseModification(principal)) return null;
  if (hasAnyRole(principal, ['code_administrator'])) return { kind: 'choose' };
  if (hasAnyRole(principal, ['panel_member', 'panel_chair'])) return { kind: 'panel' };
  if (principal.organisationId === null) return null;
  return { kind: 'organisation', organisationId: principal.organisationId };
}

/**
 * The Panel's steps (conversion, refinement or Report Phase, consultation, Change Board) are
 * recorded by the Code Administrator or the Panel Chair.
 */
export function canProgressModification(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** The Code Administrator keeps the list of documents a modification changes. */
export function canSetModificationDocuments(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

function isPartyPerson(principal: Principal): boolean {
  return (
    hasAnyRole(principal, ['party', 'dcc']) &&
    principal.organisationId !== null &&
    (principal.organisationKind === 'party' || principal.organisationKind === 'dcc')
  );
}

/**
 * domain.md §4.7: the proposer may withdraw — its own people; SECAS on its behalf; for a
 * modification the Panel raised, the Panel Chair; for the Authority's, the Authority.
 */
export function canWithdrawModification(
  principal: Principal | null,
  proposerOrgId: number | null,
): boolean {
  if (!principal) return false;
  if (hasAnyRole(principal, ['code_administrator'])) return true;
  if (proposerOrgId === null) return hasAnyRole(principal, ['panel_chair']);
  return (
    hasAnyRole(principal, ['party', 'dcc', 'authority']) &&
    principal.organisationId === proposerOrgId
  );
}

/** domain.md §4.7: another Party — never the one that withdrew — may adopt a withdrawn proposal. */
export function canAdoptModification(
  principal: Principal | null,
  proposerOrgId: number | null,
): boolean {
  if (!principal || !isPartyPerson(principal)) return false;
  return principal.organisationId !== proposerOrgId;
}

/** True when the principal speaks for the Party that withdrew: it cannot adopt its own proposal. */
export function isProposerParty(
  principal: Principal | null,
  proposerOrgId: number | null,
): boolean {
  return principal !== null && proposerOrgId !== null && principal.organisationId === proposerOrgId;
}
