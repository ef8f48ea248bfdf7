import { describe, expect, it } from 'vitest';
import { datePartsOf, foldDateParts, readDateParts } from './date-input.ts';

describe('issue 13: GOV.UK date inputs read strictly', () => {
  const read = (day: string, month: string, year: string) =>
    readDateParts({ day, month, year }, 'Date of the meeting');

  it.each([
    ['11', '12', '2026', '2026-12-11'],
    ['1', '3', '2027', '2027-03-01'],
    [' 29 ', '02', '2028', '2028-02-29'],
  ])('%s/%s/%s is the date %s', (day, month, year, date) => {
    expect(read(day, month, year)).toEqual({ kind: 'date', date });
  });

  it.each([
    ['31', '2', '2027', 'Date of the meeting must be a real date'],
    ['29', '2', '2027', 'Date of the meeting must be a real date'],
    ['1', '13', '2027', 'Date of the meeting must be a real date'],
    ['0', '1', '2027', 'Date of the meeting must be a real date'],
    ['1', '1', '27', 'Date of the meeting must have a year of four digits, like 2027'],
    ['one', '1', '2027', 'Date of the meeting must be a real date, in numbers'],
    ['1.5', '1', '2027', 'Date of the meeting must be a real date, in numbers'],
    ['', '1', '2027', 'Date of the meeting must include a day'],
    ['', '', '2027', 'Date of the meeting must include a day and a month'],
  ])('%s/%s/%s is refused: %s', (day, month, year, message) => {
    expect(read(day, month, year)).toEqual({ kind: 'problem', message });
  });

  it('all three empty is no date, and "(optional)" is left out of a message', () => {
    expect(read('', ' ', '')).toEqual({ kind: 'empty' });
    expect(readDateParts({ day: '1', month: '', year: '2027' }, 'Due date (optional)')).toEqual({
      kind: 'problem',
      message: 'Due date must include a month',
    });
  });

  it('folds the three fields into the one the use case reads; an unreadable date is never an ISO date', () => {
    const form: Record<string, unknown> = {
      'heldOn-day': '8',
      'heldOn-month': '1',
      'heldOn-year': '2027',
      'dueDate-day': '31',
      'dueDate-month': '4',
      'dueDate-year': '2027',
      'dueDate-label': 'Due date',
      'closesAt-day': '',
      'closesAt-month': '',
      'closesAt-year': '',
      kind: 'ordinary',
    };
    expect(foldDateParts(form)).toEqual([
      { field: 'dueDate', message: 'Due date must be a real date' },
    ]);
    expect(form.heldOn).toBe('2027-01-08');
    expect(form.closesAt).toBe('');
    expect(form.dueDate).toBe('31/4/2027');
    expect(datePartsOf(form.dueDate)).toEqual({ day: '31', month: '4', year: '2027' });
    expect(datePartsOf('2027-01-08')).toEqual({ day: '8', month: '1', year: '2027' });
    expect(datePartsOf(undefined)).toEqual({ day: '', month: '', year: '' });
  });
});
