/**
 * The e-mails of information requests to the DCC (D10.10, D10.14). PURE: texts only; the actions
 * and the sweep queue them through the outbox.
 */
import { longDate } from '../../calendar/date-words.ts';
import { sectionName, REMINDER_WORKING_DAYS } from './dcc-request.ts';

/** What an e-mail says about a request. */
export interface RequestMailFacts {
  id: number;
  releaseName: string;
  subject: string;
  detail: string;
  dueDate: string;
  ridSection: string | null;
}

export interface Mail {
  subject: string;
  text: string;
}

function summary(request: RequestMailFacts): string[] {
  const section = sectionName(request.ridSection);
  return [
    `Release: ${request.releaseName}`,
    ...(section ? [`RID section: ${section}`] : []),
    `Request: ${request.subject}`,
    ...(request.detail.trim() ? ['', request.detail.trim()] : []),
    '',
    `Due by: ${longDate(request.dueDate)}`,
    '',
    `Answer at /dcc-requests/${request.id}`,
  ];
}

/** D10.10, D10.14: the DCC is told of a new request. */
export function requestMail(request: RequestMailFacts, name: string, by: string): Mail {
  return {
    subject: `Information request to the DCC, due ${longDate(request.dueDate)}: ${request.subject}`,
    text: [
      `Dear ${name},`,
      '',
      `${by} asks the DCC, for the SEC Panel, for information on the ${request.releaseName} (Section D10.10${request.ridSection ? ' and D10.14' : ''}).`,
      '',
      ...summary(request),
    ].join('\n'),
  };
}

/** D10.10: the DCC's reminder, REMINDER_WORKING_DAYS Working Days before the due date. */
export function reminderMail(request: RequestMailFacts, name: string): Mail {
  return {
    subject: `Reminder: information request due ${longDate(request.dueDate)}: ${request.subject}`,
    text: [
      `Dear ${name},`,
      '',
      `The SEC Panel's request to the DCC is still open and is due in ${REMINDER_WORKING_DAYS} Working Days (Section D10.10).`,
      '',
      ...summary(request),
    ].join('\n'),
  };
}

/** D10.10: the one overdue notice, to the DCC and (as a copy) to SECAS. */
export function overdueMail(request: RequestMailFacts, name: string, copy: boolean): Mail {
  return {
    subject: `Overdue information request, due ${longDate(request.dueDate)}: ${request.subject}`,
    text: [
      `Dear ${name},`,
      '',
      copy
        ? `For your information (copy to SECAS): the DCC has not answered the SEC Panel's request by its due date (Section D10.10).`
        : `The DCC has not answered the SEC Panel's request by its due date (Section D10.10). Please answer it now.`,
      '',
      ...summary(request),
    ].join('\n'),
  };
}

/** D10.10: the person who asked is told of the DCC's answer. */
export function answeredMail(request: RequestMailFacts, name: string, response: string): Mail {
  return {
    subject: `The DCC has answered: ${request.subject}`,
    text: [
      `Dear ${name},`,
      '',
      `The DCC has answered your information request on the ${request.releaseName} (Section D10.10).`,
      '',
      `Request: ${request.subject}`,
      '',
      response.trim(),
      '',
      `See the request at /dcc-requests/${request.id}`,
    ].join('\n'),
  };
}

/** D10.10: the DCC is told that a request no longer needs an answer. */
export function withdrawnMail(request: RequestMailFacts, name: string, reason: string): Mail {
  return {
    subject: `Information request withdrawn: ${request.subject}`,
    text: [
      `Dear ${name},`,
      '',
      `The information request on the ${request.releaseName} has been withdrawn; no answer is needed.`,
      '',
      `Request: ${request.subject}`,
      `Reason: ${reason.trim()}`,
    ].join('\n'),
  };
}
