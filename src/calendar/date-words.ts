export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** `2027-06` or `2027-06-24` → `June 2027`; anything else is returned as it is. */
export function monthAndYear(iso: string): string {
  const match = /^(\d{4})-(\d{2})(-\d{2})?$/.exec(iso);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  if (!match || name === undefined) return iso;
  return `${name} ${match[1]}`;
}

/** `2026-03-03` → `3 March 2026` (the GOV.UK date style); anything else is returned as it is. */
export function longDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  if (!match || name === undefined) return iso;
  return `${Number(match[3])} ${name} ${match[1]}`;
}
