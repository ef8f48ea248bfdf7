import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';
import type { RidStatus } from './rid.ts';

/**
 * D10.12: the Panel develops and publishes the RID: its approved, published versions are on the
 * SEC Website, so anyone may read them, signed in or not (like the releases themselves).
 */
export function canReadPublishedRid(_principal: Principal | null): boolean {
  return true;
}

/** A-RID: drafts and versions before the Panel are read by the Panel, SECAS, the DCC and the Authority. */
export function canReadRidDrafts(principal: Principal | null): boolean {
  return hasAnyRole(principal, [
    'panel_member',
    'panel_chair',
    'code_administrator',
    'dcc',
    'authority',
  ]);
}

/** D10.12: SECAS drafts the RID and its amendments for the Panel, and withdraws drafts. */
export function canDraftRid(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/**
 * D10.15: the Panel approves the RID and each amendment; the decision is recorded by its Chair
 * or by SECAS as the Panel's secretariat. The same goes for a Panel override of the freeze.
 */
export function canRecordRidApproval(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'panel_chair']);
}

/** D10.12, D10.17: SECAS publishes the approval on the SEC Website, which opens the appeal window. */
export function canPublishRid(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/**
 * D10.12: whether a person may see a version: an approved (or since superseded) version once
 * published is public; every other version only for those who read drafts.
 */
export function canSeeRidVersion(
  principal: Principal | null,
  version: { status: RidStatus; publishedAt: Date | null },
): boolean {
  const published =
    (version.status === 'approved' || version.status === 'superseded') &&
    version.publishedAt !== null;
  return (published && canReadPublishedRid(principal)) || canReadRidDrafts(principal);
}
