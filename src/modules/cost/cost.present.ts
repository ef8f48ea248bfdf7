import type { CostLine, CostReportRequest, CostReview, ReleaseCosts } from './cost.actions.ts';
import { formatPounds } from './cost.ts';

export function presentCostLine(line: CostLine) {
  return {
    id: line.id,
    component: line.component,
    kind: line.kind,
    amountPence: line.amountPence,
    amount: formatPounds(line.amountPence),
    note: line.note,
    recordedAt: line.recordedAt.toISOString(),
    supersededAt: line.supersededAt ? line.supersededAt.toISOString() : null,
  };
}

export function presentCostReview(review: CostReview) {
  return {
    id: review.id,
    reviewPoint: review.reviewPoint,
    reviewedOn: review.reviewedOn,
    conclusions: review.conclusions,
    recordedAt: review.recordedAt.toISOString(),
  };
}

export function presentReportRequest(request: CostReportRequest) {
  return {
    id: request.id,
    requestedOn: request.requestedOn,
    producedAt: request.producedAt ? request.producedAt.toISOString() : null,
  };
}

export function presentCosts(costs: ReleaseCosts) {
  return {
    releaseId: costs.release.id,
    components: costs.mechanism?.components ?? [],
    lines: costs.current.map((l) => presentCostLine(l)),
    superseded: costs.superseded.map((l) => presentCostLine(l)),
    totals: costs.rows,
    total: costs.total,
    reviews: costs.reviews.map((r) => presentCostReview(r)),
    reportRequests: costs.requests.map((r) => presentReportRequest(r)),
  };
}

export const COST_REPORT_HEADER = [
  'Component',
  'Forecast (£)',
  'Actual (£)',
  'Variance (£)',
  'Variance (%)',
  'Notes',
];

/** Pence as a plain decimal number of pounds, e.g. -5000.00, for spreadsheets. */
export function poundsDecimal(pence: number | null): string {
  if (pence === null) return '';
  const abs = Math.abs(pence);
  return `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** D10.8(d): the report's rows: component, forecast, actual, variance (pounds and %), notes. */
export function costReportRows(costs: ReleaseCosts): string[][] {
  const cell = poundsDecimal;
  return [...costs.rows, costs.total].map((row) => [
    row.component,
    cell(row.forecastPence),
    cell(row.actualPence),
    cell(row.variancePence),
    row.variancePercent === null ? '' : String(row.variancePercent),
    costs.current
      .filter((l) => l.component === row.component && l.note !== '')
      .map((l) => l.note)
      .join(' / '),
  ]);
}
