/**
 * The Working Day calendar: pure functions (no clock, no database, no I/O) for bank holidays,
 * Working Days and "within N Working Days following X" deadlines in Europe/London.
 */
export {
  DEFAULT_REGION,
  DIVISIONS,
  REGIONS,
  isRegion,
  type Division,
  type Region,
} from './region.ts';
export { isIsoDate } from './civil-date.ts';
export { bankHolidaysOf, type Holiday, type HolidayOverride } from './bank-holidays.ts';
export {
  addWorkingDays,
  createCalendar,
  workingDaysBetween,
  type WorkingDayCalendar,
} from './working-days.ts';
export {
  LONDON,
  deadlineAfter,
  endOfLondonDay,
  isoWithLondonOffset,
  londonDateOf,
} from './deadline.ts';
export { CalendarImportError, parseGovUkBankHolidays } from './gov-uk-bank-holidays.ts';
