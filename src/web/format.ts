import { Temporal } from 'temporal-polyfill';
import { longDate } from '../calendar/date-words.ts';

/** `2021-06-23` → `23 June 2021` (GOV.UK date style). */
export const formatDate = longDate;

/** An instant in UK time: `23 June 2021 at 11:59:59pm` (BST/GMT as the date has it). */
export function formatInstant(value: Date | string): string {
  const instant = Temporal.Instant.from(value instanceof Date ? value.toISOString() : value);
  const zoned = instant.toZonedDateTimeISO('Europe/London');
  const hour12 = zoned.hour % 12 === 0 ? 12 : zoned.hour % 12;
  const suffix = zoned.hour < 12 ? 'am' : 'pm';
  const time = `${hour12}:${String(zoned.minute).padStart(2, '0')}${zoned.second ? `:${String(zoned.second).padStart(2, '0')}` : ''}${suffix}`;
  return `${formatDate(zoned.toPlainDate().toString())} at ${time}`;
}
