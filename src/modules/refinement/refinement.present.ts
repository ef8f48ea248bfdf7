import type { Kysely } from 'kysely';
import { londonDateOf } from '../../calendar/index.ts';
import type { DB } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { findModification } from '../modification/modification.queries.ts';
import { STATUS_NAMES, isStatus } from '../modification/modification.ts';
import { BODY_NAMES, documentInProse, unsoughtViews } from './consultation-rules.ts';
import { completionBlockers, isViewOverdue } from './refinement.ts';
import { loadChecklist, loadConsultationState } from './refinement.store.ts';
import type { ViewRequestView } from './view-requests.store.ts';
import { refinementReturnsOf } from './refinement-return.store.ts';

/** A view request as the API and pages show it: dates as text, the body named, overdue or not. */
export function presentViewRequest(request: ViewRequestView, today: string) {
  return {
    id: request.id,
    modificationId: request.modificationId,
    reference: request.reference,
    title: request.title,
    modificationStatus: request.modificationStatus,
    body: request.body,
    bodyName: BODY_NAMES[request.body],
    mandatory: request.mandatory,
    reasons: request.reasons,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
    respondBy: request.respondBy,
    overdue: isViewOverdue(request, today),
    response: request.response,
    respondedBy: request.respondedBy,
    respondedAt: request.respondedAt?.toISOString() ?? null,
  };
}

export type PresentedViewRequest = ReturnType<typeof presentViewRequest>;

/**
 * Everything about one modification's refinement: the checklist (a)–(l), DCC testing, the
 * documents it changes, whose views must be sought and why, notifications, requests, and why
 * refinement cannot complete yet. `not_found` for an unknown modification.
 */
export async function loadRefinement(db: Kysely<DB>, modificationId: number, now: Date) {
  const modification = await findModification(db, modificationId);
  if (!modification) throw new AppError('not_found', 'No such modification');
  const today = londonDateOf(now.toISOString());
  const items = await loadChecklist(db, modificationId);
  const state = await loadConsultationState(db, modificationId);
  const dccTesting = {
    required: modification.dcc_testing_required,
    testingSolution: modification.testing_solution,
  };
  const returns = await refinementReturnsOf(db, modificationId);
  const requested = state.requests.map((request) => request.body);
  const blockers = completionBlockers({
    items,
    dccTesting,
    unsought: unsoughtViews(state.consultations, requested),
  });
  return {
    modification: {
      id: modification.id,
      reference: modification.reference,
      title: modification.title,
      status: modification.status,
      path: modification.path,
      version: modification.version,
    },
    items: items.map((item) => ({
      purpose: item.purpose,
      name: item.name,
      description: item.description,
      status: item.conclusion === null ? ('not_started' as const) : ('completed' as const),
      conclusion: item.conclusion,
      concludedBy: item.concludedBy,
      concludedAt: item.concludedAt?.toISOString() ?? null,
      version: item.version,
    })),
    dccTesting,
    documents: state.documents.map((document) => ({
      id: document.id,
      label: documentInProse(document),
      title: document.title,
    })),
    consultations: state.consultations.map((consultation) => {
      const request = state.requests.find((candidate) => candidate.body === consultation.body);
      return {
        body: consultation.body,
        bodyName: BODY_NAMES[consultation.body],
        purpose: consultation.purpose,
        mandatory: consultation.mandatory,
        reasons: consultation.reasons,
        requested: request !== undefined,
        requestId: request?.id ?? null,
        viewReceived: request?.response != null,
      };
    }),
    notifications: state.notifications.map((notice) => ({
      id: notice.id,
      body: notice.body,
      bodyName: BODY_NAMES[notice.body],
      viaSubgroup: notice.viaSubgroup,
      note: notice.note,
      recordedBy: notice.recordedBy,
      recordedAt: notice.recordedAt.toISOString(),
    })),
    requests: state.requests.map((request) => presentViewRequest(request, today)),
    // D6.8(f)–(i): each return to refinement a change of documents caused, latest first.
    returns: returns.map((entry) => ({
      fromStatus: entry.fromStatus,
      fromStatusName: isStatus(entry.fromStatus)
        ? STATUS_NAMES[entry.fromStatus]
        : entry.fromStatus,
      bodies: entry.bodies,
      reason: entry.reason,
      returnedBy: entry.returnedBy,
      returnedAt: entry.returnedAt.toISOString(),
    })),
    blockers,
  };
}

export type PresentedRefinement = Awaited<ReturnType<typeof loadRefinement>>;
