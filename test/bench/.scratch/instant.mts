import { formatInstant } from '../../../src/web/format.ts';
const MONTHS = [
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
];
const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});
function fastFormatInstant(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  const p: Record<string, number> = {};
  for (const part of LONDON_PARTS.formatToParts(date))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const hour = p.hour ?? 0;
  const minute = p.minute ?? 0;
  const second = p.second ?? 0;
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const time = `${hour12}:${String(minute).padStart(2, '0')}${second ? `:${String(second).padStart(2, '0')}` : ''}${hour < 12 ? 'am' : 'pm'}`;
  return `${p.day} ${MONTHS[(p.month ?? 1) - 1]} ${p.year} at ${time}`;
}
// equivalence over 10 years at random instants plus DST edges
let mismatches = 0;
const start = Date.parse('2016-01-01T00:00:00Z');
const samples = [
  ...Array.from(
    { length: 200000 },
    (_, i) => new Date(start + Math.floor(i * 1579.123456 * 1000 * 1.0)),
  ),
  new Date('2021-03-28T00:59:59Z'),
  new Date('2021-03-28T01:00:00Z'),
  new Date('2021-10-31T00:59:59Z'),
  new Date('2021-10-31T01:00:00Z'),
  new Date('2021-06-23T22:59:59Z'),
];
for (const d of samples) {
  const a = formatInstant(d.toISOString());
  const b = fastFormatInstant(d.toISOString());
  if (a !== b) {
    if (mismatches++ < 5) console.log('MISMATCH', d.toISOString(), a, '|', b);
  }
}
console.log(
  'checked',
  samples.length,
  'mismatches',
  mismatches,
  'last sample',
  samples.at(-5)?.toISOString(),
);
for (const [name, fn] of [
  ['formatInstant (Temporal)', formatInstant],
  ['Intl.DateTimeFormat cached', fastFormatInstant],
] as const) {
  const iso = new Date().toISOString();
  for (let i = 0; i < 2000; i++) fn(iso);
  const n = 20000;
  const t = performance.now();
  for (let i = 0; i < n; i++) fn(iso);
  console.log(name.padEnd(28), ((1000 * (performance.now() - t)) / n).toFixed(1), 'µs/call');
}
const OFFSET_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  hourCycle: 'h23',
});
const offsetByHour = new Map<number, number>();
function londonOffsetMs(ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const p: Record<string, number> = {};
    for (const part of OFFSET_PARTS.formatToParts(new Date(hour * 3_600_000)))
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    offset = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0) - hour * 3_600_000;
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}
function cachedFormatInstant(value: Date | string): string {
  const ms = (value instanceof Date ? value : new Date(value)).getTime();
  const d = new Date(ms + londonOffsetMs(ms));
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  const second = d.getUTCSeconds();
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  const time = `${hour12}:${String(minute).padStart(2, '0')}${second ? `:${String(second).padStart(2, '0')}` : ''}${hour < 12 ? 'am' : 'pm'}`;
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${time}`;
}
let m2 = 0;
for (const d of samples) {
  const a = formatInstant(d.toISOString());
  const b = cachedFormatInstant(d.toISOString());
  if (a !== b) {
    if (m2++ < 5) console.log('MISMATCH2', d.toISOString(), a, '|', b);
  }
}
console.log('offset-per-hour variant: checked', samples.length, 'mismatches', m2);
{
  const iso = new Date().toISOString();
  for (let i = 0; i < 2000; i++) cachedFormatInstant(iso);
  const n = 20000;
  const t = performance.now();
  for (let i = 0; i < n; i++) cachedFormatInstant(iso);
  console.log(
    'offset cached per UTC hour'.padEnd(28),
    ((1000 * (performance.now() - t)) / n).toFixed(1),
    'µs/call',
  );
}
