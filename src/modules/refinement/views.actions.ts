import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { AppError, invalid, requiredText } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import {
  isSubCommittee,
  type Principal,
  type SubCommittee,
  actorOf,
} from '../identity/identity.ts';
import { hasAnyRole, requireActor } from '../identity/identity.access.ts';
import { lockModification, type Modification } from '../modification/modification.queries.ts';
import {
  BODY_NAMES,
  PURPOSE_OF_BODY,
  acceptsSubgroupNotice,
  bodySubject,
} from './consultation-rules.ts';
import { requireRefinementOpen } from './refinement.actions.ts';
import { canRecordNotification, canRequestView, canRespondToView } from './refinement.access.ts';
import { MAX_TEXT_LENGTH, isRefinementOpen } from './refinement.ts';
import { defaultRespondBy } from './respond-by.ts';
import {
  activeContact,
  bodyExists,
  insertNotification,
  loadConsultationState,
  membersOf,
} from './refinement.store.ts';
import {
  insertViewRequest,
  listViewRequests,
  lockViewRequest,
  modificationOfViewRequest,
  type LockedViewRequest,
  saveViewResponse,
  type ViewRequestView,
} from './view-requests.store.ts';

/**
 * How long a sub-committee is given to answer when SECAS does not say: 15 Working Days after the
 * day of the request. A default of ours (D6.8 sets no period); SECAS may set any later date.
 */

/** "The Security Sub-Committee …" at the start of a sentence. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function requireBody(value: string): SubCommittee {
  const body = value.trim();
  if (!isSubCommittee(body)) {
    throw invalid(
      'body',
      'Choose TABASC, the Security Sub-Committee, the SMKI PMA or the Alt HAN Forum',
    );
  }
  return body;
}

async function requireRegisteredBody(unit: UnitOfWork, body: SubCommittee): Promise<void> {
  if (!(await bodyExists(unit.trx, body))) {
    throw invalid('body', `${capitalised(bodySubject(body))} is not registered as a body yet`);
  }
}

export interface RecordedNotification {
  id: number;
  body: SubCommittee;
  viaSubgroup: string | null;
  note: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface NewNotification {
  body: string;
  viaSubgroup?: string | undefined;
  note?: string | undefined;
}

/** A notification's sub-group and note, as D6.8 and the register allow them. */
function readNotification(body: SubCommittee, input: NewNotification) {
  const viaSubgroup = input.viaSubgroup?.trim() ?? '';
  if (viaSubgroup !== '' && !acceptsSubgroupNotice(body)) {
    throw invalid(
      'viaSubgroup',
      `Only the Alt HAN Forum can be notified for by a Forum Sub-Group; leave the sub-group empty for ${bodySubject(body)}`,
    );
  }
  if (viaSubgroup.length > 200) {
    throw invalid('viaSubgroup', 'The sub-group name must be 200 characters or fewer');
  }
  const note = input.note?.trim() ?? '';
  if (note.length > MAX_TEXT_LENGTH) {
    throw invalid('note', `The note must be ${MAX_TEXT_LENGTH} characters or fewer`);
  }
  return { viaSubgroup: viaSubgroup === '' ? null : viaSubgroup, note };
}

/**
 * D6.8(f)–(i): records that a sub-committee wishes to express a view on the proposal, which makes
 * seeking its views mandatory. SECAS, or a member of that body for their own body. Only the Alt
 * HAN Forum may be notified for by a sub-group (a Forum Sub-Group). Audited as
 * `refinement.view_notified`.
 */
export async function recordNotification(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: NewNotification,
): Promise<RecordedNotification> {
  const body = requireBody(input.body);
  const actor = actorOf(requireActor(principal, (p) => canRecordNotification(p, body)));
  const { viaSubgroup, note } = readNotification(body, input);
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId);
    requireRefinementOpen(modification, 'notifications');
    await requireRegisteredBody(unit, body);
    const row = await insertNotification(unit, { modificationId, body, viaSubgroup, note });
    await unit.audit({
      action: 'refinement.view_notified',
      subjectType: 'modification',
      subjectId: String(modificationId),
      after: { notificationId: row.id, body, viaSubgroup: row.viaSubgroup, note },
    });
    return {
      id: row.id,
      body,
      viaSubgroup: row.viaSubgroup,
      note,
      recordedBy: actor.label,
      recordedAt: row.recordedAt,
    };
  });
}

/**
 * Decides a new view request: not asked before, mandatory (and why) as the consultation rules
 * say, answered by the date given (not in the past) or the default Working Days after today.
 */
async function decideViewRequest(
  ctx: AppContext,
  unit: UnitOfWork,
  modification: Modification,
  body: SubCommittee,
  given: string,
) {
  const today = todayOf(unit.now);
  if (given !== '' && given < today) {
    throw invalid('respondBy', 'The respond-by date cannot be in the past');
  }
  const state = await loadConsultationState(unit.trx, modification.id);
  if (state.requests.some((request) => request.body === body)) {
    throw new AppError(
      'already_exists',
      `The views of ${bodySubject(body)} have already been requested for ${modification.reference}`,
      { field: 'body' },
    );
  }
  const consultation = state.consultations.find((candidate) => candidate.body === body);
  const mandatory = consultation?.mandatory ?? false;
  const reasons = consultation?.reasons ?? [];
  const calendar = await calendarFor(ctx, undefined, unit.trx);
  const respondBy = given === '' ? defaultRespondBy(calendar, unit.now.toISOString()) : given;
  return { modificationId: modification.id, body, mandatory, reasons, respondBy };
}

