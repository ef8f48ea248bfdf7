import { describe, expect, it } from 'vitest';
import { canRecordGoLive } from './go-live.access.ts';
import { createCalendar } from '../../calendar/index.ts';
import {
  checkGoLiveDecision,
  GO_LIVE_OUTCOMES,
  goesLive,
  isFullyImplemented,
  modificationsNeedingRequest,
  assessedCriteria,
  type GoLiveBasis,
  type GoLiveInput,
} from './go-live.ts';
import {
  checkDecisionMeeting,
  checkRidApprovalCarries,
  decisionDateOf,
  checkGoLiveContent,
  checkGoLiveNotice,
  checkGoLiveWindow,
  goLiveWindowOpens,
} from './go-live-gates.ts';
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
const release = { status: 'in_test' as const, goLive: '2026-12-03' };
const basis: GoLiveBasis = {
  criteria: [
    { id: 'GL1', text: 'DCC SIT complete with no open critical defects' },
    { id: 'GL2', text: 'Readiness confirmed by the DCC' },
  ],
  links: new Map([
    ['phase:1', 'Test phase: DCC System Integration Testing (passed)'],
    ['report:4', 'Readiness report due 4 February 2027'],
  ]),
};
const today = '2026-11-27';

const allowed = rolesAllowedBy;

