import { describe, expect, it } from 'vitest';
import {
  canReadCosts,
  canRecordCostReviews,
  canRecordCosts,
  canRecordGoLive,
  canRequestCostReport,
} from './cost.policy.ts';
import {
  checkGoLiveDecision,
  isFullyImplemented,
  modificationsNeedingRequest,
  type GoLiveInput,
} from './go-live.ts';
import { rolesAllowedBy } from '../../../test/support/principals.ts';

const met = (id: string) => ({ id, text: `Criterion ${id}`, met: true, evidence: 'Test report' });
const base: GoLiveInput = {
  decidedOn: '2026-11-26',
  outcome: 'go_live',
  criteria: [met('GL1'), met('GL2')],
  conditions: '',
  deferredTo: '',
  reasons: '',
};
const release = { status: 'go_live_decision' as const, goLive: '2026-12-03' };
const today = '2026-11-27';

const allowed = rolesAllowedBy;

describe('Go-live decision (D10.8(e), ruling 10)', () => {
  it('D10.8(e): go live with every criterion met and evidenced is accepted', () => {
    expect(checkGoLiveDecision(base, release, today)).toBeNull();
    expect(checkGoLiveDecision(base, { ...release, status: 'in_test' }, today)).toBeNull();
  });

  it('ruling 10: at least one criterion, each with id, text and evidence, named in the refusal', () => {
    expect(checkGoLiveDecision({ ...base, criteria: [] }, release, today)).toMatchObject({
      code: 'go_live_criteria_incomplete',
    });
    const noEvidence = checkGoLiveDecision(
      { ...base, criteria: [met('GL1'), { ...met('GL2'), evidence: '' }] },
      release,
      today,
    );
    expect(noEvidence).toMatchObject({ code: 'go_live_criteria_incomplete', field: 'criteria' });
    expect(noEvidence?.message).toContain('criterion GL2');
    expect(
      checkGoLiveDecision({ ...base, criteria: [met('GL1'), met('GL1')] }, release, today)?.message,
    ).toContain('twice');
  });

  it('ruling 10: go live with a criterion not met is refused: choose with conditions or defer', () => {
    const refusal = checkGoLiveDecision(
      { ...base, criteria: [met('GL1'), { ...met('GL2'), met: false }] },
      release,
      today,
    );
    expect(refusal).toMatchObject({ code: 'go_live_criteria_incomplete', field: 'outcome' });
    expect(refusal?.message).toBe(
      'criterion GL2 is not met: choose go live with conditions or defer',
    );
  });

  it('D10.8(e): go live with conditions needs the conditions; defer needs a later date', () => {
    const unmet = [{ ...met('GL1'), met: false }];
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'go_live_with_conditions', criteria: unmet },
        release,
        today,
      ),
    ).toMatchObject({ field: 'conditions' });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'go_live_with_conditions', criteria: unmet, conditions: 'Fix D1' },
        release,
        today,
      ),
    ).toBeNull();
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', criteria: unmet, deferredTo: '2026-12-03' },
        release,
        today,
      ),
    ).toMatchObject({ field: 'deferredTo' });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', criteria: unmet, deferredTo: 'later' },
        release,
        today,
      ),
    ).toMatchObject({ field: 'deferredTo' });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', criteria: unmet, deferredTo: '2027-01-07' },
        release,
        today,
      ),
    ).toBeNull();
  });

  it('D10.8(e): outcome, decision date and release status are checked', () => {
    expect(checkGoLiveDecision({ ...base, outcome: 'maybe' }, release, today)).toMatchObject({
      field: 'outcome',
    });
    expect(checkGoLiveDecision({ ...base, decidedOn: '2026-11-28' }, release, today)).toMatchObject(
      { field: 'decidedOn' },
    );
    for (const status of ['planned', 'scoped', 'live', 'closed', 'cancelled'] as const)
      expect(checkGoLiveDecision(base, { ...release, status }, today)).toMatchObject({
        code: 'invalid_transition',
      });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', deferredTo: '2027-01-07' },
        { ...release, status: 'live' },
        today,
      ),
    ).toMatchObject({ code: 'invalid_transition' });
  });

  it('ruling 10, D10.5: a deferral past an implementation date without a request names the modifications', () => {
    const mods = [
      { reference: 'MP2', implementationDate: '2026-12-03', hasAuthorityRequest: false },
      { reference: 'MP1', implementationDate: '2026-12-03', hasAuthorityRequest: false },
      { reference: 'MP3', implementationDate: '2026-12-03', hasAuthorityRequest: true },
      { reference: 'MP4', implementationDate: '2027-02-01', hasAuthorityRequest: false },
      { reference: 'MP5', implementationDate: null, hasAuthorityRequest: false },
      { reference: 'MP1', implementationDate: '2026-12-03', hasAuthorityRequest: false },
    ];
    expect(modificationsNeedingRequest(mods, '2027-01-07')).toEqual(['MP1', 'MP2']);
    expect(modificationsNeedingRequest(mods, '2026-12-03')).toEqual([]);
  });

  it('D10.8(e): a modification is implemented once all its live parts are', () => {
    expect(isFullyImplemented([{ implemented: true }, { implemented: true }])).toBe(true);
    expect(isFullyImplemented([{ implemented: true }, { implemented: false }])).toBe(false);
    expect(isFullyImplemented([])).toBe(false);
  });

  it('D10.8(d), D10.8(e): who may read costs, record them, review them, request the report and decide go-live', () => {
    expect(canReadCosts(null)).toBe(false);
    expect(allowed(canReadCosts)).toEqual([
      'panel_member',
      'panel_chair',
      'code_administrator',
      'dcc',
      'authority',
    ]);
    expect(allowed(canRecordCosts)).toEqual(['code_administrator']);
    expect(allowed(canRecordCostReviews)).toEqual(['panel_chair', 'code_administrator']);
    expect(allowed(canRequestCostReport)).toEqual(['code_administrator', 'authority']);
    expect(allowed(canRecordGoLive)).toEqual(['panel_chair', 'code_administrator']);
  });
});
