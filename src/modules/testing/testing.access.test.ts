import { describe, expect, it } from 'vitest';
import { ROLES } from '../identity/identity.ts';
import {
  canPlanTestPhases,
  canReadTestDetail,
  canReadTestPhases,
  canRecordTestResults,
  canSeeMissingReports,
  canSubmitReadinessReports,
} from './testing.access.ts';
import { principalWith, rolesAllowedBy } from '../../../test/support/principals.ts';

describe('who may do what with DCC testing and readiness (D10.13(c), D10.16)', () => {
  it('D10.16: test phases, their status and results are public, signed in or not', () => {
    expect(rolesAllowedBy(canReadTestPhases)).toEqual([...ROLES]);
    expect(canReadTestPhases(null)).toBe(true);
  });

  it('D10.16: evidence files and report content are for the Panel, SECAS, the DCC and the Authority only', () => {
    expect(rolesAllowedBy(canReadTestDetail)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'dcc',
      'authority',
    ]);
    expect(canReadTestDetail(principalWith('party'))).toBe(false);
    expect(canReadTestDetail(null)).toBe(false);
  });

  it('D10.16: SECAS or the DCC creates the phases; only the DCC records results and evidence', () => {
    expect(rolesAllowedBy(canPlanTestPhases)).toEqual(['code_administrator', 'dcc']);
    expect(rolesAllowedBy(canRecordTestResults)).toEqual(['dcc']);
    expect(canRecordTestResults(null)).toBe(false);
  });

  it('D10.13(c): only the DCC submits readiness reports; the Panel, SECAS and the DCC see missing ones', () => {
    expect(rolesAllowedBy(canSubmitReadinessReports)).toEqual(['dcc']);
    expect(rolesAllowedBy(canSeeMissingReports)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'dcc',
    ]);
    expect(canSeeMissingReports(null)).toBe(false);
  });
});
