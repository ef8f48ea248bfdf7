/**
 * The DCC's readiness reports (D10.13(c), D10.16): due at the frequency the approved RID sets,
 * from its first report date up to go-live, each with a value for every measure it names.
 * PURE: no database, HTTP or clock; dates are ISO `YYYY-MM-DD` strings.
 */
import { isIsoDate } from '../../calendar/index.ts';
import { addDays, addMonths } from '../policy/policy-dates.ts';
import type { RidReporting } from '../rid/rid-sections.ts';

/** D10.13(c): a readiness report the DCC submitted for one due date. */
export interface ReadinessReport {
  id: number;
  releaseId: number;
  periodDue: string;
  measures: Record<string, string>;
  summary: string;
  submittedBy: number | null;
  submittedAt: Date;
}

/** A schedule never runs past this many reports (weekly for about ten years). */
export const MAX_SCHEDULE = 520;
export const MAX_MEASURE_VALUE = 2000;
export const MAX_SUMMARY = 20000;

/**
 * D10.13(c): the dates readiness reports are due: the RID's first report date, then every 7 days
 * (weekly), 14 days (fortnightly) or on the same day of each following month (monthly, counted
 * from the first date and clamped to the month's last day, so 31 January gives 28 or 29
 * February, then 31 March), up to and including the go-live date. Empty when the RID sets no
 * frequency or first date, or the first date is after go-live.
 */
export function readinessSchedule(
  reporting: Pick<RidReporting, 'frequency' | 'firstReportDue'>,
  goLive: string,
): string[] {
  const { frequency, firstReportDue: first } = reporting;
  if (frequency === null || first === null || !isIsoDate(first) || !isIsoDate(goLive)) return [];
  const dates: string[] = [];
  for (let n = 0; n < MAX_SCHEDULE; n++) {
    const date =
      frequency === 'monthly'
        ? addMonths(first, n)
        : addDays(first, n * (frequency === 'weekly' ? 7 : 14));
    if (date > goLive) break;
    dates.push(date);
  }
  return dates;
}

export type ReportState = 'submitted' | 'missing' | 'due' | 'upcoming';

export interface ScheduledReport {
  due: string;
  state: ReportState;
  /** The London date it was submitted, for a submitted report. */
  submittedOn: string | null;
  /** Submitted after its due date. */
  late: boolean;
}

/**
 * D10.13(c), D10.16: each due date's state on `today` (London): submitted (late when after its
 * due date); missing when its due date has passed without a submission; due for the next
 * unsubmitted date not yet passed; upcoming for the later ones.
 */
export function reportStates(
  schedule: readonly string[],
  submitted: ReadonlyMap<string, string>,
  today: string,
): ScheduledReport[] {
  let nextDueSeen = false;
  return schedule.map((due) => {
    const on = submitted.get(due);
    if (on !== undefined) return { due, state: 'submitted', submittedOn: on, late: on > due };
    if (due < today) return { due, state: 'missing', submittedOn: null, late: false };
    const state: ReportState = nextDueSeen ? 'upcoming' : 'due';
    nextDueSeen = true;
    return { due, state, submittedOn: null, late: false };
  });
}

/** D10.13(c), D10.16: the due dates whose report is missing on `today`. */
export function missingReports(
  schedule: readonly string[],
  submitted: ReadonlyMap<string, string>,
  today: string,
): string[] {
  return reportStates(schedule, submitted, today)
    .filter((r) => r.state === 'missing')
    .map((r) => r.due);
}

export interface ReportRefusal {
  code: 'validation_failed';
  field: string;
  message: string;
}

const fail = (field: string, message: string): ReportRefusal => ({
  code: 'validation_failed',
  field,
  message,
});

/**
 * D10.13(c): a report is for a date in the schedule, and not for one after the next due date
 * (reports come as the dates arrive, not in advance).
 */
export function checkReportDate(
  schedule: readonly string[],
  due: string,
  today: string,
): ReportRefusal | null {
  if (!isIsoDate(due)) return fail('periodDue', 'Enter the due date as a real date, YYYY-MM-DD');
  if (!schedule.includes(due))
    return fail(
      'periodDue',
      schedule.length === 0
        ? 'The approved RID’s reporting schedule has no due dates before go-live'
        : `${due} is not a due date of the readiness schedule the approved RID sets (${schedule[0] ?? ''} to ${schedule.at(-1) ?? ''})`,
    );
  const next = schedule.find((date) => date >= today);
  if (next !== undefined && due > next)
    return fail(
      'periodDue',
      `The report due ${due} cannot be submitted yet: the next report is due ${next}`,
    );
  return null;
}

/** D10.13(c): the RID's measures that have no value in the report, in the RID's order. */
export function missingMeasures(
  measures: readonly string[],
  values: Readonly<Record<string, string>>,
): string[] {
  return measures.filter((m) => (values[m] ?? '').trim() === '');
}

/**
 * D10.13(c), D10.16: a report gives a value for every measure the approved RID names (the
 * refusal names those missing), no measure the RID does not name, and a summary.
 */
export function checkReportContent(
  measures: readonly string[],
  values: Readonly<Record<string, string>>,
  summary: string,
): ReportRefusal | null {
  const missing = missingMeasures(measures, values);
  if (missing.length > 0)
    return fail(
      'measures',
      `Give a value for every measure the approved RID names; missing: ${missing.join('; ')}`,
    );
  const unknown = Object.keys(values).filter((name) => !measures.includes(name));
  if (unknown.length > 0)
    return fail('measures', `Not a measure the approved RID names: ${unknown.join('; ')}`);
  if (Object.values(values).some((v) => v.length > MAX_MEASURE_VALUE))
    return fail('measures', `Each value must be at most ${MAX_MEASURE_VALUE} characters`);
  if (summary.trim() === '') return fail('summary', 'Enter a summary of progress to readiness');
  if (summary.length > MAX_SUMMARY)
    return fail('summary', `The summary must be at most ${MAX_SUMMARY} characters`);
  return null;
}
