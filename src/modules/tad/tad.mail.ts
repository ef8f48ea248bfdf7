/** The e-mail telling the DCC of the Panel's request for a TAD (D10.18): pure text. */
import { formatDate } from '../../calendar/format.ts';
import type { TadRequest } from './tad.ts';

/** D10.18: the subject of the e-mail to each of the DCC's people. */
export function tadRequestedSubject(releaseName: string): string {
  return `${releaseName}: the Panel asks for a Testing Approach Document`;
}

/** D10.18–D10.20: what the Panel asks of the DCC, its note on scope and the due date. */
export function tadRequestedText(
  release: { id: number; name: string },
  request: TadRequest,
  name: string,
): string {
  const due = request.dueDate
    ? `The DCC's first version is due by ${formatDate(request.dueDate)}.`
    : 'The Panel set no date for the first version.';
  return [
    `Dear ${name},`,
    '',
    `On ${formatDate(request.requestedOn)} the SEC Panel asked the DCC to produce a Testing Approach Document for the ${release.name} (Section D10.18). It shows how the DCC's testing and its support for User testing (D10.13(d) and (e)) will be met, and defines the testing objectives including the assurance to be achieved, the testing strategy, and the consequences of that strategy including costs and risks in business terms (D10.19).`,
    '',
    ...(request.scopeNote ? [`The Panel's note on scope: ${request.scopeNote}`, ''] : []),
    due,
    'The DCC consults on each version before the Panel reviews it (D10.20).',
    '',
    `Draft it here: /releases/${release.id}/tad`,
  ].join('\n');
}
