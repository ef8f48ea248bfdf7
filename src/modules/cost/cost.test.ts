import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MECHANISMS } from '../policy/policy-defaults.ts';
import {
  checkCostLine,
  checkCostReview,
  checkReportRequest,
  costSummary,
  formatPounds,
  MAX_PENCE,
  parsePounds,
} from './cost.ts';
import {
  canReadCosts,
  canRecordCostReviews,
  canRecordCosts,
  canRequestCostReport,
} from './cost.access.ts';
import { rolesAllowedBy as allowed } from '../../../test/support/principals.ts';

const costs = DEFAULT_MECHANISMS.costs;

describe('Release costs (D10.8(d), ruling 11)', () => {
  it('D10.8(d): amounts in pounds as text or a number become whole pence', () => {
    expect(parsePounds('1,234.56')).toEqual({ pence: 123456 });
    expect(parsePounds('£1234.5')).toEqual({ pence: 123450 });
    expect(parsePounds(1234.56)).toEqual({ pence: 123456 });
    expect(parsePounds('0')).toEqual({ pence: 0 });
    expect(parsePounds('1000000000')).toEqual({ pence: MAX_PENCE });
  });

  it('D10.8(d): negatives, more than two decimals, over £1bn and nonsense are refused on amount', () => {
    for (const bad of ['-1', -1, '1.234', '1000000000.01', 'lots', '', '1,23.00', '12,3456'])
      expect(parsePounds(bad)).toMatchObject({ code: 'validation_failed', field: 'amount' });
  });

  it('D10.8(d): formatting pence as pounds round-trips through parsing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PENCE }), (pence) => {
        expect(parsePounds(formatPounds(pence))).toEqual({ pence });
      }),
    );
    expect(formatPounds(-500000)).toBe('-£5,000.00');
  });

  it('D10.8(d): the component must be one of the Policy’s, listed in the refusal', () => {
    const refusal = checkCostLine(
      costs,
      { component: 'Catering', kind: 'forecast', amount: '1', note: '' },
      'planned',
    );
    expect(refusal).toMatchObject({ field: 'component' });
    expect('message' in refusal && refusal.message).toContain(
      'DCC design and build, DCC testing, SECAS, Other',
    );
    expect(
      checkCostLine(costs, { component: 'SECAS', kind: 'guess', amount: '1', note: '' }, 'planned'),
    ).toMatchObject({ field: 'kind' });
  });

  it('ruling 11: forecasts at any time, actuals only once the release is live', () => {
    const line = (kind: string) => ({ component: 'SECAS', kind, amount: '10', note: '' });
    expect(checkCostLine(costs, line('forecast'), 'rid_approved')).toEqual({ pence: 1000 });
    for (const status of ['planned', 'rid_approved', 'in_test', 'cancelled'] as const)
      expect(checkCostLine(costs, line('actual'), status)).toMatchObject({
        code: 'invalid_transition',
        field: 'kind',
      });
    expect(checkCostLine(costs, line('actual'), 'live')).toEqual({ pence: 1000 });
  });

  it('D10.8(d): totals per component and overall, variance = actual − forecast and as a percentage', () => {
    const summary = costSummary(costs.components, [
      { component: 'SECAS', kind: 'forecast', amountPence: 20000 },
      { component: 'SECAS', kind: 'actual', amountPence: 15000 },
      { component: 'DCC testing', kind: 'forecast', amountPence: 0 },
      { component: 'DCC testing', kind: 'actual', amountPence: 500 },
      { component: 'Other', kind: 'forecast', amountPence: 100 },
    ]);
    expect(summary.rows.map((r) => r.component)).toEqual(costs.components);
    expect(summary.rows.find((r) => r.component === 'SECAS')).toMatchObject({
      variancePence: -5000,
      variancePercent: -25,
    });
    expect(summary.rows.find((r) => r.component === 'DCC testing')).toMatchObject({
      variancePence: 500,
      variancePercent: null,
    });
    expect(summary.rows.find((r) => r.component === 'Other')).toMatchObject({
      actualPence: null,
      variancePence: null,
    });
    expect(summary.rows.find((r) => r.component === 'DCC design and build')).toMatchObject({
      forecastPence: null,
    });
    expect(summary.total).toMatchObject({
      forecastPence: 20100,
      actualPence: 15500,
      variancePence: -4600,
    });
  });

  it('D10.8(d), ruling 11: a review is at one of the Policy’s review points, dated, with conclusions', () => {
    const review = {
      reviewPoint: 'forecast_at_baseline',
      reviewedOn: '2026-11-20',
      conclusions: 'Agreed',
    };
    expect(checkCostReview(costs, review, '2026-11-27')).toBeNull();
    expect(checkCostReview(costs, { ...review, reviewPoint: 'x' }, '2026-11-27')).toMatchObject({
      field: 'reviewPoint',
    });
    expect(
      checkCostReview(costs, { ...review, reviewedOn: '2026-11-28' }, '2026-11-27'),
    ).toMatchObject({ field: 'reviewedOn' });
    expect(
      checkCostReview(costs, { ...review, reviewedOn: '2026-02-30' }, '2026-11-27'),
    ).toMatchObject({ field: 'reviewedOn' });
    expect(checkCostReview(costs, { ...review, conclusions: ' ' }, '2026-11-27')).toMatchObject({
      field: 'conclusions',
    });
  });

  it('ruling 11: a report request is dated today or earlier', () => {
    expect(checkReportRequest('2026-11-27', '2026-11-27')).toBeNull();
    expect(checkReportRequest('2026-11-28', '2026-11-27')).toMatchObject({ field: 'requestedOn' });
    expect(checkReportRequest('soon', '2026-11-27')).toMatchObject({ field: 'requestedOn' });
  });

  it('D10.8(d): who may read costs, record them, review them and request the report', () => {
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
  });
});
