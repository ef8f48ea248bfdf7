import { longDate } from './date-words.ts';

/** `2021-06-23` → `23 June 2021` (GOV.UK date style). */
export const formatDate = longDate;

/** One formatter, made once: the parts of an instant on the London wall clock (BST or GMT). */
const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function partsOf(epochMs: number): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const part of LONDON_PARTS.formatToParts(epochMs)) parts[part.type] = part.value;
  return parts;
}

/** An instant in UK time: `23 June 2021 at 11:59:59pm` (BST/GMT as the date has it). */
export function formatInstant(value: Date | string): string {
  const epochMs = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(epochMs)) throw new RangeError(`Not an instant: ${String(value)}`);
  const {
    year = '',
    month = '',
    day = '',
    hour = '0',
    minute = '',
    second = '00',
  } = partsOf(epochMs);
  const hour24 = Number(hour);
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  const suffix = hour24 < 12 ? 'am' : 'pm';
  const seconds = second === '00' ? '' : `:${second}`;
  return `${formatDate(`${year.padStart(4, '0')}-${month}-${day}`)} at ${hour12}:${minute}${seconds}${suffix}`;
}
