/**
 * The e-mail of the Panel's request to the Authority for a new implementation timetable
 * (D10.5, D10.6). PURE: text only; the action queues it through the outbox.
 */
import { formatDate } from '../../calendar/format.ts';

export interface Mail {
  subject: string;
  text: string;
}

/** D10.5, D10.6: a person of the Authority is asked to direct a new timetable, or decline. */
export function authorityRequestMail(
  modification: { id: number; reference: string; title: string },
  request: { challengeId: number | null; reason: string; proposedDate: string | null },
  name: string,
): Mail {
  return {
    subject: `SEC Panel request for a new implementation timetable: ${modification.reference}`,
    text: [
      `Dear ${name},`,
      '',
      `The SEC Panel asks the Authority to direct a new implementation timetable for ${modification.reference} "${modification.title}" (Section D10.5${request.challengeId === null ? '' : ' and D10.6'}).`,
      '',
      `Reasons: ${request.reason}`,
      request.proposedDate
        ? `Proposed implementation date: ${formatDate(request.proposedDate)}`
        : '',
      '',
      `Record the direction, or decline: /modifications/${modification.id}/implementation`,
    ].join('\n'),
  };
}
