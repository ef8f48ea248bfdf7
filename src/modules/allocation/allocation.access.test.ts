import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../identity/identity.ts';
import { canAllocate, canSeeUnallocated } from './allocation.access.ts';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';

const principal = (role: Role): Principal => principalWith(role);

const allowed = rolesAllowedBy;

describe('who may allocate modifications to SEC Releases', () => {
  it('D10.7, D10.8(a): only SECAS allocates modifications', () => {
    expect(allowed(canAllocate)).toEqual(['code_administrator']);
    expect(canAllocate(null)).toBe(false);
  });

  it('D10.7: the Panel and SECAS see unallocated approved modifications; a Party does not', () => {
    expect(allowed(canSeeUnallocated).sort()).toEqual(
      ['code_administrator', 'panel_chair', 'panel_member'].sort(),
    );
    expect(canSeeUnallocated(principal('party'))).toBe(false);
    expect(canSeeUnallocated(null)).toBe(false);
  });
});