describe('Go-live decision (D10.8(e), ruling 10)', () => {
  it('D10.8(e): go live with every criterion met and evidenced is accepted', () => {
    expect(checkGoLiveDecision(base, release, today, basis)).toBeNull();
    expect(checkGoLiveDecision(base, { ...release, status: 'in_test' }, today, basis)).toBeNull();
  });

  it('ruling 10: at least one criterion, each with id, text and evidence, named in the refusal', () => {
    expect(checkGoLiveDecision({ ...base, criteria: [] }, release, today, basis)).toMatchObject({
      code: 'go_live_criteria_incomplete',
    });
    const noEvidence = checkGoLiveDecision(
      { ...base, criteria: [met('GL1'), { ...met('GL2'), evidence: '' }] },
      release,
      today,
      basis,
    );
    expect(noEvidence).toMatchObject({ code: 'go_live_criteria_incomplete', field: 'criteria' });
    expect(noEvidence?.message).toContain('criterion GL2');
    expect(
      checkGoLiveDecision({ ...base, criteria: [met('GL1'), met('GL1')] }, release, today, basis)
        ?.message,
    ).toContain('twice');
  });

  it('ruling 10: go live with a criterion not met is refused: choose with conditions or defer', () => {
    const refusal = checkGoLiveDecision(
      { ...base, criteria: [met('GL1'), { ...met('GL2'), met: false }] },
      release,
      today,
      basis,
    );
    expect(refusal).toMatchObject({ code: 'go_live_criteria_incomplete', field: 'outcome' });
    expect(refusal?.message).toBe(
      'criterion GL2 is not met: choose go live with conditions or defer',
    );
  });

  it('D10.8(e): go live with conditions needs the conditions; defer needs a later date', () => {
    const unmet = [{ ...met('GL1'), met: false }, met('GL2')];
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'go_live_with_conditions', criteria: unmet },
        release,
        today,
        basis,
      ),
    ).toMatchObject({ field: 'conditions' });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'go_live_with_conditions', criteria: unmet, conditions: 'Fix D1' },
        release,
        today,
        basis,
      ),
    ).toBeNull();
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', criteria: unmet, deferredTo: '2026-12-03' },
        release,
        today,
        basis,
      ),
    ).toMatchObject({ field: 'deferredTo' });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', criteria: unmet, deferredTo: 'later' },
        release,
        today,
        basis,
      ),
    ).toMatchObject({ field: 'deferredTo' });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', criteria: unmet, deferredTo: '2027-01-07' },
        release,
        today,
        basis,
      ),
    ).toBeNull();
  });

  it('D10.8(e): outcome, decision date and release status are checked', () => {
    expect(checkGoLiveDecision({ ...base, outcome: 'maybe' }, release, today, basis)).toMatchObject(
      {
        field: 'outcome',
      },
    );
    expect(
      checkGoLiveDecision({ ...base, decidedOn: '2026-11-28' }, release, today, basis),
    ).toMatchObject({ field: 'decidedOn' });
    for (const status of ['planned', 'rid_approved', 'live', 'cancelled'] as const)
      expect(checkGoLiveDecision(base, { ...release, status }, today, basis)).toMatchObject({
        code: 'invalid_transition',
      });
    expect(
      checkGoLiveDecision(
        { ...base, outcome: 'defer', deferredTo: '2027-01-07' },
        { ...release, status: 'live' },
        today,
        basis,
      ),
    ).toMatchObject({ code: 'invalid_transition' });
  });

  it('D10.13(f): the criteria are exactly the approved RID’s: an unknown or unassessed one is refused by name', () => {
    const unknown = checkGoLiveDecision(
      { ...base, criteria: [met('GL1'), met('GL2'), met('GL9')] },
      release,
      today,
      basis,
    );
    expect(unknown).toMatchObject({ code: 'go_live_criteria_incomplete', field: 'criteria' });
    expect(unknown?.message).toBe('criterion GL9 is not a go-live criterion of the approved RID');
    const unassessed = checkGoLiveDecision(
      { ...base, criteria: [met('GL2')] },
      release,
      today,
      basis,
    );
    expect(unassessed).toMatchObject({ code: 'go_live_criteria_incomplete', field: 'criteria' });
    expect(unassessed?.message).toContain('Assess criterion GL1 of the approved RID');
    expect(
      checkGoLiveDecision(base, release, today, { ...basis, criteria: [] })?.message,
    ).toContain('The approved RID sets no go-live criteria');
  });

  it('D10.13(f): the recorded criteria take the RID’s ids, texts and order, whatever text was entered', () => {
    const input = {
      ...base,
      criteria: [
        { ...met('GL2'), text: 'Something else', links: ['report:4', 'report:4'] },
        { ...met('GL1'), evidence: ' SIT report ', links: ['phase:1'] },
      ],
    };
    expect(checkGoLiveDecision(input, release, today, basis)).toBeNull();
    expect(assessedCriteria(input, basis)).toEqual([
      {
        id: 'GL1',
        text: 'DCC SIT complete with no open critical defects',
        met: true,
        evidence: 'SIT report',
        links: [{ ref: 'phase:1', label: 'Test phase: DCC System Integration Testing (passed)' }],
      },
      {
        id: 'GL2',
        text: 'Readiness confirmed by the DCC',
        met: true,
        evidence: 'Test report',
        links: [{ ref: 'report:4', label: 'Readiness report due 4 February 2027' }],
      },
    ]);
  });

  it('D10.8(e): evidence links only to the release’s own test phases and readiness reports', () => {
    const refusal = checkGoLiveDecision(
      { ...base, criteria: [{ ...met('GL1'), links: ['phase:2'] }, met('GL2')] },
      release,
      today,
      basis,
    );
    expect(refusal).toMatchObject({ code: 'validation_failed', field: 'criteria' });
    expect(refusal?.message).toContain('“phase:2”, which is not a test phase or readiness report');
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

  it('D10.8(e): the Panel Chair or SECAS records the go-live decision', () => {
    expect(canRecordGoLive(null)).toBe(false);
    expect(allowed(canRecordGoLive)).toEqual(['panel_chair', 'code_administrator']);
  });
});

