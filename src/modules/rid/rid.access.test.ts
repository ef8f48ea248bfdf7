import { describe, expect, it } from 'vitest';
import { ROLES } from '../identity/identity.ts';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';
import {
  canDraftRid,
  canPublishRid,
  canReadPublishedRid,
  canReadRidDrafts,
  canRecordRidApproval,
  canSeeRidVersion,
} from './rid.access.ts';

const sorted = (roles: string[]) => [...roles].sort();

describe('who may do what with the Release Implementation Document', () => {
  it('D10.12: the published RID is public, signed in or not', () => {
    expect(rolesAllowedBy(canReadPublishedRid)).toEqual([...ROLES]);
    expect(canReadPublishedRid(null)).toBe(true);
  });

  it('A-RID: drafts are read by the Panel, SECAS, the DCC and the Authority only', () => {
    expect(sorted(rolesAllowedBy(canReadRidDrafts))).toEqual(
      sorted(['panel_member', 'panel_chair', 'code_administrator', 'dcc', 'authority']),
    );
    expect(canReadRidDrafts(null)).toBe(false);
  });

  it('D10.12: only SECAS drafts, edits, submits and withdraws', () => {
    expect(rolesAllowedBy(canDraftRid)).toEqual(['code_administrator']);
    expect(canDraftRid(null)).toBe(false);
  });

  it('D10.15: the Panel’s approval (and an override of the freeze) is recorded by the Chair or SECAS', () => {
    expect(sorted(rolesAllowedBy(canRecordRidApproval))).toEqual(
      sorted(['code_administrator', 'panel_chair']),
    );
  });

  it('D10.17: only SECAS publishes the approval', () => {
    expect(rolesAllowedBy(canPublishRid)).toEqual(['code_administrator']);
  });

  it.each([
    ['approved', true, true],
    ['superseded', true, true],
    ['approved', false, false],
    ['draft', false, false],
    ['submitted', false, false],
    ['withdrawn', false, false],
  ] as const)('D10.12: a %s version (published: %s) is public: %s', (status, published, shown) => {
    const version = { status, publishedAt: published ? new Date('2026-11-27T10:00:00Z') : null };
    expect(canSeeRidVersion(null, version)).toBe(shown);
    expect(canSeeRidVersion(principalWith('party'), version)).toBe(shown);
    expect(canSeeRidVersion(principalWith('dcc'), version)).toBe(true);
  });
});
