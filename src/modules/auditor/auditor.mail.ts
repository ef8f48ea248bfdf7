/** The e-mail escalating the DCC's refusal of an auditor's access request (D10.11): pure text. */
import { formatDate } from '../../calendar/format.ts';
import { ACCESS_KIND_NAMES, type AccessRequest } from './auditor.ts';

/** What the escalation names besides the request. */
export interface RefusalFacts {
  releaseId: number;
  releaseName: string;
  auditorName: string;
  /** The day of the refusal, `YYYY-MM-DD` (UK). */
  refusedOn: string;
}

/** D10.11: the subject of the e-mail telling the Panel of a refused access request. */
export function refusalSubject(request: AccessRequest, facts: RefusalFacts): string {
  return `${facts.releaseName}: the DCC has refused the external auditor’s request for ${ACCESS_KIND_NAMES[request.kind].toLowerCase()}`;
}

/** D10.11: the text of that e-mail, to one member of the Panel or of SECAS. */
export function refusalText(request: AccessRequest, facts: RefusalFacts, name: string): string {
  return [
    `Dear ${name},`,
    '',
    `The DCC has refused a request by ${facts.auditorName}, the appointed external auditor of the ${facts.releaseName}, for ${ACCESS_KIND_NAMES[request.kind].toLowerCase()}${request.wantedOn ? ` (wanted on ${formatDate(request.wantedOn)})` : ''}, on ${formatDate(facts.refusedOn)}.`,
    '',
    `The auditor asked: ${request.detail}`,
    '',
    `The DCC's reason: ${request.answer ?? ''}`,
    '',
    'Under Section D10.11 the DCC must co-operate with the external auditor, allowing the access to records, test results, test laboratories and test witnessing that it may reasonably require. The refusal is escalated to the Panel.',
    '',
    `The request: /releases/${facts.releaseId}/auditor#access-request-${request.id}`,
  ].join('\n');
}
