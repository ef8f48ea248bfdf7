import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import { formatDate } from '../../calendar/format.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { MAX_TEXT, requiredText } from '../meeting/meeting.actions.ts';
import { notifyActionMoved } from '../meeting/meeting.notices.ts';
import { activeUsersWithRole } from '../meeting/meeting.store.ts';
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
import { canAnswerTimetableRequests, canRequestNewTimetables } from './timetable.access.ts';
import {
  lockRequest,
  replaceTimetable,
  toRequest,
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
  const reason = requiredText('reason', input.reason, 'why a new timetable is needed');
  const proposedDate = (input.proposedDate ?? '').trim() || null;
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId);
    requireImplementing(modification);
    const today = todayOf(unit.now);
    if (proposedDate !== null) {
      const problem = implementationDateProblem(proposedDate, today);
      if (problem) throw invalid('proposedDate', problem);
    }
    if (input.challengeId !== undefined) {
      const challenge = await unit.trx
        .selectFrom('legal_challenge')
        .select('id')
        .where('id', '=', input.challengeId)
        .where('modification_id', '=', modificationId)
        .executeTakeFirst();
      if (!challenge)
        throw invalid('challengeId', `Choose a challenge to ${modification.reference}`);
    }
    const row = await unit.trx
      .insertInto('authority_request')
      .values({
        modification_id: modificationId,
        challenge_id: input.challengeId ?? null,
        reason,
        proposed_date: proposedDate,
        requested_on: today,
        recorded_by: actor.id,
        recorded_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchModification(unit, modificationId);
    await notifyAuthority(unit, modification, toRequest(row));
    await unit.audit({
      action: 'authority_request.made',
      subjectType: 'authority_request',
      subjectId: String(row.id),
      after: {
        modificationId,
        reason,
        proposedDate,
        challengeId: row.challenge_id,
        requestedOn: today,
      },
      reason,
    });
    return toRequest(row);
  });
}

async function notifyAuthority(
  unit: UnitOfWork,
  modification: Modification,
  request: RequestEntry,
) {
  for (const user of await activeUsersWithRole(unit.trx, 'authority')) {
    await unit.notify({
      to: user.email,
      toName: user.name,
      subject: `SEC Panel request for a new implementation timetable: ${modification.reference}`,
      text: [
        `Dear ${user.name},`,
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

/** Checks the date of the Authority's answer: a real date, not future, not before the request. */
function answeredOn(
  field: string,
  given: string | undefined,
  request: { requested_on: string },
  today: string,
): string {
  const date = (given ?? '').trim() || today;
  if (!isIsoDate(date))
    throw invalid(field, 'Enter the date of the Authority’s answer as YYYY-MM-DD');
  if (date > today)
    throw invalid(field, 'The date of the Authority’s answer cannot be in the future');
  if (date < request.requested_on) {
    throw invalid(
      field,
      `The Authority cannot answer before the request of ${request.requested_on}`,
    );
  }
  return date;
}

/**
 * D10.5: the Authority directs a new implementation timetable on a pending request. The
 * direction replaces the timetable (the old version stays in history) and every open
 * implementation action moves by as many days as the implementation date did (see
 * `moveDueDates`); each move is audited and its owner e-mailed.
 */
export async function recordDirection(
  ctx: AppContext,
  principal: Principal | null,
  requestId: number,
  input: Direction,
  actor: Actor = actorOf(requireActor(principal, canAnswerTimetableRequests)),
): Promise<{ request: RequestEntry; timetable: TimetableEntry; moved: DueDateMove[] }> {
  const implementationDate = input.implementationDate.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const request = await lockRequest(unit.trx, requestId, input.version);
    if (request.status !== 'pending') {
      throw new AppError('decision_not_allowed', `This request has already been ${request.status}`);
    }
    const modification = await lockModification(unit.trx, request.modification_id);
    requireImplementing(modification);
    const today = todayOf(unit.now);
    const problem = implementationDateProblem(implementationDate, today);
    if (problem) throw invalid('implementationDate', problem);
    const directedOn = answeredOn('directedOn', input.directedOn, request, today);
    const { previous, current } = await replaceTimetable(unit, modification.id, {
      implementationDate,
      description: `Directed by the Authority on ${formatDate(directedOn)} (request of ${formatDate(request.requested_on)})`,
      source: 'authority_direction',
    });
    const actions = await unit.trx
      .selectFrom('implementation_action')
      .select(['id', 'status', 'due_date as dueDate', 'description', 'owner_org_id'])
      .where('modification_id', '=', modification.id)
      .orderBy('id')
      .execute();
    const moved = moveDueDates(actions, previous?.implementationDate ?? null, implementationDate);
    for (const move of moved) {
      const action = actions.find((candidate) => candidate.id === move.id);
      if (!action) continue;
      await unit.trx
        .updateTable('implementation_action')
        .set((eb) => ({ due_date: move.to, version: eb('version', '+', 1) }))
        .where('id', '=', move.id)
        .execute();
      await unit.audit({
        action: 'implementation_action.due_date_moved',
        subjectType: 'implementation_action',
        subjectId: String(move.id),
        before: { dueDate: move.from },
        after: { dueDate: move.to, authorityRequestId: requestId },
        reason: 'D10.5: the Authority directed a new implementation timetable',
      });
      await notifyActionMoved(
        unit,
        {
          id: move.id,
          modificationId: modification.id,
          reference: modification.reference,
          title: modification.title,
          description: action.description,
          dueDate: move.to,
          previousDueDate: move.from,
          ownerOrganisationId: action.owner_org_id,
        },
        requestId,
      );
    }
    const updated = await unit.trx
      .updateTable('authority_request')
      .set((eb) => ({
        status: 'directed',
        directed_date: implementationDate,
        directed_on: directedOn,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', requestId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchModification(unit, modification.id);
    await unit.audit({
      action: 'authority_request.directed',
      subjectType: 'authority_request',
      subjectId: String(requestId),
      before: { status: 'pending', implementationDate: previous?.implementationDate ?? null },
      after: { status: 'directed', implementationDate, directedOn, movedActions: moved.length },
    });
    return { request: toRequest(updated), timetable: current, moved };
  });
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
    const request = await lockRequest(unit.trx, requestId, input.version);
    if (request.status !== 'pending') {
      throw new AppError('decision_not_allowed', `This request has already been ${request.status}`);
    }
    const decidedOn = answeredOn('decidedOn', input.decidedOn, request, todayOf(unit.now));
    const updated = await unit.trx
      .updateTable('authority_request')
      .set((eb) => ({ status: 'declined', directed_on: decidedOn, version: eb('version', '+', 1) }))
      .where('id', '=', requestId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await touchModification(unit, request.modification_id);
    await unit.audit({
      action: 'authority_request.declined',
      subjectType: 'authority_request',
      subjectId: String(requestId),
      before: { status: 'pending' },
      after: { status: 'declined', decidedOn, modificationId: request.modification_id },
      reason: reason === '' ? null : reason,
    });
    return toRequest(updated);
  });
}