describe('What goes live is what the Panel approved (rulings 10, 15, D10.8(c)(e))', () => {
  const calendar = createCalendar('england-and-wales');
  const part = (modificationId: number, reference: string, p = 'whole') => ({
    modificationId,
    reference,
    part: p,
  });

  it('D10.8(e), ruling 10: the window opens N Working Days before go-live', () => {
    // Go-live Thursday 3 December 2026 is the 5th Working Day following Thursday 26 November.
    expect(goLiveWindowOpens('2026-12-03', 5, calendar)).toBe('2026-11-26');
    // Over Christmas: 28 December 2026 (Monday, substitute Boxing Day) is not a Working Day.
    expect(goLiveWindowOpens('2027-01-07', 5, calendar)).toBe('2026-12-30');
    expect(checkGoLiveWindow('2026-11-26', '2026-12-03', '2026-11-26')).toBeNull();
    expect(checkGoLiveWindow('2026-11-25', '2026-12-03', '2026-11-26')).toMatchObject({
      code: 'go_live_window_not_open',
      field: 'decidedOn',
    });
    expect(checkGoLiveWindow('2026-01-01', '2027-02-25', undefined)).toBeNull();
  });

  it('Ruling 15: go-live implements exactly the approved RID content; none is refused', () => {
    const approved = [part(1, 'MP201'), part(2, 'MP202', 'Documents')];
    expect(checkGoLiveContent(approved, [...approved].reverse())).toBeNull();
    expect(checkGoLiveContent(null, approved)?.code).toBe('release_empty');
    expect(checkGoLiveContent([], approved)?.code).toBe('release_empty');
    expect(checkGoLiveContent(approved, [])?.code).toBe('release_empty');
    const gone = checkGoLiveContent(approved, [part(1, 'MP201')]);
    expect(gone?.code).toBe('rid_content_mismatch');
    expect(gone?.message).toContain('lists MP202 (Documents), no longer in the release');
    const extra = checkGoLiveContent([part(1, 'MP201')], approved);
    expect(extra?.message).toContain('holds MP202 (Documents), not in the approved RID');
  });

  it('D10.8(c), D10.15: a notice by the notice-period start, or the Panel’s exception', () => {
    expect(checkGoLiveNotice(['2026-10-01'], '2026-11-03', false)).toBeNull();
    expect(checkGoLiveNotice(['2026-11-03'], '2026-11-03', false)).toBeNull();
    expect(checkGoLiveNotice([], '2026-11-03', false)).toMatchObject({
      code: 'release_notice_required',
    });
    expect(checkGoLiveNotice(['2026-11-20'], '2026-11-03', false)?.message).toContain(
      'came after 3 November 2026',
    );
    expect(checkGoLiveNotice([], '2026-11-03', true)).toBeNull();
    expect(checkGoLiveNotice(['2026-11-20'], undefined, false)).toBeNull();
    expect(checkGoLiveNotice([], undefined, false)?.code).toBe('release_notice_required');
  });

  it('D10.8(e): only go live and go live with conditions make a release live', () => {
    expect(GO_LIVE_OUTCOMES.filter(goesLive)).toEqual(['go_live', 'go_live_with_conditions']);
  });
});

describe('rulings 13 and 16: the meeting and the RID approval a go-live decision rests on', () => {
  it('Ruling 16: a decision at a meeting is dated the meeting’s day; another date is refused', () => {
    expect(decisionDateOf('', '2026-11-20')).toEqual({ date: '2026-11-20' });
    expect(decisionDateOf('2026-11-20', '2026-11-20')).toEqual({ date: '2026-11-20' });
    expect(decisionDateOf('2026-11-26', undefined)).toEqual({ date: '2026-11-26' });
    expect(decisionDateOf('2026-11-26', '2026-11-20')).toMatchObject({
      code: 'validation_failed',
      field: 'decidedOn',
      message:
        'The Panel decided at its meeting of 20 November 2026: the decision is dated that day',
    });
  });

  it('Ruling 13: the meeting named exists and has been held', () => {
    expect(checkDecisionMeeting('2026-11-20', '2026-11-27')).toBeNull();
    expect(checkDecisionMeeting('2026-11-27', '2026-11-27')).toBeNull();
    expect(checkDecisionMeeting(undefined, '2026-11-27')).toMatchObject({ field: 'meetingId' });
    expect(checkDecisionMeeting('2026-11-28', '2026-11-27')?.message).toContain('not been held');
  });

  it('Ruling 13: a RID approved before the cut-over carries only a go-live decision before it', () => {
    const history = { number: 1, approvedOn: '2025-10-30' };
    expect(checkRidApprovalCarries(history, '2025-11-20', '2026-01-01')).toBeNull();
    expect(checkRidApprovalCarries(history, '2026-01-01', '2026-01-01')).toMatchObject({
      code: 'rid_approval_held_outside',
      field: 'decidedOn',
    });
    const live = { number: 2, approvedOn: '2026-01-01' };
    expect(checkRidApprovalCarries(live, '2026-11-26', '2026-01-01')).toBeNull();
  });
});
