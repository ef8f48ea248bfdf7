import { describe, expect, it } from 'vitest';
import type { OrganisationKind, Principal, Role } from '../identity/identity.ts';
import { ROLES } from '../identity/identity.ts';
import {
  canCallExtraordinaryMeetings,
  canCompleteAction,
  canCreateMeetings,
  canReadMeetings,
  canRunMeetings,
  canScheduleMeetings,
  canSeeAction,
  canSeeAllActions,
  overseesActions,
} from './meeting.access.ts';

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

describe('meeting permissions are deny-by-default policies', () => {
  it('nobody signed out may do anything but read the published calendar and outcomes', () => {
    expect(canReadMeetings(null)).toBe(true);
    for (const policy of [canScheduleMeetings, canRunMeetings, canSeeAllActions, overseesActions]) {
      expect(policy(null)).toBe(false);
    }
    expect(canCompleteAction(null, 10)).toBe(false);
    expect(canSeeAction(null, 10)).toBe(false);
  });

  it('Ruling 3 / D10.2: SECAS schedules meetings; the Panel Chair or SECAS runs them', () => {
    expect(allowed(canScheduleMeetings)).toEqual(['code_administrator']);
    expect(allowed(canRunMeetings)).toEqual(['panel_chair', 'code_administrator']);
    expect(allowed(canReadMeetings)).toEqual([...ROLES]);
  });

  it('Ruling 13: the Panel Chair calls extraordinary meetings; SECAS or the Chair creates meetings', () => {
    expect(allowed(canCallExtraordinaryMeetings)).toEqual(['panel_chair']);
    expect(allowed(canCreateMeetings)).toEqual(['panel_chair', 'code_administrator']);
    expect(canCreateMeetings(null)).toBe(false);
  });

  it('D10.3: the Panel and SECAS oversee every action; the Authority sees them too', () => {
    expect(allowed(overseesActions)).toEqual(['panel_member', 'panel_chair', 'code_administrator']);
    expect(allowed(canSeeAllActions)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'authority',
    ]);
  });

  it('D10.4: the owner organisation’s people, the Panel Chair or SECAS mark an action done', () => {
    expect(canCompleteAction(principal('dcc', 10), 10)).toBe(true);
    expect(canCompleteAction(principal('dcc', 11), 10)).toBe(false);
    expect(canCompleteAction(principal('panel_chair', 99), 10)).toBe(true);
    expect(canCompleteAction(principal('panel_member', 99), 10)).toBe(false);
    expect(canSeeAction(principal('party', 10), 10)).toBe(true);
    expect(canSeeAction(principal('party', 11), 10)).toBe(false);
  });
});
