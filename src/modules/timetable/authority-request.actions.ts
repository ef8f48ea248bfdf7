import { inTransaction, type AppContext, type Tx, type UnitOfWork } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, invalid, requiredText } from '../../errors.ts';
import { formatDate } from '../../calendar/format.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { MAX_TEXT } from '../meeting/meeting.ts';
import { moveActionDueDates } from '../meeting/meeting.actions.ts';
import { actionsOfModification, activeUsersWithRole } from '../meeting/meeting.queries.ts';
import { STATUS_NAMES } from '../modification/modification.ts';
import {
  lockModification,
  touchModification,
  type Modification,
} from '../modification/modification.queries.ts';
import {
  implementationDateProblem,
  isImplementing,
  moveDueDates,
  type DueDateMove,
} from './timetable.ts';
import { authorityRequestMail } from './timetable.mail.ts';
import { canAnswerTimetableRequests, canRequestNewTimetables } from './timetable.access.ts';
import {
  insertRequest,
  isChallengeOf,
  lockRequest,
  markRequestDeclined,
  markRequestDirected,
  replaceTimetable,
  type RequestEntry,
  type TimetableEntry,
} from './timetable.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

function requireImplementing(modification: Modification): void {
  if (!isImplementing(modification.status)) {
    throw new AppError(
      'invalid_transition',
      `${modification.reference} is ${STATUS_NAMES[modification.status]}: only an approved modification being implemented has a timetable to change`,
    );
  }
}

export interface NewAuthorityRequest {
  reason: string;
  proposedDate?: string | undefined;
  /** D10.6: the appeal or judicial review this request answers. */
  challengeId?: number | undefined;
}

/**
 * D10.5, D10.6: the Panel (its Chair, or SECAS on its behalf) asks the Authority to direct a
 * new implementation timetable, with its reasons and optionally a proposed date, linked to the
 * challenge it answers where there is one. The Authority's people are e-mailed. Audited.
 */
export async function requestNewTimetable(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: NewAuthorityRequest,
  actor: Actor = actorOf(requireActor(principal, canRequestNewTimetables)),
): Promise<RequestEntry> {
  const reason = requiredText('reason', input.reason, 'why a new timetable is needed', MAX_TEXT);
  const proposedDate = (input.proposedDate ?? '').trim() || null;
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId);
    requireImplementing(modification);
    const today = todayOf(unit.now);
    if (proposedDate !== null) {
      const problem = implementationDateProblem(proposedDate, today);
      if (problem) throw invalid('proposedDate', problem);
    }
    const challengeId = input.challengeId ?? null;
    if (challengeId !== null && !(await isChallengeOf(unit.trx, challengeId, modificationId)))
      throw invalid('challengeId', `Choose a challenge to ${modification.reference}`);
    const request = await insertRequest(
      unit.trx,
      {
        modificationId,
        challengeId,
        reason,
        proposedDate,
        requestedOn: today,
        recordedBy: actor.id,
      },
      unit.now,
    );
    await touchModification(unit, modificationId);
    await notifyAuthority(unit, modification, request);
    await unit.audit({
      action: 'authority_request.made',
      subjectType: 'authority_request',
      subjectId: String(request.id),
      after: { modificationId, reason, proposedDate, challengeId, requestedOn: today },
      reason,
    });
    return request;
  });
}

/** Each active person of the Authority is e-mailed the request, once. */
async function notifyAuthority(
  unit: UnitOfWork,
  modification: Modification,
  request: RequestEntry,
) {
  for (const user of await activeUsersWithRole(unit.trx, 'authority')) {
    await unit.notify({
      to: user.email,
      toName: user.name,
      ...authorityRequestMail(modification, request, user.name),
      dedupeKey: `authority-request:${request.id}:${user.id}`,
    });
  }
}

export interface Direction {
  implementationDate: string;
  /** The date of the Authority's direction; today when absent. */
  directedOn?: string | undefined;
  version?: number | undefined;
}

/** Loads and locks a request still waiting for the Authority's answer. */
async function pendingRequest(trx: Tx, id: number, version?: number): Promise<RequestEntry> {
  const request = await lockRequest(trx, id, version);
  if (request.status !== 'pending') {
    throw new AppError('decision_not_allowed', `This request has already been ${request.status}`);
  }
  return request;
}

