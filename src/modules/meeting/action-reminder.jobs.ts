import { inTransaction, type AppContext, type Db, type Tx } from '../../app-context.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import type { WorkingDayCalendar } from '../../calendar/index.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { closeSupersededJobs, enqueueJob } from '../../jobs/jobs.store.ts';
import type { JobHandler } from '../../jobs/worker.ts';
import { CALENDAR_CHANGED_JOB } from '../calendar/calendar.actions.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import { tell } from '../notification/notification.actions.ts';
import {
  overdueSubject,
  overdueText,
  reminderDay,
  reminderDue,
  reminderInstant,
} from './action-reminder.ts';
import {
  actionForReminder,
  actionsAwaitingReminder,
  claimOverdueReminder,
} from './action-reminder.store.ts';
import { activeUsersOf, activeUsersWithRole } from './meeting.store.ts';

/** The job kind that reminds an overdue action's owner (D10.3). */
export const ACTION_REMINDER_JOB = 'implementation_action.overdue_reminder';

const keyPrefixOf = (actionId: number) => `action:${actionId}:overdue-reminder:`;

/**
 * D10.3: queues (in the caller's transaction when given one) the reminder of an open action for
 * 09:00 UK time on the first Working Day after its due date, and closes a reminder job queued
 * for another day (the due date moved, or a bank-holiday override moved the Working Day).
 * Returns the day it is queued for.
 */
export async function scheduleActionReminder(
  db: Db | Tx,
  calendar: WorkingDayCalendar,
  action: { id: number; dueDate: string },
  now: Date,
): Promise<string> {
  const day = reminderDay(calendar, action.dueDate);
  const key = `${keyPrefixOf(action.id)}${day}`;
  await enqueueJob(
    db,
    {
      kind: ACTION_REMINDER_JOB,
      runAt: new Date(reminderInstant(day)),
      payload: { actionId: action.id },
      dedupeKey: key,
    },
    now,
  );
  await closeSupersededJobs(db, keyPrefixOf(action.id), key, now);
  return day;
}

/**
 * Puts the reminder job of every open, not yet reminded action on the day the current calendar
 * gives: run when the worker starts and right after a bank-holiday override is added, removed
 * or imported. Idempotent (dedupe keys). Returns how many actions were looked at.
 */
export async function rescheduleActionReminders(ctx: AppContext): Promise<number> {
  const calendar = await calendarFor(ctx);
  const actions = await actionsAwaitingReminder(ctx.db);
  for (const action of actions) await scheduleActionReminder(ctx.db, calendar, action, ctx.now());
  return actions.length;
}

/**
 * D10.3: reminds the owner's people of an overdue action, copied to the Code Administrator, as
 * each chose for their actions (topic `action`). The action is claimed by a conditional update in
 * the transaction that queues the e-mail, so no reminder goes twice, whatever the number of
 * workers. Before its day (the calendar changed since it was queued) it is queued again for the
 * right day instead. Returns true when the reminder was sent now.
 */
export async function remindOverdueAction(ctx: AppContext, actionId: number): Promise<boolean> {
  const calendar = await calendarFor(ctx);
  const action = await actionForReminder(ctx.db, actionId);
  if (!action) return false;
  if (!reminderDue(calendar, action, todayOf(ctx.now()))) {
    if (action.status === 'open' && action.overdueRemindedAt === null)
      await scheduleActionReminder(ctx.db, calendar, action, ctx.now());
    return false;
  }
  return inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    if (!(await claimOverdueReminder(unit.trx, action.id, unit.now))) return false;
    const [owners, secas] = await Promise.all([
      activeUsersOf(unit.trx, action.ownerOrganisationId),
      activeUsersWithRole(unit.trx, 'code_administrator'),
    ]);
    const told = await tell(unit, [...owners, ...secas], {
      topic: 'action',
      subject: overdueSubject(action),
      body: overdueText(action),
      path: `/modifications/${action.modificationId}/implementation`,
      key: `action:${action.id}:overdue`,
    });
    await unit.audit({
      action: 'implementation_action.overdue_reminded',
      subjectType: 'implementation_action',
      subjectId: String(action.id),
      after: { dueDate: action.dueDate, told: told.map((p) => p.email) },
    });
    return true;
  });
}

export const ACTION_REMINDER_JOB_HANDLERS: Readonly<Record<string, JobHandler>> = {
  [ACTION_REMINDER_JOB]: async (ctx, payload) => {
    await remindOverdueAction(ctx, (payload as { actionId: number }).actionId);
  },
  [CALENDAR_CHANGED_JOB]: async (ctx) => {
    await rescheduleActionReminders(ctx);
  },
};
