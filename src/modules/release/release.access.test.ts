import { describe, expect, it } from 'vitest';
import { ROLES } from '../identity/identity.ts';
import { canManageReleases, canReadReleases, canRecordReleaseDecisions } from './release.access.ts';
import { rolesAllowedBy } from '../../../test/support/principals.ts';

const allowed = rolesAllowedBy;

describe('who may do what with SEC Releases', () => {
  it('ruling 6: only SECAS creates releases and moves them through their lifecycle', () => {
    expect(allowed(canManageReleases)).toEqual(['code_administrator']);
    expect(canManageReleases(null)).toBe(false);
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
});
