/** How the Policy's mechanisms read in sentences (redlines, pages). PURE. */
import type { GoLiveOutcome, PeriodUnit, ReleaseType } from './policy-mechanisms.ts';
import { MONTH_NAMES } from '../../calendar/date-words.ts';

export const GO_LIVE_OUTCOME_NAMES: Record<GoLiveOutcome, string> = {
  go_live: 'go live',
  go_live_with_conditions: 'go live with conditions',
  defer: 'defer',
};

/** ISO weekdays, 1 = Monday … 7 = Sunday. */
export const WEEKDAY_NAMES = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;

/** "3 months", "20 Working Days". */
export function describePeriod(amount: number, unit: PeriodUnit): string {
  if (unit === 'months') return `${amount} month${amount === 1 ? '' : 's'}`;
  return `${amount} Working Day${amount === 1 ? '' : 's'}`;
}

const ORDINALS: Record<string, string> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  last: 'last',
};

/** "the last Thursday of June", "a Thursday set for each release". */
export function describeGoLive(type: ReleaseType): string {
  const weekday = WEEKDAY_NAMES[type.goLiveWeekday - 1] ?? `weekday ${type.goLiveWeekday}`;
  if (type.kind === 'ad_hoc' || type.month === undefined)
    return `a ${weekday} set for each release`;
  const month = MONTH_NAMES[type.month - 1] ?? `month ${type.month}`;
  const week = type.week ?? 1;
  return `the ${ORDINALS[String(week)] ?? `${week}th`} ${weekday} of ${month}`;
}
