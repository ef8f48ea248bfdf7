import { describe, expect, it } from 'vitest';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';
import { ROLES, type OrganisationKind, type Role } from '../identity/identity.ts';
import {
  canDetermineAppeal,
  canLodgeAppeal,
  canReadAllAppeals,
  canReadAppeals,
  canSeeAppealReasons,
} from './appeal.access.ts';

const of = (role: Role, organisationKind: OrganisationKind | null, organisationId = 7) =>
  principalWith(role, { organisationKind, organisationId });

describe('who may do what with appeals against RID approvals', () => {
  it('D10.17: any Party may appeal: a Party user, and a DCC user (the DCC is a Party)', () => {
    expect(canLodgeAppeal(of('party', 'party'))).toBe(true);
    expect(canLodgeAppeal(of('dcc', 'dcc'))).toBe(true);
    expect(canLodgeAppeal(of('party', 'dcc'))).toBe(true);
  });

  it('D10.17: nobody else appeals: other roles, a Party role outside a Party, the public', () => {
    const others = ROLES.filter((role) => role !== 'party' && role !== 'dcc');
    for (const role of others) expect(canLodgeAppeal(of(role, 'party'))).toBe(false);
    expect(canLodgeAppeal(of('party', 'authority'))).toBe(false);
    expect(canLodgeAppeal(of('party', 'code_administrator'))).toBe(false);
    expect(canLodgeAppeal(of('party', null, 0))).toBe(false);
    expect(canLodgeAppeal(principalWith('party', { organisationId: null }))).toBe(false);
    expect(canLodgeAppeal(null)).toBe(false);
  });

  it('D10.17: only the Authority determines appeals', () => {
    expect(rolesAllowedBy(canDetermineAppeal)).toEqual(['authority']);
    expect(canDetermineAppeal(null)).toBe(false);
  });

  it('D10.17: the Panel, SECAS and the Authority read every appeal in full', () => {
    expect(rolesAllowedBy(canReadAllAppeals).sort()).toEqual(
      ['authority', 'code_administrator', 'panel_chair', 'panel_member'].sort(),
    );
    expect(canReadAllAppeals(null)).toBe(false);
  });

  it('D10.17: that appeals exist and their outcomes are public, signed in or not', () => {
    expect(rolesAllowedBy(canReadAppeals)).toEqual([...ROLES]);
    expect(canReadAppeals(null)).toBe(true);
  });

  it('D10.17: reasons are shown to the Panel, SECAS, the Authority, the DCC and the appellant only', () => {
    const appeal = { organisationId: 7 };
    const elsewhere = (role: Role) => of(role, 'party', 99);
    expect(ROLES.filter((role) => canSeeAppealReasons(elsewhere(role), appeal)).sort()).toEqual(
      ['authority', 'code_administrator', 'dcc', 'panel_chair', 'panel_member'].sort(),
    );
    expect(canSeeAppealReasons(of('party', 'party', 7), appeal)).toBe(true);
    expect(canSeeAppealReasons(of('party', 'party', 8), appeal)).toBe(false);
    expect(canSeeAppealReasons(of('external_auditor', 'auditor', 8), appeal)).toBe(false);
    expect(canSeeAppealReasons(null, appeal)).toBe(false);
  });
});
