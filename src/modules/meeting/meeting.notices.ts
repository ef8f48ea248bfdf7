import type { UnitOfWork } from '../../app-context.ts';
import { formatDate } from '../../calendar/format.ts';
import { activeUsersOf } from './meeting.store.ts';

/** An implementation action as its owner is told of it. */
export interface ActionNotice {
  id: number;
  modificationId: number;
  reference: string;
  title: string;
  description: string;
  dueDate: string;
  ownerOrganisationId: number;
}

/**
 * D10.4: each person of the owner organisation is told of an action the Panel gave it, one
 * e-mail each through the outbox (sent only if the action is saved), keyed so it is never
 * queued twice.
 */
export async function notifyActionAssigned(
  unit: UnitOfWork,
  action: ActionNotice,
  heldOn: string,
): Promise<number> {
  const users = await activeUsersOf(unit.trx, action.ownerOrganisationId);
  for (const user of users) {
    await unit.notify({
      to: user.email,
      toName: user.name,
      subject: `Implementation action for ${action.reference}: due ${formatDate(action.dueDate)}`,
      text: [
        `Dear ${user.name},`,
        '',
        `At its meeting of ${formatDate(heldOn)} the SEC Panel gave your organisation an action to meet the approved implementation timetable of ${action.reference} "${action.title}" (Section D10.2–D10.4):`,
        '',
        action.description,
        '',
        `Due by: ${formatDate(action.dueDate)}`,
        '',
        `See the implementation record: /modifications/${action.modificationId}/implementation`,
      ].join('\n'),
      dedupeKey: `action:${action.id}:assigned:${user.id}`,
    });
  }
  return users.length;
}

/**
 * D10.5: when the Authority's direction moves an action's due date, its owner's people are
 * told of the new date, once per direction.
 */
export async function notifyActionMoved(
  unit: UnitOfWork,
  action: ActionNotice & { previousDueDate: string },
  requestId: number,
): Promise<void> {
  const users = await activeUsersOf(unit.trx, action.ownerOrganisationId);
  for (const user of users) {
    await unit.notify({
      to: user.email,
      toName: user.name,
      subject: `New due date for your action on ${action.reference}: ${formatDate(action.dueDate)}`,
      text: [
        `Dear ${user.name},`,
        '',
        `The Authority has directed a new implementation timetable for ${action.reference} "${action.title}" (Section D10.5). Your organisation's action moves with it:`,
        '',
        action.description,
        '',
        `Was due: ${formatDate(action.previousDueDate)}`,
        `Now due: ${formatDate(action.dueDate)}`,
        '',
        `See the implementation record: /modifications/${action.modificationId}/implementation`,
      ].join('\n'),
      dedupeKey: `action:${action.id}:moved:${requestId}:${user.id}`,
    });
  }
}
