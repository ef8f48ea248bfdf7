import { hasAnyRole } from '../identity/identity.access.ts';
import type { Principal } from '../identity/identity.ts';

/**
 * D10.16: test phases, their status and results (counts and open defects) are published, so
 * anyone may read them, signed in or not, like the release itself; so is the readiness schedule
 * with whether each report was submitted or is missing.
 */
export function canReadTestPhases(_principal: Principal | null): boolean {
  return true;
}

/**
 * D10.13(c), D10.16: the detail behind them (evidence files, the content of readiness reports:
 * measures and summary) is for the Panel, SECAS, the DCC and the Authority. The public and
 * Parties do not see it; the external auditor's access (D10.11) is granted by its appointment.
 */
export function canReadTestDetail(principal: Principal | null): boolean {
  return hasAnyRole(principal, [
    'panel_member',
    'panel_chair',
    'code_administrator',
    'dcc',
    'authority',
  ]);
}

/** D10.16: SECAS (for the Panel) or the DCC creates the test phases from the approved RID and adds others. */
export function canPlanTestPhases(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator', 'dcc']);
}

/** D10.16: the DCC carries out the testing: it records each phase's dates, status, results and evidence. */
export function canRecordTestResults(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['dcc']);
}

/** D10.13(c): the DCC reports its progress towards readiness. */
export function canSubmitReadinessReports(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['dcc']);
}

/** D10.13(c), D10.16: the Panel, SECAS and the DCC are told on their home pages of a missing report. */
export function canSeeMissingReports(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['panel_member', 'panel_chair', 'code_administrator', 'dcc']);
}
