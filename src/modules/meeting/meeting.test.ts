import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, createCalendar } from '../../calendar/index.ts';
import {
  closingProblems,
  dueDateProblem,
  isLatePaper,
  isOverdue,
  nextMeetingAfter,
  papersDueFor,
  subtractWorkingDays,
  type ClosingItem,
  type MeetingSlot,
} from './meeting.ts';

const calendar = createCalendar('england-and-wales');

const meeting = (id: number, heldOn: string, status: MeetingSlot['status'] = 'scheduled') => ({
  id,
  heldOn,
  status,
});

describe('Panel meetings (ruling 3, D10.2, D10.6)', () => {
  it('Ruling 3: papers are due 5 Working Days before the meeting, across a bank holiday', () => {
    // Good Friday 2 April and Easter Monday 5 April 2021 are not Working Days.
    expect(papersDueFor(calendar, '2021-04-09')).toBe('2021-03-31');
    expect(papersDueFor(calendar, '2026-11-13')).toBe('2026-11-06');
    // The verified Panel meeting of Friday 14 May 2021: papers on Friday 7 May.
    expect(papersDueFor(calendar, '2021-05-14')).toBe('2021-05-07');
    // A meeting on Friday 7 May 2021 skips the Early May bank holiday (Monday 3 May).
    expect(papersDueFor(calendar, '2021-05-07')).toBe('2021-04-29');
    expect(subtractWorkingDays(calendar, '2021-04-09', 0)).toBe('2021-04-09');
    expect(() => subtractWorkingDays(calendar, '2021-02-30', 5)).toThrow(RangeError);
    expect(() => subtractWorkingDays(calendar, '2021-04-09', -1)).toThrow(RangeError);
  });

  it('Ruling 3: counting back N Working Days is the inverse of counting forward from a Working Day', () => {
    const day = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2040-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10))
      .filter((date) => calendar.isWorkingDay(date));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 40 }), (date, n) => {
        expect(addWorkingDays(calendar, subtractWorkingDays(calendar, date, n), n)).toBe(date);
      }),
    );
  });

  it('D10.2 / ruling 3: next meeting is strictly after the approval day; extraordinary meetings count', () => {
    const meetings = [
      meeting(3, '2026-12-11'),
      meeting(1, '2026-11-13'),
      meeting(2, '2026-11-27'), // an extraordinary meeting is a meeting like any other
    ];
    expect(nextMeetingAfter(meetings, '2026-11-12')?.id).toBe(1);
    expect(nextMeetingAfter(meetings, '2026-11-13')?.id).toBe(2);
    expect(nextMeetingAfter(meetings, '2026-11-27')?.id).toBe(3);
    expect(nextMeetingAfter(meetings, '2026-12-11')).toBeUndefined();
    expect(nextMeetingAfter<MeetingSlot>([], '2026-11-12')).toBeUndefined();
  });

  it('D10.2: a closed meeting cannot take an item, so the next open one does', () => {
    const meetings = [meeting(1, '2026-11-13', 'closed'), meeting(2, '2026-12-11')];
    expect(nextMeetingAfter(meetings, '2026-11-10')?.id).toBe(2);
  });

  it('Ruling 3: late paper when the papers were issued on or before the day the item is placed', () => {
    expect(isLatePaper('2026-11-06', '2026-11-05')).toBe(false);
    expect(isLatePaper('2026-11-06', '2026-11-06')).toBe(true);
    expect(isLatePaper('2026-11-06', '2026-11-27')).toBe(true);
  });

  const item = (overrides: Partial<ClosingItem>): ClosingItem => ({
    kind: 'implementation_actions',
    reference: 'MP109',
    actionCount: 0,
    noActionsReason: null,
    challenges: [],
    ...overrides,
  });

  it('D10.2: a meeting cannot close while an approved modification has no actions and no reason', () => {
    expect(closingProblems([item({})]).map((p) => [p.code, p.reference])).toEqual([
      ['meeting_actions_missing', 'MP109'],
    ]);
    expect(closingProblems([item({ actionCount: 1 })])).toEqual([]);
    expect(closingProblems([item({ noActionsReason: 'SECAS implements it alone' })])).toEqual([]);
    expect(closingProblems([])).toEqual([]);
  });

  it('D10.6: a meeting cannot close with an undecided delay decision, or "delay appropriate" and no request', () => {
    const delay = (challenges: ClosingItem['challenges']) =>
      item({ kind: 'delay_decision', challenges });
    const undecided = closingProblems([delay([{ delayAppropriate: null, requestMade: false }])]);
    expect(undecided.map((p) => p.code)).toEqual(['delay_request_required']);
    expect(undecided[0]?.message).toMatch(/not decided/);
    const unrequested = closingProblems([delay([{ delayAppropriate: true, requestMade: false }])]);
    expect(unrequested.map((p) => p.code)).toEqual(['delay_request_required']);
    expect(unrequested[0]?.message).toMatch(/request a new timetable/);
    expect(closingProblems([delay([{ delayAppropriate: true, requestMade: true }])])).toEqual([]);
    expect(closingProblems([delay([{ delayAppropriate: false, requestMade: false }])])).toEqual([]);
    expect(closingProblems([item({ kind: 'timetable_request' })])).toEqual([]);
  });

  it('D10.3: an open action due before today is overdue; on its due date it is not yet', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-11-26' }, '2026-11-27')).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: '2026-11-27' }, '2026-11-27')).toBe(false);
    expect(isOverdue({ status: 'done', dueDate: '2026-11-01' }, '2026-11-27')).toBe(false);
  });

  it('D10.2: an action is due on or after the meeting that set it', () => {
    expect(dueDateProblem('2026-11-13', '2026-11-13')).toBeNull();
    expect(dueDateProblem('2026-11-12', '2026-11-13')).toMatch(/before the meeting/);
    expect(dueDateProblem('13/11/2026', '2026-11-13')).toMatch(/YYYY-MM-DD/);
  });
});
