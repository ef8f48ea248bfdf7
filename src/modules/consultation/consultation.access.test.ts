import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../identity/identity.ts';
import {
  canOpenSomeConsultation,
  canRunConsultation,
  canSeeResponse,
  canSummarise,
  mayRespondAtAll,
} from './consultation.access.ts';

function as(role: Role, organisationId: number | null = null): Principal {
  return {
    userId: 1,
    name: 'Someone',
    email: 'someone@example.org',
    organisationId,
    organisationName: null,
    organisationKind: null,
    roles: [{ role, scope: '' }],
    via: 'token',
    sessionId: null,
  };
}

describe('Consultations: who opens, changes and summarises', () => {
  it('Consultations: SECAS and the Panel Chair run the Panel’s consultations; the DCC its own', () => {
    expect(canRunConsultation(as('code_administrator'), 'panel')).toBe(true);
    expect(canRunConsultation(as('panel_chair'), 'panel')).toBe(true);
    expect(canRunConsultation(as('dcc'), 'panel')).toBe(false);
    expect(canRunConsultation(as('dcc'), 'dcc')).toBe(true);
    expect(canRunConsultation(as('code_administrator'), 'dcc')).toBe(false);
  });
  it('Consultations: Parties, Panel members, the Authority and the public open none', () => {
    for (const role of ['party', 'panel_member', 'authority', 'external_auditor'] as const) {
      expect(canOpenSomeConsultation(as(role))).toBe(false);
    }
    expect(canOpenSomeConsultation(null)).toBe(false);
  });
  it('Consultations: the summary is written by whoever runs the consultation', () => {
    expect(canSummarise(as('panel_chair'), 'panel')).toBe(true);
    expect(canSummarise(as('panel_member'), 'panel')).toBe(false);
    expect(canSummarise(as('dcc'), 'dcc')).toBe(true);
  });
});

describe('Consultations: who sees a response', () => {
  const confidential = { confidential: true, organisationId: 7 };
  it('Consultations: a public response is seen by everyone, including the public', () => {
    expect(canSeeResponse(null, { confidential: false, organisationId: 7 })).toBe(true);
  });
  it('Consultations: a confidential one by the Panel, SECAS, the Authority and the responder', () => {
    for (const role of [
      'panel_member',
      'panel_chair',
      'code_administrator',
      'authority',
    ] as const) {
      expect(canSeeResponse(as(role), confidential)).toBe(true);
    }
    expect(canSeeResponse(as('party', 7), confidential)).toBe(true);
  });
  it('Consultations: not by another Party, the DCC, an auditor or the public', () => {
    expect(canSeeResponse(as('party', 8), confidential)).toBe(false);
    expect(canSeeResponse(as('dcc', 2), confidential)).toBe(false);
    expect(canSeeResponse(as('external_auditor'), confidential)).toBe(false);
    expect(canSeeResponse(null, confidential)).toBe(false);
  });
  it('Consultations: only Parties, the DCC and sub-committee members may respond at all', () => {
    expect(mayRespondAtAll(as('party'))).toBe(true);
    expect(mayRespondAtAll(as('dcc'))).toBe(true);
    expect(mayRespondAtAll(as('sub_committee_member'))).toBe(true);
    expect(mayRespondAtAll(as('code_administrator'))).toBe(false);
    expect(mayRespondAtAll(null)).toBe(false);
  });
});
