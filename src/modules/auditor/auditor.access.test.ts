import { describe, expect, it } from 'vitest';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';
import {
  auditorMayRead,
  canActForDcc,
  canManageAuditors,
  canReadAccessLog,
  canReadAppointments,
  hearsOfRefusedAccess,
  isExternalAuditor,
  type AppointmentGrant,
} from './auditor.access.ts';

const FIRM = 40;
const RELEASE = 7;
const auditor = principalWith('external_auditor', {
  organisationId: FIRM,
  organisationKind: 'auditor',
});
const appointed: AppointmentGrant = {
  releaseId: RELEASE,
  organisationId: FIRM,
  status: 'appointed',
};

describe('D10.11: auditorMayRead — scoped read access of an external auditor', () => {
  it.each([
    [
      'its organisation’s appointment for the release is in effect',
      auditor,
      [appointed],
      RELEASE,
      true,
    ],
    [
      'the terms of reference are not approved yet',
      auditor,
      [{ ...appointed, status: 'proposed' as const }],
      RELEASE,
      false,
    ],
    [
      'the appointment has ended',
      auditor,
      [{ ...appointed, status: 'ended' as const }],
      RELEASE,
      false,
    ],
    ['the release is another one', auditor, [appointed], RELEASE + 1, false],
    [
      'the appointment is another organisation’s',
      auditor,
      [{ ...appointed, organisationId: FIRM + 1 }],
      RELEASE,
      false,
    ],
    [
      'the DCC has not named the auditor',
      auditor,
      [{ ...appointed, organisationId: null }],
      RELEASE,
      false,
    ],
    ['it has no appointment at all', auditor, [], RELEASE, false],
    [
      'the auditor belongs to no organisation',
      principalWith('external_auditor', { organisationId: null }),
      [{ ...appointed, organisationId: null }],
      RELEASE,
      false,
    ],
    [
      'its role is limited to this release',
      principalWith('external_auditor', { organisationId: FIRM, scope: String(RELEASE) }),
      [appointed],
      RELEASE,
      true,
    ],
    [
      'its role is limited to another release',
      principalWith('external_auditor', { organisationId: FIRM, scope: String(RELEASE + 1) }),
      [appointed],
      RELEASE,
      false,
    ],
    [
      'a Panel member of the same organisation',
      principalWith('panel_member', { organisationId: FIRM }),
      [appointed],
      RELEASE,
      false,
    ],
    ['the DCC', principalWith('dcc', { organisationId: FIRM }), [appointed], RELEASE, false],
    ['no one is signed in', null, [appointed], RELEASE, false],
  ])('D10.11: may read when %s → %s', (_name, principal, grants, releaseId, expected) => {
    expect(auditorMayRead(principal, grants, releaseId)).toBe(expected);
  });

  it('D10.11: one appointment in effect among ended ones for the same release is enough', () => {
    const ended = { ...appointed, status: 'ended' as const };
    expect(auditorMayRead(auditor, [ended, appointed], RELEASE)).toBe(true);
    expect(auditorMayRead(auditor, [ended], RELEASE)).toBe(false);
  });
});

describe('D10.11: who does what about the auditor', () => {
  it('D10.11: the Panel’s acts are recorded by SECAS or the Panel Chair only', () => {
    expect(rolesAllowedBy(canManageAuditors)).toEqual(['panel_chair', 'code_administrator']);
  });

  it('D10.11: only the DCC names the auditor it appoints and answers access requests', () => {
    expect(rolesAllowedBy(canActForDcc)).toEqual(['dcc']);
  });

  it('D10.11: appointments are seen by the Panel, SECAS, the DCC and the Authority, not by Parties', () => {
    expect(rolesAllowedBy(canReadAppointments)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'dcc',
      'authority',
    ]);
  });

  it('D10.11: a refused access request is escalated to the Panel Chair, the Panel members and SECAS', () => {
    expect(rolesAllowedBy(hearsOfRefusedAccess)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
    ]);
  });

  it('D10.11: the log of what the auditor read is for the Panel, SECAS and the Authority', () => {
    expect(rolesAllowedBy(canReadAccessLog)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'authority',
    ]);
  });

  it('D10.11: the workspace is for external auditors only', () => {
    expect(rolesAllowedBy(isExternalAuditor)).toEqual(['external_auditor']);
  });
});
