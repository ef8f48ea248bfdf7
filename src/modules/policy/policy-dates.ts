/**
 * Pure accessors the releases build on: the dates a Policy version sets for a release. Dates are
 * ISO `YYYY-MM-DD`; nothing here reads a clock or a database.
 */
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import {
  civilOf,
  dayOfWeek,
  epochDayOf,
  formatEpochDay,
  parseIsoDate,
} from '../../calendar/civil-date.ts';
import type { NoticePeriod, PolicyMechanisms, ReleaseType } from './policy-mechanisms.ts';

type WithMechanisms = { mechanisms: PolicyMechanisms };

function daysInMonth(year: number, month: number): number {
  const next = month === 12 ? epochDayOf(year + 1, 1, 1) : epochDayOf(year, month + 1, 1);
  return next - epochDayOf(year, month, 1);
}

/**
 * Calendar months counted from `date` (negative: back), keeping the day of the month and
 * clamping it to the month's last day (31 May minus 3 months is 28 or 29 February).
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = civilOf(parseIsoDate(date));
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return formatEpochDay(epochDayOf(targetYear, targetMonth, targetDay));
}

/** Calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return formatEpochDay(parseIsoDate(date) + days);
}

/** The release type `releaseTypeId` of a version, if it defines one. */
export function releaseTypeOf(
  policy: WithMechanisms,
  releaseTypeId: string,
): ReleaseType | undefined {
  return policy.mechanisms.allocation?.releaseTypes.find((type) => type.id === releaseTypeId);
}

/** D10.8(c): the notice period a version sets for a release type, if any. */
export function noticePeriodOf(
  policy: WithMechanisms,
  releaseTypeId: string,
): NoticePeriod | undefined {
  return policy.mechanisms.notice?.noticePeriods.find((p) => p.releaseType === releaseTypeId);
}

/**
 * D10.8(a), ruling 6: the default go-live date of a standard release type in `year`: the
 * type's weekday, the nth (or last) of its month. If that day is not a Working Day (a bank
 * holiday), the release goes live on the next Working Day instead. Undefined for an ad-hoc
 * type (its date is set per release) or a type the version does not define.
 */
export function standardGoLiveDate(
  policy: WithMechanisms,
  releaseTypeId: string,
  year: number,
  calendar: WorkingDayCalendar,
): string | undefined {
  const type = releaseTypeOf(policy, releaseTypeId);
  if (type?.kind !== 'standard' || type.month === undefined) return undefined;
  const first = epochDayOf(year, type.month, 1);
  const firstMatch = first + ((type.goLiveWeekday - dayOfWeek(first) + 7) % 7);
  let day: number;
  if (type.week === 'last') {
    const last = first + daysInMonth(year, type.month) - 1;
    day = last - ((dayOfWeek(last) - type.goLiveWeekday + 7) % 7);
  } else {
    day = firstMatch + 7 * ((type.week ?? 1) - 1);
  }
  while (!calendar.isWorkingDay(formatEpochDay(day))) day += 1;
  return formatEpochDay(day);
}

/**
 * D10.8(c), ruling 5: the day the notice period of a release starts, which is also when its
 * RID freezes (D10.15). For months: go-live minus that many calendar months. For Working Days:
 * counted back from go-live, so that go-live is the Nth Working Day following the start (the
 * latest such day).
 * Undefined when the version sets no notice period for the type.
 */
export function noticeStart(
  policy: WithMechanisms,
  releaseTypeId: string,
  goLive: string,
  calendar: WorkingDayCalendar,
): string | undefined {
  const period = noticePeriodOf(policy, releaseTypeId);
  if (!period) return undefined;
  if (period.unit === 'months') return addMonths(goLive, -period.amount);
  // Go-live itself counts when it is a Working Day; the start is the day before the Nth one
  // counted back, so addWorkingDays(calendar, start, N) is go-live.
  let cursor = parseIsoDate(goLive);
  let counted = 0;
  while (counted < period.amount) {
    if (calendar.isWorkingDay(formatEpochDay(cursor))) counted += 1;
    cursor -= 1;
  }
  return formatEpochDay(cursor);
}

/** D10.8(b): the date of each scope-baseline point before a go-live date. */
export function scopeBaselineDates(
  policy: WithMechanisms,
  goLive: string,
): { id: string; name: string; appliesTo: string; date: string }[] {
  return (policy.mechanisms.oversight?.scopeBaselines ?? []).map((baseline) => ({
    id: baseline.id,
    name: baseline.name,
    appliesTo: baseline.appliesTo,
    date: addMonths(goLive, -baseline.monthsBeforeGoLive),
  }));
}

/** D10.8(c): the optional change freeze around a go-live date, start and end inclusive. */
export function changeFreezeWindow(
  policy: WithMechanisms,
  goLive: string,
): { from: string; to: string } | undefined {
  const freeze = policy.mechanisms.notice?.changeFreeze;
  if (!freeze) return undefined;
  return {
    from: addMonths(goLive, -freeze.startsMonthsBeforeGoLive),
    to: addDays(goLive, freeze.endsDaysAfterGoLive),
  };
}
