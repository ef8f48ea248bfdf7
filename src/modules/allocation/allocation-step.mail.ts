/**
 * Ruling 17 (D10.3, D10.5(b)): the e-mail to SECAS and the Panel when the Authority's direction
 * leaves allocations out of step with the new implementation date. PURE: text only; the action
 * queues it through the outbox.
 */
import { formatDate } from '../../calendar/format.ts';

export interface Mail {
  subject: string;
  text: string;
}

/** Ruling 17: the allocations a direction left out of step, for one person of SECAS or the Panel. */
export function outOfStepMail(
  modification: { id: number; reference: string; title: string },
  implementationDate: string,
  parts: readonly { releaseName: string; goLive: string; part: string; message: string }[],
  name: string,
): Mail {
  return {
    subject: `${modification.reference}: allocation out of step with the Authority’s direction`,
    text: [
      `Dear ${name},`,
      '',
      `The Authority has directed a new implementation date for ${modification.reference} "${modification.title}": ${formatDate(implementationDate)} (Section D10.5).`,
      '',
      'These allocations are now out of step with it:',
      ...parts.map(
        (p) =>
          `- the ${p.part} part in ${p.releaseName} (go-live ${formatDate(p.goLive)}): ${p.message}`,
      ),
      '',
      'Re-allocate the modification to a release in step with the date, or record a request to the Authority (D10.5).',
      `The modification: /modifications/${modification.id}/implementation`,
    ].join('\n'),
  };
}
