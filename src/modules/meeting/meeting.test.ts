import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, createCalendar } from '../../calendar/index.ts';
import {
  actionTimetableProblem,
  closingProblems,
  decisionDateAt,
  dueDateProblem,
  lastRecordDay,
  newMeetingProblem,
  panelRecordProblem,
  isLatePaper,
  isOverdue,
  nextMeetingAfter,
  papersDueFor,
  subtractWorkingDays,
  type ClosingItem,
  type MeetingSlot,
  meetingRecordState,
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

describe('Panel acts that a single actor cannot fabricate (ruling 13, D10.2)', () => {
  const cutOver = '2026-01-01';
  const secas = { secas: true, chair: false };
  const chair = { secas: false, chair: true };
  const make = (heldOn: string, kind: 'ordinary' | 'extraordinary', caller = secas) =>
    newMeetingProblem({
      heldOn,
      kind,
      papersDue: papersDueFor(calendar, heldOn),
      today: '2026-11-27',
      cutOver,
      caller,
    });

  it('Ruling 13: no meeting is created in the past; an ordinary one only before its papers date', () => {
    expect(make('2026-11-26', 'ordinary')?.code).toBe('meeting_in_past');
    expect(make('2026-11-26', 'extraordinary', chair)?.code).toBe('meeting_in_past');
    expect(make('2026-11-27', 'ordinary')?.code).toBe('meeting_papers_passed');
    // Papers of 4 December are due on 27 November, today: already issued.
    expect(make('2026-12-04', 'ordinary')?.message).toMatch(/extraordinary/);
    expect(make('2026-12-11', 'ordinary')).toBeNull();
  });

  it('Ruling 13: the Panel Chair calls an extraordinary meeting, SECAS schedules ordinary ones', () => {
    expect(make('2026-11-27', 'extraordinary')?.code).toBe('extraordinary_meeting_chair');
    expect(make('2026-11-27', 'extraordinary', chair)).toBeNull();
    expect(make('2026-12-11', 'ordinary', chair)?.code).toBe('forbidden');
  });

  it('Ruling 13: a meeting held before the cut-over is history, of either kind, recorded by SECAS', () => {
    expect(make('2025-12-12', 'ordinary')).toBeNull();
    expect(make('2025-12-30', 'extraordinary')).toBeNull();
  });

  it('Ruling 13: a Panel decision is recorded from the day of the meeting to 5 Working Days after', () => {
    expect(lastRecordDay(calendar, '2026-11-13')).toBe('2026-11-20');
    // Christmas and Boxing Day (moved to Monday 28 December) are not Working Days.
    expect(lastRecordDay(calendar, '2026-12-23')).toBe('2027-01-04');
    const problem = (heldOn: string, today: string) =>
      panelRecordProblem(calendar, heldOn, today, cutOver)?.code ?? null;
    expect(problem('2026-11-13', '2026-11-12')).toBe('meeting_not_held');
    expect(problem('2026-11-13', '2026-11-13')).toBeNull();
    expect(problem('2026-11-13', '2026-11-20')).toBeNull();
    expect(problem('2026-11-13', '2026-11-21')).toBe('panel_record_late');
    expect(problem('2025-11-13', '2026-11-27')).toBeNull();
    expect(
      panelRecordProblem(calendar, '2026-11-13', '2026-11-23', cutOver, 'dueDate'),
    ).toMatchObject({ field: 'dueDate' });
  });

  it('Ruling 13: a Panel decision is dated the day of the meeting that took it', () => {
    expect(decisionDateAt('2026-11-20', undefined, 'requestedOn')).toEqual({ date: '2026-11-20' });
    expect(decisionDateAt('2026-11-20', ' ', 'requestedOn')).toEqual({ date: '2026-11-20' });
    expect(decisionDateAt('2026-11-20', '2026-11-20', 'requestedOn')).toEqual({
      date: '2026-11-20',
    });
    expect(decisionDateAt('2026-11-20', '2026-11-21', 'reviewedOn')).toMatchObject({
      field: 'reviewedOn',
    });
  });

  it('D10.2: an action is due by the modification’s implementation date', () => {
    expect(actionTimetableProblem('2027-02-25', '2027-02-25', 'MP101')).toBeNull();
    expect(actionTimetableProblem('2027-03-04', null, 'MP101')).toBeNull();
    const late = actionTimetableProblem('2027-02-26', '2027-02-25', 'MP101');
    expect(late).toMatchObject({ code: 'action_after_implementation', field: 'dueDate' });
    expect(late?.message).toContain('25 February 2027');
  });
});

describe('Issue 13, D10.2, ruling 13: where a meeting’s record stands', () => {
  const calendar = createCalendar('england-and-wales');
  // Friday 27 November 2026: decisions can be recorded until Friday 4 December.
  const meeting = { heldOn: '2026-11-27', status: 'scheduled' as const };
  const lastDay = lastRecordDay(calendar, meeting.heldOn);

  it('scheduled until it is held (the day itself too), then awaiting its record up to the last day of its window, then past it', () => {
    expect(lastDay).toBe('2026-12-04');
    expect(meetingRecordState(meeting, lastDay, '2026-11-26', false)).toBe('scheduled');
    expect(meetingRecordState(meeting, lastDay, '2026-11-27', false)).toBe('scheduled');
    expect(meetingRecordState(meeting, lastDay, '2026-11-28', false)).toBe('awaiting_record');
    expect(meetingRecordState(meeting, lastDay, '2026-12-03', false)).toBe('awaiting_record');
    expect(meetingRecordState(meeting, lastDay, '2026-12-04', false)).toBe('awaiting_record');
    expect(meetingRecordState(meeting, lastDay, '2026-12-05', false)).toBe('record_window_passed');
  });

  it('a closed meeting is closed; a meeting held outside secrel is history, never awaiting a record', () => {
    expect(meetingRecordState({ ...meeting, status: 'closed' }, lastDay, '2026-12-03', false)).toBe(
      'closed',
    );
    expect(meetingRecordState(meeting, lastDay, '2026-12-03', true)).toBe('held_outside');
    expect(meetingRecordState(meeting, lastDay, '2027-06-01', true)).toBe('held_outside');
  });
});