/** E-mails the members of the body asked, saying why its views are sought and by when. */
async function notifyMembers(
  unit: UnitOfWork,
  modification: Modification,
  requestId: number,
  request: Awaited<ReturnType<typeof decideViewRequest>>,
): Promise<void> {
  const { body, mandatory, reasons, respondBy } = request;
  const why = mandatory
    ? `Its views must be sought under D6.8(${PURPOSE_OF_BODY[body]}): ${reasons.join('; ')}.`
    : 'Its views are sought although D6.8 does not require it.';
  for (const member of await membersOf(unit.trx, body)) {
    await unit.notify({
      to: member.email,
      toName: member.name,
      subject: `Views requested: ${modification.reference} ${modification.title}`,
      text: `SECAS asks ${bodySubject(body)} for its views on ${modification.reference} "${modification.title}" by ${respondBy}.\n\n${why}\n\nAnswer on the "Views requested" page of SEC Release Management.`,
      dedupeKey: `view-request:${requestId}:${member.id}`,
    });
  }
}

/**
 * D6.8(f)–(i): SECAS asks a sub-committee for its views, recording whether that was mandatory
 * and the rules that made it so. One request per body per modification (`already_exists`).
 * The respond-by date defaults to DEFAULT_RESPONSE_WORKING_DAYS Working Days after the
 * request and may not be in the past. The body's members are e-mailed. Audited as
 * `refinement.view_requested`.
 */
export async function requestView(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: { body: string; respondBy?: string | undefined },
): Promise<ViewRequestView> {
  const actor = actorOf(requireActor(principal, canRequestView));
  const body = requireBody(input.body);
  const given = input.respondBy?.trim() ?? '';
  if (given !== '' && !isIsoDate(given)) {
    throw invalid('respondBy', 'Enter the respond-by date as a real date, YYYY-MM-DD');
  }
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId);
    requireRefinementOpen(modification, 'view requests');
    await requireRegisteredBody(unit, body);
    const request = await decideViewRequest(ctx, unit, modification, body, given);
    const id = await insertViewRequest(unit, request);
    const { mandatory, reasons, respondBy } = request;
    await unit.audit({
      action: 'refinement.view_requested',
      subjectType: 'modification',
      subjectId: String(modificationId),
      after: { requestId: id, body, mandatory, reasons, respondBy },
    });
    await notifyMembers(unit, modification, id, request);
    const [created] = await listViewRequests(unit.trx, { modificationId, bodies: [body] });
    if (!created) throw new Error(`view request ${id} vanished`);
    return created;
  });
}

/** Tells whoever asked for the view that it has arrived (if their account is still enabled). */
async function notifyRequester(
  unit: UnitOfWork,
  modification: Modification,
  request: LockedViewRequest,
  view: string,
  late: boolean,
): Promise<void> {
  const requester =
    request.requestedBy === null ? undefined : await activeContact(unit.trx, request.requestedBy);
  if (!requester) return;
  await unit.notify({
    to: requester.email,
    toName: requester.name,
    subject: `View received: ${BODY_NAMES[request.body]} on ${modification.reference}`,
    text: `${capitalised(bodySubject(request.body))} has given its view on ${modification.reference} "${modification.title}"${late ? ' (after the modification left refinement)' : ''}:\n\n${view}`,
    dedupeKey: `view-response:${request.id}`,
  });
}

/**
 * D6.8(f)–(i): a member of the body asked records the body's view. Answering twice is
 * `already_exists`. A view may arrive after the modification left refinement: it is kept, and
 * marked as received late. The requester is e-mailed. Audited as `refinement.view_received`.
 */
export async function respondToView(
  ctx: AppContext,
  principal: Principal | null,
  requestId: number,
  input: { view: string },
): Promise<ViewRequestView & { receivedAfterRefinement: boolean }> {
  const actor = actorOf(requireActor(principal, (p) => hasAnyRole(p, ['sub_committee_member'])));
  const view = requiredText('view', input.view, 'the view of the sub-committee', MAX_TEXT_LENGTH);
  return inTransaction(ctx, actor, async (unit) => {
    // Lock the modification before the request, the order every refinement action uses.
    const target = await modificationOfViewRequest(unit.trx, requestId);
    if (target === undefined)
      throw new AppError('not_found', `There is no view request number ${requestId}`);
    const modification = await lockModification(unit.trx, target);
    const request = await lockViewRequest(unit.trx, requestId);
    if (!canRespondToView(principal, request.body)) {
      throw new AppError(
        'forbidden',
        `Only a member of ${bodySubject(request.body)} can give its view`,
      );
    }
    if (request.response !== null) {
      throw new AppError('already_exists', 'The view of this body has already been recorded', {
        field: 'view',
      });
    }
    const late = !isRefinementOpen(modification.status);
    await saveViewResponse(unit, requestId, view);
    await unit.audit({
      action: 'refinement.view_received',
      subjectType: 'modification',
      subjectId: String(modification.id),
      after: { requestId, body: request.body, view, receivedAfterRefinement: late },
    });
    await notifyRequester(unit, modification, request, view, late);
    const [answered] = await listViewRequests(unit.trx, {
      modificationId: modification.id,
      bodies: [request.body],
    });
    if (!answered) throw new Error(`view request ${requestId} vanished`);
    return { ...answered, receivedAfterRefinement: late };
  });
}
