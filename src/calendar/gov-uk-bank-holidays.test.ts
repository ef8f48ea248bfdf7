import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { bankHolidaysOf } from './bank-holidays.ts';
import { CalendarImportError, parseGovUkBankHolidays } from './gov-uk-bank-holidays.ts';
import { createCalendar } from './working-days.ts';

const event = (title: string, date: string) => ({ title, date, notes: '', bunting: true });

const file = {
  'england-and-wales': {
    division: 'england-and-wales',
    events: [event('New Year’s Day', '2018-01-01'), event('Extra bank holiday', '2030-06-14')],
  },
  scotland: {
    division: 'scotland',
    events: [event('2nd January', '2018-01-02'), event('2nd January', '2018-01-02')],
  },
  'northern-ireland': {
    division: 'northern-ireland',
    events: [event('St Patrick’s Day', '2018-03-19')],
  },
  'isle-of-man': { division: 'isle-of-man', events: 'not checked' },
};

function importError(json: unknown): CalendarImportError {
  try {
    parseGovUkBankHolidays(json);
  } catch (error) {
    if (error instanceof CalendarImportError) return error;
    throw error;
  }
  throw new Error('expected a CalendarImportError');
}

describe('GOV.UK bank-holidays import', () => {
  it("GOV.UK import: every event becomes an 'add' override for its division, reason = title", () => {
    expect(parseGovUkBankHolidays(file)).toEqual([
      { date: '2018-01-01', region: 'england-and-wales', kind: 'add', reason: 'New Year’s Day' },
      {
        date: '2030-06-14',
        region: 'england-and-wales',
        kind: 'add',
        reason: 'Extra bank holiday',
      },
      { date: '2018-01-02', region: 'scotland', kind: 'add', reason: '2nd January' },
      { date: '2018-03-19', region: 'northern-ireland', kind: 'add', reason: 'St Patrick’s Day' },
    ]);
  });

  it('GOV.UK import: the overrides feed a calendar (an announced extra day becomes a holiday)', () => {
    const overrides = parseGovUkBankHolidays(file);
    expect(createCalendar('england-and-wales', overrides).isWorkingDay('2030-06-14')).toBe(false);
    expect(createCalendar('scotland', overrides).isWorkingDay('2030-06-14')).toBe(true);
    expect(bankHolidaysOf(2030, 'union', overrides).find((h) => h.date === '2030-06-14')).toEqual({
      date: '2030-06-14',
      name: 'Extra bank holiday',
      region: 'england-and-wales',
      source: 'override',
    });
  });

  it('GOV.UK import: a file with only some divisions imports those; empty events import nothing', () => {
    expect(parseGovUkBankHolidays({ scotland: { events: [] } })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ['not an object (null)', null, '$'],
    ['not an object (array)', [], '$'],
    ['not an object (text)', '{"scotland":{}}', '$'],
    ['no known division', { wales: { events: [] } }, '$'],
    ['a division that is not an object', { scotland: [] }, 'scotland'],
    [
      'a missing events list',
      { 'england-and-wales': { division: 'england-and-wales' } },
      'england-and-wales.events',
    ],
    ['events that are not a list', { scotland: { events: {} } }, 'scotland.events'],
    [
      'an event that is not an object',
      { scotland: { events: [event('a', '2018-01-01'), 'x'] } },
      'scotland.events[1]',
    ],
    [
      'a missing date',
      { 'northern-ireland': { events: [{ title: 'a' }] } },
      'northern-ireland.events[0].date',
    ],
    [
      'a date that is not real',
      { scotland: { events: [event('a', '2018-02-30')] } },
      'scotland.events[0].date',
    ],
    [
      'a date in another format',
      { scotland: { events: [event('a', '01/01/2018')] } },
      'scotland.events[0].date',
    ],
    [
      'a blank title',
      { scotland: { events: [event(' ', '2018-01-01')] } },
      'scotland.events[0].title',
    ],
  ])('GOV.UK import: %s is a CalendarImportError on field %j', (_problem, json, field) => {
    const error = importError(json);
    expect(error.field).toBe(field);
    expect(error.name).toBe('CalendarImportError');
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('calendar_import_invalid');
    expect(error.message).not.toBe('');
  });

  it('GOV.UK import: the field of the problem is the JSON path, e.g. england-and-wales.events[3].date', () => {
    const events = [0, 1, 2].map((i) => event('ok', `2018-01-0${i + 1}`));
    const json = { 'england-and-wales': { events: [...events, event('bad', '2018-13-01')] } };
    expect(importError(json).field).toBe('england-and-wales.events[3].date');
  });
});
