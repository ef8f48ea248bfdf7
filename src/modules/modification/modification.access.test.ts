import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../identity/identity.ts';
import {
  canAdoptModification,
  canProgressModification,
  canRaiseModification,
  canReadModifications,
  canSetModificationDocuments,
  canWithdrawModification,
  isProposerParty,
  raisablePaths,
  raiseCapacityOf,
} from './modification.access.ts';

const ALBION = 7;
const NORTHWIND = 8;

function person(
  role: Role,
  organisationId: number | null = null,
  kind: Principal['organisationKind'] = null,
): Principal {
  return {
    userId: 1,
    name: 'Test',
    email: 'test@example.org',
    organisationId,
    organisationName: organisationId === null ? null : `Organisation ${organisationId}`,
    organisationKind: kind ?? (organisationId === null ? null : 'party'),
    roles: [{ role, scope: '' }],
    via: 'token',
    sessionId: null,
  };
}

const party = person('party', ALBION, 'party');
const otherParty = person('party', NORTHWIND, 'party');
const dcc = person('dcc', 3, 'dcc');
const secas = person('code_administrator', 1, 'code_administrator');
const member = person('panel_member', NORTHWIND, 'party');
const chair = person('panel_chair');
const authority = person('authority', 2, 'authority');
const auditor = person('external_auditor', 4, 'auditor');
const subCommittee = person('sub_committee_member', ALBION, 'party');

describe('Who may read and raise modifications', () => {
  it('Register: anyone signed in reads the register; nobody signed out does', () => {
    expect(canReadModifications(auditor)).toBe(true);
    expect(canReadModifications(null)).toBe(false);
  });

  it('Register: Parties, the DCC, SECAS, the Panel and the Authority raise modifications; others do not', () => {
    for (const p of [party, dcc, secas, member, chair, authority])
      expect(canRaiseModification(p)).toBe(true);
    for (const p of [auditor, subCommittee, null]) expect(canRaiseModification(p)).toBe(false);
  });

  it('Fast-Track: only the Panel may raise a Fast-Track Modification', () => {
    expect(raisablePaths(member)).toContain('fast_track');
    expect(raisablePaths(chair)).toContain('fast_track');
    for (const p of [party, dcc, secas, authority])
      expect(raisablePaths(p)).not.toContain('fast_track');
  });

  it('D9A: only the Authority raises an Authority-Led Variation (and Path 1)', () => {
    expect(raisablePaths(authority)).toEqual(['path1', 'alv']);
    for (const p of [party, secas, member]) expect(raisablePaths(p)).not.toContain('alv');
    expect(raisablePaths(party)).toEqual(['path1', 'path2', 'path3']);
    expect(raisablePaths(auditor)).toEqual([]);
  });

  it('Register: SECAS names the proposing Party; the Panel raises in its own name; a Party in its own', () => {
    expect(raiseCapacityOf(secas)).toEqual({ kind: 'choose' });
    expect(raiseCapacityOf(member)).toEqual({ kind: 'panel' });
    expect(raiseCapacityOf(party)).toEqual({ kind: 'organisation', organisationId: ALBION });
    expect(raiseCapacityOf(authority)).toEqual({ kind: 'organisation', organisationId: 2 });
    expect(raiseCapacityOf(person('party'))).toBeNull();
    expect(raiseCapacityOf(auditor)).toBeNull();
  });
});

describe('Who may move a modification on', () => {
  it('Lifecycle: the Code Administrator or the Panel Chair records the Panel’s steps', () => {
    expect(canProgressModification(secas)).toBe(true);
    expect(canProgressModification(chair)).toBe(true);
    for (const p of [member, party, authority, dcc, null])
      expect(canProgressModification(p)).toBe(false);
  });

  it('Register: only the Code Administrator sets the documents a modification changes', () => {
    expect(canSetModificationDocuments(secas)).toBe(true);
    for (const p of [chair, party, member, null])
      expect(canSetModificationDocuments(p)).toBe(false);
  });
});

describe('domain.md §4.7: withdrawal and adoption', () => {
  it('Withdrawal: the proposer’s own people or SECAS; the Panel Chair for the Panel’s own', () => {
    expect(canWithdrawModification(party, ALBION)).toBe(true);
    expect(canWithdrawModification(secas, ALBION)).toBe(true);
    expect(canWithdrawModification(otherParty, ALBION)).toBe(false);
    expect(canWithdrawModification(chair, ALBION)).toBe(false);
    expect(canWithdrawModification(chair, null)).toBe(true);
    expect(canWithdrawModification(member, null)).toBe(false);
    expect(canWithdrawModification(authority, 2)).toBe(true);
    expect(canWithdrawModification(null, ALBION)).toBe(false);
  });

  it('Adoption: a person of another Party may adopt; the proposer’s own Party may not', () => {
    expect(canAdoptModification(otherParty, ALBION)).toBe(true);
    expect(canAdoptModification(dcc, ALBION)).toBe(true);
    expect(canAdoptModification(party, ALBION)).toBe(false);
    expect(isProposerParty(party, ALBION)).toBe(true);
    expect(isProposerParty(otherParty, ALBION)).toBe(false);
  });

  it('Adoption: only Parties adopt — not SECAS, the Panel, the Authority, or a person without an organisation', () => {
    for (const p of [secas, chair, member, authority, auditor, person('party'), null]) {
      expect(canAdoptModification(p, ALBION)).toBe(false);
    }
  });
});
