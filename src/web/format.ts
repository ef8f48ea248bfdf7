import { Temporal } from 'temporal-polyfill';
import { longDate } from '../calendar/date-words.ts';

/** `2021-06-23` → `23 June 2021` (GOV.UK date style). */
export const formatDate = longDate;

const HOUR_MS = 3_600_000;
const OFFSET_CACHE_SIZE = 200_000;
/** London's offset from UTC in ms, by UTC hour: UK clock changes fall on whole UTC hours. */
const londonOffsets = new Map<number, number>();

function londonOffsetMs(epochMs: number): number {
  const hour = Math.floor(epochMs / HOUR_MS);
  let offset = londonOffsets.get(hour);
  if (offset === undefined) {
    offset =
      Temporal.Instant.fromEpochMilliseconds(hour * HOUR_MS).toZonedDateTimeISO('Europe/London')
        .offsetNanoseconds / 1e6;
    if (londonOffsets.size >= OFFSET_CACHE_SIZE) londonOffsets.clear();
    londonOffsets.set(hour, offset);
  }
  return offset;
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * An instant in UK time: `23 June 2021 at 11:59:59pm` (BST/GMT as the date has it). Pages show
 * many instants, so the London offset is looked up once per UTC hour instead of per value.
 */
export function formatInstant(value: Date | string): string {
  const epochMs =
    value instanceof Date ? value.getTime() : Temporal.Instant.from(value).epochMilliseconds;
  const local = new Date(epochMs + londonOffsetMs(epochMs));
  const hour = local.getUTCHours();
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const suffix = hour < 12 ? 'am' : 'pm';
  const seconds = local.getUTCSeconds();
  const time = `${hour12}:${two(local.getUTCMinutes())}${seconds ? `:${two(seconds)}` : ''}${suffix}`;
  const date = `${String(local.getUTCFullYear()).padStart(4, '0')}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}`;
  return `${formatDate(date)} at ${time}`;
}
