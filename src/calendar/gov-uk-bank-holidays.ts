import { AppError } from '../errors.ts';
import type { HolidayOverride } from './bank-holidays.ts';
import { isIsoDate } from './civil-date.ts';
import { DIVISIONS, type Division } from './region.ts';

/**
 * A GOV.UK bank-holidays file that cannot be imported. `field` is the JSON path of the problem,
 * e.g. `england-and-wales.events[3].date`, or `$` for the document as a whole. Its code is
 * `calendar_import_invalid` (HTTP 400).
 */
export class CalendarImportError extends AppError {
  override readonly field: string;

  constructor(field: string, message: string) {
    super('calendar_import_invalid', message, { field });
    this.name = 'CalendarImportError';
    this.field = field;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDivision(division: Division, value: unknown): HolidayOverride[] {
  if (!isObject(value)) {
    throw new CalendarImportError(division, `${division} must be an object with an events list`);
  }
  const events = value['events'];
  if (!Array.isArray(events)) {
    throw new CalendarImportError(`${division}.events`, `${division}.events must be a list`);
  }
  const overrides: HolidayOverride[] = [];
  const seen = new Set<string>();
  events.forEach((event: unknown, index) => {
    const path = `${division}.events[${index}]`;
    if (!isObject(event)) {
      throw new CalendarImportError(path, `${path} must be an object with a title and a date`);
    }
    const { date, title } = event;
    if (!isIsoDate(date)) {
      throw new CalendarImportError(
        `${path}.date`,
        `${path}.date must be a real date as YYYY-MM-DD, not ${date === undefined ? 'missing' : JSON.stringify(date)}`,
      );
    }
    if (typeof title !== 'string' || title.trim() === '') {
      throw new CalendarImportError(`${path}.title`, `${path}.title must be a non-empty text`);
    }
    if (seen.has(date)) return;
    seen.add(date);
    overrides.push({ date, region: division, kind: 'add', reason: title.trim() });
  });
  return overrides;
}

/**
 * Rule: reads GOV.UK's bank-holidays.json (`https://www.gov.uk/bank-holidays.json`):
 * `{"england-and-wales": {"division": …, "events": [{"title", "date", "notes", "bunting"}]},
 * "scotland": {…}, "northern-ireland": {…}}`. Every event becomes an `add` override for its
 * division with `reason` = the event's title, in file order, divisions in GOV.UK order; a date
 * repeated within one division is kept once. Top-level keys other than the three divisions are
 * ignored, and so are `division`, `notes` and `bunting`. Throws a CalendarImportError whose
 * `field` names the problem when: the document is not an object (`$`); it has none of the three
 * divisions (`$`); a division is not an object (`scotland`); its `events` is missing or not a
 * list (`scotland.events`); an event is not an object (`scotland.events[3]`); an event's date
 * is not a real `YYYY-MM-DD` date (`scotland.events[3].date`); or its title is missing or
 * blank (`scotland.events[3].title`).
 */
export function parseGovUkBankHolidays(json: unknown): HolidayOverride[] {
  if (!isObject(json)) {
    throw new CalendarImportError('$', 'The file must be a JSON object keyed by division');
  }
  const present = DIVISIONS.filter((division) => division in json);
  if (present.length === 0) {
    throw new CalendarImportError(
      '$',
      `The file has none of the divisions ${DIVISIONS.join(', ')}: is it a GOV.UK bank-holidays file?`,
    );
  }
  return present.flatMap((division) => parseDivision(division, json[division]));
}
