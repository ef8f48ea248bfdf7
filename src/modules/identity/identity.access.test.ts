import { describe, expect, it } from 'vitest';
import { canReadAudit, canVerifyAudit } from '../audit/audit.access.ts';
import type { Principal, Role } from './identity.ts';
import { ROLES } from './identity.ts';
import {
  canAdminister,
  canManageCalendar,
  canManageOwnSessions,
  canReadDirectory,
  hasScopedRole,
} from './identity.access.ts';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';

const principal = (role: Role, scope = ''): Principal => principalWith(role, { scope });

const allowed = rolesAllowedBy;

describe('permissions are deny-by-default policies', () => {
  it('nobody signed out may do anything', () => {
    for (const policy of [
      canAdminister,
      canManageCalendar,
      canManageOwnSessions,
      canReadDirectory,
      canReadAudit,
      canVerifyAudit,
    ]) {
      expect(policy(null)).toBe(false);
    }
  });

  it('D10.11: the audit trail is read by the Panel and the Code Administrator, not by an auditor (whose reads are limited to its release)', () => {
    expect(allowed(canReadAudit)).toEqual(['panel_member', 'panel_chair', 'code_administrator']);
    expect(allowed(canVerifyAudit)).toEqual([
      'panel_chair',
      'code_administrator',
      'external_auditor',
    ]);
  });

  it('only the Code Administrator administers users, the outbox and the calendar', () => {
    expect(allowed(canAdminister)).toEqual(['code_administrator']);
    expect(allowed(canManageCalendar)).toEqual(['code_administrator']);
  });

  it('the directory is read by the Panel, SECAS and the Authority', () => {
    expect(allowed(canReadDirectory)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'authority',
    ]);
  });

  it('everyone signed in manages their own sessions and tokens', () => {
    expect(allowed(canManageOwnSessions)).toEqual([...ROLES]);
  });

  it('a scoped role applies to its own scope only', () => {
    const member = principal('sub_committee_member', 'tabasc');
    expect(hasScopedRole(member, 'sub_committee_member', 'tabasc')).toBe(true);
    expect(hasScopedRole(member, 'sub_committee_member', 'smki_pma')).toBe(false);
    expect(
      hasScopedRole(principal('sub_committee_member'), 'sub_committee_member', 'smki_pma'),
    ).toBe(true);
  });
});
