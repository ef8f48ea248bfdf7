import { describe, expect, it } from 'vitest';
import { DEFAULT_MECHANISMS } from './policy-defaults.ts';
import { checkMechanisms, missingMechanisms, type PolicyMechanisms } from './policy-mechanisms.ts';

const complete = DEFAULT_MECHANISMS;
const messages = (m: PolicyMechanisms) => missingMechanisms(m).map((gap) => gap.message);

describe('the five mechanisms of D10.8', () => {
  it('D10.8: the default version defines all five mechanisms', () => {
    expect(missingMechanisms(complete)).toEqual([]);
  });

  it('D10.8: an empty version lacks each of (a)–(e), in order', () => {
    expect(messages({})).toEqual([
      '(a) allocation: not defined',
      '(b) oversight: not defined',
      '(c) notice: not defined',
      '(d) costs: not defined',
      '(e) go-live decision: not defined',
    ]);
  });

  it('D10.8(a), ruling 7: release types, allocation rules and a late-addition route through the Panel are required', () => {
    const allocation = {
      releaseTypes: [],
      allocationRules: ' ',
      lateAdditionRoute: { requiresPanelDecision: false, description: 'By SECAS' },
    };
    expect(messages({ ...complete, allocation })).toEqual([
      '(a) allocation: no release types',
      '(a) allocation: no allocation rules',
      '(a) allocation: no late-addition exception route through a Panel decision',
    ]);
  });

  it('D10.8(b): a full-scope baseline point and reporting to the Panel are required', () => {
    const oversight = {
      ...complete.oversight,
      scopeBaselines: complete.oversight.scopeBaselines.filter((b) => b.appliesTo !== 'all'),
      reporting: '',
    };
    expect(missingMechanisms({ ...complete, oversight })).toEqual([
      {
        mechanism: 'oversight',
        field: 'mechanisms.oversight.scopeBaselines',
        message: '(b) oversight: no full-scope baseline point',
      },
      {
        mechanism: 'oversight',
        field: 'mechanisms.oversight.reporting',
        message: '(b) oversight: no reporting to the Panel',
      },
    ]);
  });

  it('D10.8(c), ruling 5: every release type needs a notice period (it starts the RID freeze)', () => {
    const notice = {
      ...complete.notice,
      noticePeriods: complete.notice.noticePeriods.filter((p) => p.releaseType !== 'november'),
    };
    expect(missingMechanisms({ ...complete, notice })).toEqual([
      {
        mechanism: 'notice',
        field: 'mechanisms.notice.noticePeriods',
        message: '(c) notice: no notice period for release type november',
      },
    ]);
  });

  it('D10.8(c): the change freeze is optional', () => {
    const notice = {
      ...complete.notice,
      changeFreeze: { startsMonthsBeforeGoLive: 1, endsDaysAfterGoLive: 14 },
    };
    expect(missingMechanisms({ ...complete, notice })).toEqual([]);
    expect(missingMechanisms({ ...complete, notice: { ...notice, changeFreeze: null } })).toEqual(
      [],
    );
  });

  it('D10.8(d), ruling 11: cost components, review points and reporting to the Authority are required', () => {
    expect(
      messages({
        ...complete,
        costs: { components: [], reviewPoints: [], authorityReporting: '' },
      }),
    ).toEqual([
      '(d) costs: no main cost components',
      '(d) costs: no cost-review points',
      '(d) costs: no route for reporting to the Authority',
    ]);
  });

  it('D10.8(e), ruling 10: a procedure and outcomes including go live and defer are required', () => {
    expect(
      messages({
        ...complete,
        goLive: { ...complete.goLive, procedure: '', outcomes: ['go_live'] },
      }),
    ).toEqual([
      '(e) go-live decision: no decision procedure',
      '(e) go-live decision: the outcomes must include go live and defer',
    ]);
  });

  it('D10.8(a): a release type appears once, a standard one has a month, an ad-hoc one none', () => {
    const types = complete.allocation.releaseTypes;
    const [february, , , adHoc] = types;
    if (!february || !adHoc) throw new Error('the defaults have four release types');
    const withTypes = (releaseTypes: typeof types) => ({
      ...complete,
      allocation: { ...complete.allocation, releaseTypes },
    });
    expect(checkMechanisms(complete)).toBeNull();
    expect(checkMechanisms(withTypes([...types, february]))?.field).toBe(
      'mechanisms.allocation.releaseTypes.4.id',
    );
    expect(checkMechanisms(withTypes([{ ...february, month: undefined }]))?.field).toBe(
      'mechanisms.allocation.releaseTypes.0.month',
    );
    expect(checkMechanisms(withTypes([{ ...adHoc, month: 3 }]))?.field).toBe(
      'mechanisms.allocation.releaseTypes.0.month',
    );
  });

  it('D10.8(c): a notice period names a known release type, once', () => {
    const periods = complete.notice.noticePeriods;
    const [first] = periods;
    if (!first) throw new Error('the defaults have notice periods');
    const withPeriods = (noticePeriods: typeof periods) => ({
      ...complete,
      notice: { ...complete.notice, noticePeriods },
    });
    expect(
      checkMechanisms(withPeriods([{ releaseType: 'march', amount: 1, unit: 'months' }])),
    ).toEqual({
      field: 'mechanisms.notice.noticePeriods.0.releaseType',
      message: 'There is no release type march',
    });
    expect(checkMechanisms(withPeriods([...periods, first]))?.field).toBe(
      'mechanisms.notice.noticePeriods.4.releaseType',
    );
  });
});
