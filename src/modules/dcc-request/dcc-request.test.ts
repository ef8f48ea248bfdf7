import { describe, expect, it } from 'vitest';
import { addWorkingDays, createCalendar } from '../../calendar/index.ts';
import {
  checkReleaseOpen,
  checkRequestInput,
  checkResponse,
  checkTransition,
  checkWithdrawalReason,
  isDueSoon,
  isOverdue,
  isOverdueAt,
  overdueNoticeDue,
  reminderDate,
  reminderDue,
  sectionName,
  TRANSITIONS,
  workingDaysBefore,
  type DccRequestStatus,
} from './dcc-request.ts';

const calendar = createCalendar('england-and-wales');
const TODAY = '2026-11-27';
const valid = { subject: 'Testing windows', detail: '', dueDate: '2026-12-10', ridSection: 'b' };

describe('D10.10, D10.14: a request’s fields', () => {
  it.each([
    ['a due date today is accepted', { dueDate: TODAY }, null],
    ['a later due date is accepted', {}, null],
    ['no RID section is accepted', { ridSection: null }, null],
    ['a free section is accepted (D10.14)', { ridSection: 'risks' }, null],
    ['an empty subject is refused', { subject: ' ' }, 'subject'],
    ['a subject over 200 characters is refused', { subject: 'x'.repeat(201) }, 'subject'],
    ['a missing due date is refused', { dueDate: '' }, 'dueDate'],
    ['a due date that is not a date is refused', { dueDate: 'next week' }, 'dueDate'],
    ['a due date that does not exist is refused', { dueDate: '2027-02-30' }, 'dueDate'],
    ['a due date before today is refused', { dueDate: '2026-11-26' }, 'dueDate'],
    ['an unknown RID section is refused', { ridSection: 'g' }, 'ridSection'],
  ])('D10.10: %s', (_name, change, field) => {
    const refusal = checkRequestInput({ ...valid, ...change }, TODAY);
    if (field === null) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ code: 'validation_failed', field });
  });

  it('D10.10: a past due date is refused with a message naming today', () => {
    expect(checkRequestInput({ ...valid, dueDate: '2026-11-01' }, TODAY)?.message).toBe(
      'The due date must be today (27 November 2026) or later',
    );
  });

  it('D10.14: a request names its RID section by the D10.13 list', () => {
    expect(sectionName('b')).toBe('(b) Timescales, including DCC and User testing');
    expect(sectionName('f')).toBe('(f) Go-live criteria');
    expect(sectionName('dependencies')).toBe('Dependencies');
    expect(sectionName(null)).toBe('');
  });

  it('D10.10: an answer and a withdrawal reason must say something', () => {
    expect(checkResponse('  ')).toMatchObject({ field: 'response' });
    expect(checkResponse('The SIT window is March to May.')).toBeNull();
    expect(checkWithdrawalReason('')).toMatchObject({ field: 'reason' });
    expect(checkWithdrawalReason('Asked twice')).toBeNull();
  });
});

describe('D10.10: the state machine of a request', () => {
  const cases: [DccRequestStatus, DccRequestStatus, boolean][] = [
    ['open', 'answered', true],
    ['open', 'withdrawn', true],
    ['answered', 'answered', false],
    ['answered', 'withdrawn', false],
    ['withdrawn', 'answered', false],
    ['withdrawn', 'withdrawn', false],
  ];
  it.each(cases)('D10.10: %s → %s allowed: %s', (from, to, allowed) => {
    expect(TRANSITIONS[from].includes(to)).toBe(allowed);
    const refusal = checkTransition(from, to);
    if (allowed) expect(refusal).toBeNull();
    else expect(refusal).toMatchObject({ code: 'invalid_transition' });
  });

  it('D10.10: answering a withdrawn request says it was withdrawn', () => {
    expect(checkTransition('withdrawn', 'answered')?.message).toBe(
      'The request has been withdrawn: it can no longer be answered',
    );
    expect(checkTransition('answered', 'answered')?.message).toBe(
      'The request has already been answered: it can no longer be answered',
    );
  });
});

