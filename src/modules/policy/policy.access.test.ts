import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../identity/identity.ts';
import {
  canConsultOnPolicy,
  canDecidePolicy,
  canDraftPolicy,
  canReadPolicyDrafts,
  canSeePolicyVersion,
} from './policy.access.ts';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';

const principal = (role: Role): Principal => principalWith(role);

const allowed = rolesAllowedBy;

describe('who may do what with the Policy', () => {
  it('A-POL: only SECAS drafts, edits and submits versions', () => {
    expect(allowed(canDraftPolicy)).toEqual(['code_administrator']);
    expect(canDraftPolicy(null)).toBe(false);
  });

  it('D10.9: SECAS or the Panel Chair consults the DCC and Users and records the Panel’s decision', () => {
    expect(allowed(canConsultOnPolicy)).toEqual(['panel_chair', 'code_administrator']);
    expect(allowed(canDecidePolicy)).toEqual(['panel_chair', 'code_administrator']);
  });

  it('D10.9: decided versions are public; drafts and submitted versions only for SECAS and the Panel', () => {
    expect(allowed(canReadPolicyDrafts)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
    ]);
    for (const status of ['approved', 'rejected'] as const)
      expect(canSeePolicyVersion(null, { status })).toBe(true);
    for (const status of ['draft', 'submitted'] as const) {
      expect(canSeePolicyVersion(null, { status })).toBe(false);
      expect(canSeePolicyVersion(principal('party'), { status })).toBe(false);
      expect(canSeePolicyVersion(principal('panel_member'), { status })).toBe(true);
    }
  });
});
