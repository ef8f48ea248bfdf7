import { Temporal } from 'temporal-polyfill';
import { isIsoDate, type HolidayOverride } from '../../calendar/index.ts';
import { invalid } from '../../errors.ts';

/** The regions a `calendar_override` row may name (the table's check constraint). */
export const OVERRIDE_REGIONS = [
  'england-and-wales',
  'scotland',
  'northern-ireland',
  'all',
] as const;

export type OverrideRegion = (typeof OVERRIDE_REGIONS)[number];

/** An override as stored: the rule's fields plus the row id. */
export interface StoredOverride extends HolidayOverride {
  id: number;
  region: OverrideRegion;
}

/** The longest reason kept for a one-off holiday. */
export const MAX_REASON_LENGTH = 200;

/** What a Code Administrator enters to add a one-off holiday (or to cancel one). */
export interface NewHolidayOverride {
  date: string;
  region: string;
  kind: string;
  reason: string;
}

export function isOverrideRegion(value: string): value is OverrideRegion {
  return (OVERRIDE_REGIONS as readonly string[]).includes(value);
}

/**
 * Rule: a one-off override names a real `YYYY-MM-DD` date, one of the regions (or `all`),
 * `add` (the day becomes a holiday) or `remove` (a rules holiday becomes a Working Day), and a
 * reason. An `add` on a Saturday or Sunday would change nothing, so it is refused.
 */
export function checkOverride(input: NewHolidayOverride): Omit<StoredOverride, 'id'> {
  const date = input.date.trim();
  if (!isIsoDate(date)) {
    const given = input.date.trim();
    throw invalid(
      'date',
      `Enter a real date as YYYY-MM-DD, for example 2021-06-14, not "${given}"`,
    );
  }
  const region = input.region.trim();
  if (!isOverrideRegion(region)) {
    throw invalid('region', `Choose a region: ${OVERRIDE_REGIONS.join(', ')}`);
  }
  const kind = input.kind.trim();
  if (kind !== 'add' && kind !== 'remove') {
    throw invalid(
      'kind',
      'Choose whether the day becomes a holiday (add) or a Working Day (remove)',
    );
  }
  const reason = input.reason.trim();
  if (reason === '')
    throw invalid('reason', 'Enter the reason, for example the name of the holiday');
  if (reason.length > MAX_REASON_LENGTH) {
    throw invalid('reason', `The reason must be ${MAX_REASON_LENGTH} characters or fewer`);
  }
  const weekday = Temporal.PlainDate.from(date).dayOfWeek;
  if (kind === 'add' && weekday >= 6) {
    const day = weekday === 6 ? 'Saturday' : 'Sunday';
    throw invalid('date', `${date} is a ${day}, which is never a Working Day: choose a weekday`);
  }
  return { date, region, kind, reason };
}

/** What the refusal of a duplicate override says: `a one-off holiday on … for …`. */
export function overrideClash(override: Omit<StoredOverride, 'id'>): string {
  const what = override.kind === 'add' ? 'a one-off holiday' : 'a cancelled holiday';
  const where = override.region === 'all' ? 'all regions' : override.region;
  return `There is already ${what} on ${override.date} for ${where}`;
}
