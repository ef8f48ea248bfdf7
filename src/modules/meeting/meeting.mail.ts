/**
 * The e-mails about implementation actions (D10.4, D10.5). PURE: texts only; the actions queue
 * them through the outbox.
 */
import { formatDate } from '../../calendar/format.ts';

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

export interface Mail {
  subject: string;
  text: string;
}

/** D10.4: a person of the owner organisation is told of an action the Panel gave it. */
export function actionAssignedMail(action: ActionNotice, heldOn: string, name: string): Mail {
  return {
    subject: `Implementation action for ${action.reference}: due ${formatDate(action.dueDate)}`,
    text: [
      `Dear ${name},`,
      '',
      `At its meeting of ${formatDate(heldOn)} the SEC Panel gave your organisation an action to meet the approved implementation timetable of ${action.reference} "${action.title}" (Section D10.2–D10.4):`,
      '',
      action.description,
      '',
      `Due by: ${formatDate(action.dueDate)}`,
      '',
      `See the implementation record: /modifications/${action.modificationId}/implementation`,
    ].join('\n'),
  };
}

/** D10.5: a person of the owner organisation is told of its action's new due date. */
export function actionMovedMail(
  action: ActionNotice & { previousDueDate: string },
  name: string,
): Mail {
  return {
    subject: `New due date for your action on ${action.reference}: ${formatDate(action.dueDate)}`,
    text: [
      `Dear ${name},`,
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
  };
}
