import { describe, expect, it } from 'vitest';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';
import {
  canConsultOnTad,
  canDraftTad,
  canReadTadDrafts,
  canRequestTad,
  canReviewTad,
  canSeeTadVersion,
} from './tad.access.ts';

describe('D10.18–D10.20: who does what with the TAD', () => {
  it('D10.18, ruling 8: SECAS or the Panel Chair records the Panel’s request', () => {
    expect(rolesAllowedBy(canRequestTad)).toEqual(['panel_chair', 'code_administrator']);
    expect(canRequestTad(null)).toBe(false);
  });

  it('D10.19: only the DCC drafts and submits versions', () => {
    expect(rolesAllowedBy(canDraftTad)).toEqual(['dcc']);
    expect(canDraftTad(null)).toBe(false);
  });

  it('D10.20: only the DCC consults on its versions', () => {
    expect(rolesAllowedBy(canConsultOnTad)).toEqual(['dcc']);
  });

  it('D10.20: SECAS or the Panel Chair records the Panel’s review', () => {
    expect(rolesAllowedBy(canReviewTad)).toEqual(['panel_chair', 'code_administrator']);
  });

  it('D10.18–D10.20: the Panel, SECAS, the DCC and the Authority read drafts', () => {
    expect(rolesAllowedBy(canReadTadDrafts)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'dcc',
      'authority',
    ]);
  });

  it('D10.20: a submitted version is public; a draft is not', () => {
    for (const status of ['submitted', 'reviewed', 'effective', 'superseded'] as const) {
      expect(canSeeTadVersion(null, { status })).toBe(true);
      expect(canSeeTadVersion(principalWith('party'), { status })).toBe(true);
    }
    expect(canSeeTadVersion(null, { status: 'draft' })).toBe(false);
    expect(canSeeTadVersion(principalWith('party'), { status: 'draft' })).toBe(false);
    expect(canSeeTadVersion(principalWith('external_auditor'), { status: 'draft' })).toBe(false);
    expect(canSeeTadVersion(principalWith('panel_member'), { status: 'draft' })).toBe(true);
    expect(canSeeTadVersion(principalWith('authority'), { status: 'draft' })).toBe(true);
  });
});
