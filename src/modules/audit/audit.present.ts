import type { AuditEvent } from '../../audit/audit.ts';
import { actionInWords } from '../../audit/audit-words.ts';
import type { Principal } from '../identity/identity.ts';
import { canReadAppeals } from '../appeal/appeal.access.ts';
import { canReadDccRequests } from '../dcc-request/dcc-request.access.ts';
import { canReadMeetings } from '../meeting/meeting.access.ts';
import { canReadRegister } from '../modification/modification.access.ts';
import { canReadReleases } from '../release/release.access.ts';

/** The kinds of thing an audit event is about, in words (the filter's choices). */
export const SUBJECT_NAMES: Record<string, string> = {
  modification: 'Modification',
  release: 'SEC Release',
  panel_meeting: 'Panel meeting',
  agenda_item: 'Agenda item',
  implementation_action: 'Implementation action',
  decision: 'Decision',
  consultation: 'Consultation',
  consultation_response: 'Consultation response',
  policy_version: 'Policy version',
  rid_version: 'RID version',
  tad_version: 'TAD version',
  rid_appeal: 'Appeal',
  appeal_draft: 'Draft appeal',
  dcc_request: 'Information request to the DCC',
  test_phase: 'Test phase',
  readiness_report: 'Readiness report',
  authority_request: 'Request to the Authority',
  legal_challenge: 'Legal challenge',
  timetable_representation: 'Representation',
  sec_document: 'SEC document',
  user: 'User',
  organisation: 'Organisation',
  panel_seat: 'Panel seat',
  calendar: 'Calendar',
  calendar_override: 'Calendar change',
  outbox_message: 'E-mail',
  installation: 'Installation',
};

/** Where a subject's own page is, and who may open it (the route's policy). */
const SUBJECT_PAGES: Record<string, { path: string; opens: (p: Principal | null) => boolean }> = {
  modification: { path: '/modifications/', opens: canReadRegister },
  release: { path: '/releases/', opens: canReadReleases },
  panel_meeting: { path: '/meetings/', opens: canReadMeetings },
  rid_appeal: { path: '/appeals/', opens: canReadAppeals },
  dcc_request: { path: '/dcc-requests/', opens: canReadDccRequests },
};

function wordsOf(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An audit event for the page: its action in words, its subject named and linked where the reader may open it. */
export function presentAuditEvent(event: AuditEvent, principal: Principal | null) {
  const page = SUBJECT_PAGES[event.subjectType];
  const number = /^\d+$/.test(event.subjectId) ? event.subjectId : null;
  const named = number ?? (/^[a-z0-9]+(_[a-z0-9]+)+$/.test(event.subjectId) ? '' : event.subjectId);
  return {
    ...event,
    actionWords: actionInWords(event.action),
    subjectWords: `${SUBJECT_NAMES[event.subjectType] ?? wordsOf(event.subjectType)}${named ? ` ${named}` : ''}`,
    subjectHref: page && number && page.opens(principal) ? `${page.path}${number}` : null,
  };
}
