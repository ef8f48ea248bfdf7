/**
 * D10.3: the Panel makes sure the actions it determined (D10.2) are taken: an action still open
 * after its due date is overdue, and its owner is reminded once, on the first Working Day after
 * the due date. Pure: the calendar and the day in, the answer out.
 */
import { addWorkingDays, endOfLondonDay, type WorkingDayCalendar } from '../../calendar/index.ts';
import { formatDate } from '../../calendar/format.ts';
import { formatEpochDay, parseIsoDate } from '../../calendar/civil-date.ts';

/** Reminders go at 09:00 UK time on their day (a Working Day, so never a day the clocks change). */
const REMINDER_HOUR_MS = 9 * 60 * 60_000;

/** D10.3: the day an open action's owner is reminded: the first Working Day after its due date. */
export function reminderDay(calendar: WorkingDayCalendar, dueDate: string): string {
  return addWorkingDays(calendar, dueDate, 1);
}

/** 09:00 UK time on a day, in epoch milliseconds: when its reminders are sent. */
export function reminderInstant(day: string): number {
  const dayBefore = formatEpochDay(parseIsoDate(day) - 1);
  return Date.parse(endOfLondonDay(dayBefore)) + 1000 + REMINDER_HOUR_MS;
}

/** An action as the reminder rule sees it. */
export interface RemindedAction {
  status: 'open' | 'done';
  dueDate: string;
  overdueRemindedAt: Date | null;
}

/** D10.3: whether the reminder of an action is due today: open, not reminded, its day come. */
export function reminderDue(
  calendar: WorkingDayCalendar,
  action: RemindedAction,
  today: string,
): boolean {
  return (
    action.status === 'open' &&
    action.overdueRemindedAt === null &&
    today >= reminderDay(calendar, action.dueDate)
  );
}

/** The facts an overdue reminder states. */
export interface OverdueFacts {
  reference: string;
  title: string;
  description: string;
  ownerName: string;
  dueDate: string;
}

/** The subject of the reminder of an overdue action. */
export function overdueSubject(facts: OverdueFacts): string {
  return `Overdue implementation action: ${facts.reference}`;
}

/** D10.3: its text: the action, its owner, when it was due, and what to do. */
export function overdueText(facts: OverdueFacts): string {
  return [
    `An implementation action the SEC Panel determined for ${facts.reference} (${facts.title}) under Section D10.2 was due on ${formatDate(facts.dueDate)} and is not yet recorded as done.`,
    '',
    `The action: ${facts.description}`,
    `Owner: ${facts.ownerName}`,
    '',
    'The Panel must make sure the actions are taken (Section D10.3). If it is done, tell the Code Administrator so it is recorded; if it cannot be done in time, say why.',
  ].join('\n');
}