describe('D10.10: overdue in London dates', () => {
  it.each([
    ['summer, 23:59:59 BST on the due day', '2026-06-10', '2026-06-10T22:59:59Z', false],
    ['summer, 00:00 BST the day after', '2026-06-10', '2026-06-10T23:00:00Z', true],
    ['winter, 23:59:59 GMT on the due day', '2026-12-10', '2026-12-10T23:59:59Z', false],
    ['winter, 00:00 GMT the day after', '2026-12-10', '2026-12-11T00:00:00Z', true],
    ['the morning before the due day', '2026-12-10', '2026-12-09T09:00:00Z', false],
  ])('D10.10: %s', (_name, dueDate, instant, overdue) => {
    expect(isOverdueAt({ status: 'open', dueDate }, new Date(instant))).toBe(overdue);
  });

  it('D10.10: only an open request is overdue', () => {
    expect(isOverdue({ status: 'answered', dueDate: '2026-01-01' }, TODAY)).toBe(false);
    expect(isOverdue({ status: 'withdrawn', dueDate: '2026-01-01' }, TODAY)).toBe(false);
    expect(isOverdue({ status: 'open', dueDate: '2026-01-01' }, TODAY)).toBe(true);
  });
});

describe('D10.10: the reminder 2 Working Days before the due date', () => {
  it.each([
    ['a Thursday', '2026-12-10', '2026-12-08'],
    ['a Monday (over the weekend)', '2026-12-14', '2026-12-10'],
    ['a Saturday (not a Working Day)', '2026-12-12', '2026-12-10'],
    ['after Christmas (25 and 28 December are bank holidays)', '2026-12-29', '2026-12-23'],
    ['after New Year’s Day', '2027-01-04', '2026-12-30'],
  ])('D10.10: due %s', (_name, due, reminder) => {
    expect(reminderDate(calendar, due)).toBe(reminder);
    expect(calendar.isWorkingDay(reminder)).toBe(true);
    if (calendar.isWorkingDay(due)) expect(addWorkingDays(calendar, reminder, 2)).toBe(due);
  });

  const base = {
    status: 'open',
    dueDate: '2026-12-10',
    requestedOn: '2026-11-27',
    remindedAt: null,
  };
  it.each([
    ['before the reminder day', base, '2026-12-07', false],
    ['on the reminder day', base, '2026-12-08', true],
    ['the day before the due date', base, '2026-12-09', true],
    ['on the due date', base, '2026-12-10', true],
    ['after the due date (the overdue notice follows)', base, '2026-12-11', false],
    ['once already reminded', { ...base, remindedAt: new Date() }, '2026-12-08', false],
    ['once answered', { ...base, status: 'answered' }, '2026-12-08', false],
    ['when asked on the reminder day', { ...base, requestedOn: '2026-12-08' }, '2026-12-09', false],
  ])('D10.10: reminder %s: %s', (_name, request, today, due) => {
    expect(reminderDue(request, today, reminderDate(calendar, request.dueDate))).toBe(due);
  });

  it('D10.10: one overdue notice, for an open request past its due date', () => {
    const request = { status: 'open', dueDate: '2026-12-10', overdueNotifiedAt: null };
    expect(overdueNoticeDue(request, '2026-12-10')).toBe(false);
    expect(overdueNoticeDue(request, '2026-12-11')).toBe(true);
    expect(overdueNoticeDue({ ...request, overdueNotifiedAt: new Date() }, '2026-12-11')).toBe(
      false,
    );
    expect(overdueNoticeDue({ ...request, status: 'answered' }, '2026-12-11')).toBe(false);
  });

  it('D10.10: due soon is open, not overdue, and due by the horizon', () => {
    const request = { status: 'open', dueDate: '2026-12-03' };
    expect(isDueSoon(request, TODAY, '2026-12-04')).toBe(true);
    expect(isDueSoon(request, TODAY, '2026-12-02')).toBe(false);
    expect(isDueSoon(request, '2026-12-04', '2026-12-11')).toBe(false);
  });
});

describe('D10.10: requests and reminders around the release and the Working Days', () => {
  it('D10.10: no information is requested for a cancelled or closed release', () => {
    expect(checkReleaseOpen({ name: 'June 2027 SEC Release', status: 'planned' })).toBeNull();
    expect(checkReleaseOpen({ name: 'June 2027 SEC Release', status: 'closed' })).toEqual({
      code: 'invalid_transition',
      field: 'releaseId',
      message: 'June 2027 SEC Release is closed: no information can be requested for it',
    });
    expect(checkReleaseOpen({ name: 'X', status: 'cancelled' })?.code).toBe('invalid_transition');
  });

  it('D10.10: Working Days before a date skip weekends and bank holidays, and undo addWorkingDays', () => {
    expect(workingDaysBefore(calendar, '2026-12-07', 1)).toBe('2026-12-04');
    expect(workingDaysBefore(calendar, '2026-12-29', 2)).toBe('2026-12-23');
    expect(workingDaysBefore(calendar, '2026-12-10', 0)).toBe('2026-12-10');
    for (const date of ['2026-11-27', '2026-12-24', '2027-01-04'])
      expect(addWorkingDays(calendar, workingDaysBefore(calendar, date, 3), 3)).toBe(date);
  });
});
