/**
 * Calendar-date arithmetic on plain integers, for the hot paths of the working-day calendar.
 *
 * A date is handled as its "epoch day": the number of days since 1970-01-01 (proleptic
 * Gregorian), so stepping a day is `+ 1` and comparing is `<`. Years 0001–9999 only, which is
 * what a four-digit `YYYY-MM-DD` string can say.
 */

/** The first and last dates this module accepts, as epoch days (0001-01-01 and 9999-12-31). */
export const MIN_EPOCH_DAY = -719162;
export const MAX_EPOCH_DAY = 2932896;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Rule: days-from-civil (H. Hinnant). Turns a year, month (1–12) and day into its epoch day.
 * The arguments are trusted: validate them first (see {@link parseIsoDate}).
 */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Rule: civil-from-days, the inverse of {@link epochDayOf}. Returns `[year, month, day]`. */
export function civilOf(epochDay: number): [number, number, number] {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return [year, month, day];
}

/** Rule: the calendar year an epoch day falls in. */
export function yearOfEpochDay(epochDay: number): number {
  return civilOf(epochDay)[0];
}

/** Rule: ISO day of the week of an epoch day: 1 = Monday … 6 = Saturday, 7 = Sunday. */
export function dayOfWeek(epochDay: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** Rule: Saturday and Sunday are the weekend. */
export function isWeekend(epochDay: number): boolean {
  return dayOfWeek(epochDay) >= 6;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Rule: formats an epoch day as `YYYY-MM-DD`; throws RangeError outside years 0001–9999. */
export function formatEpochDay(epochDay: number): string {
  if (!Number.isInteger(epochDay) || epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
    throw new RangeError(`Date out of range: epoch day ${epochDay} is not in years 0001–9999`);
  }
  const [year, month, day] = civilOf(epochDay);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Rule: the epoch day of a strict `YYYY-MM-DD` string naming a real calendar date in years
 * 0001–9999, or `undefined` if it is anything else (wrong shape, month 13, 30 February, …).
 */
export function tryParseIsoDate(value: string): number | undefined {
  const match = DATE_PATTERN.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return epochDayOf(year, month, day);
}

/**
 * Rule: a date string is valid only if it is exactly `YYYY-MM-DD` and names a real calendar
 * date in years 0001–9999.
 */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && tryParseIsoDate(value) !== undefined;
}

/**
 * Rule: as {@link tryParseIsoDate}, but throws a RangeError naming `what` (the parameter) and
 * the offending value when the string is not a strict, real `YYYY-MM-DD` date.
 */
export function parseIsoDate(value: unknown, what = 'date'): number {
  const epochDay = typeof value === 'string' ? tryParseIsoDate(value) : undefined;
  if (epochDay === undefined) {
    throw new RangeError(
      `Invalid ${what}: expected a real calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}`,
    );
  }
  return epochDay;
}
