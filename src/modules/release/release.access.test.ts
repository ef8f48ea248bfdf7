import { describe, expect, it } from 'vitest';
import { ROLES, type Principal, type Role } from '../identity/identity.ts';
import {
  canAllocate,
  canManageReleases,
  canReadReleases,
  canRecordReleaseDecisions,
  canSeeUnallocated,
} from './release.access.ts';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';

const principal = (role: Role): Principal => principalWith(role);

const allowed = rolesAllowedBy;

describe('who may do what with SEC Releases', () => {
  it('ruling 6: only SECAS creates releases and moves them through their lifecycle', () => {
    expect(allowed(canManageReleases)).toEqual(['code_administrator']);
    expect(canManageReleases(null)).toBe(false);
  });

  it('D10.7, D10.8(a): only SECAS allocates modifications', () => {
    expect(allowed(canAllocate)).toEqual(['code_administrator']);
    expect(canAllocate(null)).toBe(false);
  });

  it('D10.8(a): the Panel Chair or SECAS records Panel decisions (late additions, de-scoping)', () => {
    expect(allowed(canRecordReleaseDecisions).sort()).toEqual(
      ['code_administrator', 'panel_chair'].sort(),
    );
    expect(canRecordReleaseDecisions(null)).toBe(false);
  });

  it('D10.8(b): releases, their scope and decisions are public, signed in or not', () => {
    expect(allowed(canReadReleases)).toEqual([...ROLES]);
    expect(canReadReleases(null)).toBe(true);
  });

  it('D10.7: the Panel and SECAS see unallocated approved modifications; a Party does not', () => {
    expect(allowed(canSeeUnallocated).sort()).toEqual(
      ['code_administrator', 'panel_chair', 'panel_member'].sort(),
    );
    expect(canSeeUnallocated(principal('party'))).toBe(false);
    expect(canSeeUnallocated(null)).toBe(false);
  });
});
