import { describe, expect, it } from 'vitest';
import type { OrganisationKind, Principal, Role } from '../identity/identity.ts';
import { ROLES } from '../identity/identity.ts';
import {
  canAmendTimetables,
  canAnswerTimetableRequests,
  canDecideDelay,
  canMakeRepresentations,
  canReadImplementation,
  canRecordChallenges,
  canRepresentFor,
  canRequestNewTimetables,
} from './timetable.access.ts';

const KIND_OF: Partial<Record<Role, OrganisationKind>> = {
  code_administrator: 'code_administrator',
  dcc: 'dcc',
  party: 'party',
  authority: 'authority',
  panel_member: 'party',
};

function principal(role: Role, organisationId = 10): Principal {
  return {
    userId: 1,
    name: 'Test',
    email: 't@example.org',
    organisationId,
    organisationName: 'Org',
    organisationKind: KIND_OF[role] ?? null,
    roles: [{ role, scope: '' }],
    via: 'session',
    sessionId: 'x',
  };
}

const allowed = (policy: (p: Principal | null) => boolean) =>
  ROLES.filter((role) => policy(principal(role)));

describe('implementation permissions are deny-by-default policies', () => {
  it('nobody signed out may do anything', () => {
    for (const policy of [
      canAmendTimetables,
      canMakeRepresentations,
      canRequestNewTimetables,
      canAnswerTimetableRequests,
      canRecordChallenges,
      canDecideDelay,
      canReadImplementation,
    ]) {
      expect(policy(null)).toBe(false);
    }
  });

  it('D6.8(c): only SECAS amends a timetable in refinement', () => {
    expect(allowed(canAmendTimetables)).toEqual(['code_administrator']);
  });

  it('D10.5: representations come from SECAS or a Party (the DCC is one), each for itself unless SECAS records it', () => {
    // A Panel member of a Party speaks at the Panel, not as the Party: the Party's own users do.
    expect(allowed(canMakeRepresentations)).toEqual(['code_administrator', 'dcc', 'party']);
    expect(canRepresentFor(principal('party', 10), 10)).toBe(true);
    expect(canRepresentFor(principal('party', 10), 11)).toBe(false);
    expect(canRepresentFor(principal('code_administrator', 1), 11)).toBe(true);
  });

  it('D10.5 / D10.6: the Panel Chair or SECAS asks the Authority, and decides on delay; only the Authority answers', () => {
    expect(allowed(canRequestNewTimetables)).toEqual(['panel_chair', 'code_administrator']);
    expect(allowed(canDecideDelay)).toEqual(['panel_chair', 'code_administrator']);
    expect(allowed(canAnswerTimetableRequests)).toEqual(['authority']);
    expect(allowed(canRecordChallenges)).toEqual(['code_administrator', 'authority']);
  });
});
