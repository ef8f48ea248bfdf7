/**
 * Release costs (D10.8(d), ruling 11): forecast and actual lines per main component of the
 * governing Policy version, totals and variance, and the Panel's cost reviews. PURE.
 */
import { isIsoDate } from '../../calendar/index.ts';
import type { CostsMechanism } from '../policy/policy-mechanisms.ts';
import { hasReached, type ReleaseStatus } from '../release/release.ts';

export const COST_KINDS = ['forecast', 'actual'] as const;
export type CostKind = (typeof COST_KINDS)[number];

/** £1bn in pence: the largest amount a cost line may hold. */
export const MAX_PENCE = 100_000_000_000;
export const MAX_NOTE_LENGTH = 1000;
export const MAX_CONCLUSIONS_LENGTH = 5000;

export interface CostRefusal {
  code: 'invalid_transition' | 'validation_failed';
  field: string;
  message: string;
}

const fail = (field: string, message: string): CostRefusal => ({
  code: 'validation_failed',
  field,
  message,
});

/**
 * D10.8(d): an amount in pounds, as text ("1,234.56", "£1234") or a number, in whole pence;
 * negatives, more than two decimals and more than £1bn are refused.
 */
export function parsePounds(input: string | number): { pence: number } | CostRefusal {
  const text = (typeof input === 'number' ? String(input) : input).trim().replace(/^£/, '');
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (text.startsWith('-')) return fail('amount', 'The amount cannot be negative');
  if (/^[\d,]+\.\d{3,}$/.test(text))
    return fail('amount', 'Give the amount in pounds with at most two decimal places');
  if (!match) return fail('amount', 'Give the amount in pounds, for example 1,234.56');
  const pounds = Number((match[1] ?? '0').replace(/,/g, ''));
  const pence = pounds * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(pence) || pence > MAX_PENCE)
    return fail('amount', 'The amount cannot be more than £1,000,000,000');
  return { pence };
}

/** £1,234.56 from pence (negative for an underspend). */
export function formatPounds(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

export interface CostLineInput {
  component: string;
  kind: string;
  amount: string | number;
  note: string;
}

/**
 * D10.8(d), ruling 11: a cost line names one of the Policy's main components; forecasts are
 * recorded at any time, actuals only once the release is live (or closed).
 */
export function checkCostLine(
  costs: CostsMechanism | undefined,
  input: CostLineInput,
  status: ReleaseStatus,
): { pence: number } | CostRefusal {
  const components = costs?.components ?? [];
  if (!components.includes(input.component))
    return fail(
      'component',
      components.length === 0
        ? 'The governing Policy version defines no cost components'
        : `Choose one of the Policy’s components: ${components.join(', ')}`,
    );
  if (!(COST_KINDS as readonly string[]).includes(input.kind))
    return fail('kind', 'Choose forecast or actual');
  if (input.note.length > MAX_NOTE_LENGTH)
    return fail('note', `The note must be at most ${MAX_NOTE_LENGTH} characters`);
  const amount = parsePounds(input.amount);
  if ('code' in amount) return amount;
  if (input.kind === 'actual' && (status === 'cancelled' || !hasReached(status, 'live')))
    return {
      code: 'invalid_transition',
      field: 'kind',
      message: 'Actual costs are recorded once the release is live: record a forecast instead',
    };
  return amount;
}

export interface CostLineLike {
  component: string;
  kind: CostKind;
  amountPence: number;
}

export interface ComponentCosts {
  component: string;
  forecastPence: number | null;
  actualPence: number | null;
  variancePence: number | null;
  variancePercent: number | null;
}

function variance(forecast: number | null, actual: number | null) {
  if (forecast === null || actual === null) return { variancePence: null, variancePercent: null };
  const diff = actual - forecast;
  return {
    variancePence: diff,
    variancePercent: forecast === 0 ? null : Math.round((diff / forecast) * 1000) / 10,
  };
}

/**
 * D10.8(d): totals per component (the Policy's components first, in its order) and overall;
 * variance = actual − forecast, and as a percentage of the forecast.
 */
export function costSummary(
  components: readonly string[],
  current: readonly CostLineLike[],
): { rows: ComponentCosts[]; total: ComponentCosts } {
  const names = [...components];
  for (const line of current) if (!names.includes(line.component)) names.push(line.component);
  const sum = (name: string | null, kind: CostKind): number | null => {
    const lines = current.filter((l) => l.kind === kind && (name === null || l.component === name));
    return lines.length === 0 ? null : lines.reduce((acc, l) => acc + l.amountPence, 0);
  };
  const row = (name: string | null): ComponentCosts => {
    const forecastPence = sum(name, 'forecast');
    const actualPence = sum(name, 'actual');
    return {
      component: name ?? 'Total',
      forecastPence,
      actualPence,
      ...variance(forecastPence, actualPence),
    };
  };
  return { rows: names.map((name) => row(name)), total: row(null) };
}

export interface CostReviewInput {
  reviewPoint: string;
  reviewedOn: string;
  conclusions: string;
}

/** D10.8(d), ruling 11: the Panel's review is at one of the Policy's review points, not in the future. */
export function checkCostReview(
  costs: CostsMechanism | undefined,
  input: CostReviewInput,
  today: string,
): CostRefusal | null {
  const points = costs?.reviewPoints ?? [];
  if (!points.some((p) => p.id === input.reviewPoint))
    return fail(
      'reviewPoint',
      `Choose one of the Policy’s review points: ${points.map((p) => p.name).join(', ')}`,
    );
  if (!isIsoDate(input.reviewedOn))
    return fail('reviewedOn', 'Enter the date of the review as a real date, YYYY-MM-DD');
  if (input.reviewedOn > today)
    return fail('reviewedOn', 'The review date cannot be in the future');
  if (input.conclusions.trim() === '') return fail('conclusions', 'Record the Panel’s conclusions');
  if (input.conclusions.length > MAX_CONCLUSIONS_LENGTH)
    return fail(
      'conclusions',
      `The conclusions must be at most ${MAX_CONCLUSIONS_LENGTH} characters`,
    );
  return null;
}

/** D10.8(d): a report request is dated on or before today. */
export function checkReportRequest(requestedOn: string, today: string): CostRefusal | null {
  if (!isIsoDate(requestedOn))
    return fail('requestedOn', 'Enter the date of the request as a real date, YYYY-MM-DD');
  if (requestedOn > today) return fail('requestedOn', 'The request date cannot be in the future');
  return null;
}