/** Checks the date of the Authority's answer: a real date, not future, not before the request. */
function answeredOn(
  field: string,
  given: string | undefined,
  request: { requestedOn: string },
  today: string,
): string {
  const date = (given ?? '').trim() || today;
  if (!isIsoDate(date))
    throw invalid(field, 'Enter the date of the Authority’s answer as YYYY-MM-DD');
  if (date > today)
    throw invalid(field, 'The date of the Authority’s answer cannot be in the future');
  if (date < request.requestedOn) {
    throw invalid(
      field,
      `The Authority cannot answer before the request of ${request.requestedOn}`,
    );
  }
  return date;
}

/** What a direction did: the request answered, the timetable now in force, the actions moved. */
export interface Directed {
  request: RequestEntry;
  timetable: TimetableEntry;
  moved: DueDateMove[];
  modification: Modification;
  previousDate: string | null;
}

/**
 * D10.5: the Authority directs a new implementation timetable on a pending request, inside the
 * caller's unit of work (the Authority's access checked by the caller). The direction replaces
 * the timetable (the old version stays in history) and every open implementation action moves by
 * as many days as the implementation date did (see `moveDueDates`); each move is audited and its
 * owner e-mailed. The use case is `recordDirection` in allocation/allocation-step.actions.ts,
 * which also flags the allocations the new date leaves out of step (ruling 17).
 */
export async function applyDirection(
  unit: UnitOfWork,
  requestId: number,
  input: Direction,
): Promise<Directed> {
  const implementationDate = input.implementationDate.trim();
  const request = await pendingRequest(unit.trx, requestId, input.version);
  const modification = await lockModification(unit.trx, request.modificationId);
  requireImplementing(modification);
  const today = todayOf(unit.now);
  const problem = implementationDateProblem(implementationDate, today);
  if (problem) throw invalid('implementationDate', problem);
  const directedOn = answeredOn('directedOn', input.directedOn, request, today);
  const { previous, current } = await replaceTimetable(unit, modification.id, {
    implementationDate,
    description: `Directed by the Authority on ${formatDate(directedOn)} (request of ${formatDate(request.requestedOn)})`,
    source: 'authority_direction',
  });
  const previousDate = previous?.implementationDate ?? null;
  const moved = await moveOpenActions(
    unit,
    modification,
    previousDate,
    implementationDate,
    requestId,
  );
  const updated = await markRequestDirected(unit.trx, requestId, {
    directedDate: implementationDate,
    directedOn,
  });
  await touchModification(unit, modification.id);
  await unit.audit({
    action: 'authority_request.directed',
    subjectType: 'authority_request',
    subjectId: String(requestId),
    before: { status: 'pending', implementationDate: previousDate },
    after: { status: 'directed', implementationDate, directedOn, movedActions: moved.length },
  });
  return { request: updated, timetable: current, moved, modification, previousDate };
}

/** D10.5: the modification's open actions move with its implementation date (`moveDueDates`). */
async function moveOpenActions(
  unit: UnitOfWork,
  modification: Modification,
  previousDate: string | null,
  implementationDate: string,
  requestId: number,
): Promise<DueDateMove[]> {
  const actions = await actionsOfModification(unit.trx, modification.id);
  const moved = moveDueDates(actions, previousDate, implementationDate);
  await moveActionDueDates(unit, modification, actions, moved, requestId);
  return moved;
}

/** D10.5: the Authority declines a pending request; the timetable stays as it is. Audited. */
export async function declineRequest(
  ctx: AppContext,
  principal: Principal | null,
  requestId: number,
  input: {
    reason?: string | undefined;
    decidedOn?: string | undefined;
    version?: number | undefined;
  },
  actor: Actor = actorOf(requireActor(principal, canAnswerTimetableRequests)),
): Promise<RequestEntry> {
  const reason = (input.reason ?? '').trim();
  if (reason.length > MAX_TEXT)
    throw invalid('reason', `The reason must be ${MAX_TEXT} characters or fewer`);
  return inTransaction(ctx, actor, async (unit) => {
    const request = await pendingRequest(unit.trx, requestId, input.version);
    const decidedOn = answeredOn('decidedOn', input.decidedOn, request, todayOf(unit.now));
    const updated = await markRequestDeclined(unit.trx, requestId, decidedOn);
    await touchModification(unit, request.modificationId);
    await unit.audit({
      action: 'authority_request.declined',
      subjectType: 'authority_request',
      subjectId: String(requestId),
      before: { status: 'pending' },
      after: { status: 'declined', decidedOn, modificationId: request.modificationId },
      reason: reason === '' ? null : reason,
    });
    return updated;
  });
}
