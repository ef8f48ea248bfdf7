import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import { formatDate } from '../../calendar/format.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { MEETING_KIND_NAMES, closingProblems, type ClosingProblem } from './meeting.ts';
import { canCompleteAction, canRunMeetings } from './meeting.access.ts';
import { closingItemsOf } from './meeting.queries.ts';
import { checkPanelRecord } from './meeting.actions.ts';
import {
  lockAction,
  lockOpenMeeting,
  markActionDone,
  markMeetingClosed,
  type ImplementationAction,
  type Meeting,
} from './meeting.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

/**
 * D10.3, D10.4: the owner (or the Panel Chair or SECAS) marks an action done; a version that
 * differs from the one the caller saw, or an action already done, is refused. Audited.
 */
export async function completeAction(
  ctx: AppContext,
  principal: Principal | null,
  actionId: number,
  input: { version?: number | undefined } = {},
  systemActor?: Actor,
): Promise<ImplementationAction> {
  if (!systemActor && !principal) throw new AppError('unauthenticated');
  const actor = systemActor ?? actorOf(principal as Principal);
  return inTransaction(ctx, actor, async (unit) => {
    const action = await lockAction(unit.trx, actionId);
    if (!systemActor && !canCompleteAction(principal, action.ownerOrganisationId))
      throw new AppError('forbidden');
    if (input.version !== undefined && input.version !== action.version) {
      throw new AppError(
        'stale_version',
        'The action has changed since you opened it: reload and try again',
        {
          field: 'version',
        },
      );
    }
    if (action.status === 'done') {
      throw new AppError('stale_version', 'The action is already done', { field: 'version' });
    }
    const done = await markActionDone(unit.trx, actionId, unit.now);
    await unit.audit({
      action: 'implementation_action.completed',
      subjectType: 'implementation_action',
      subjectId: String(actionId),
      before: { status: 'open' },
      after: { status: 'done', modificationId: action.modificationId, dueDate: action.dueDate },
    });
    return done;
  });
}

/** The error a refused close answers with: D10.2 first, then D10.6, naming every problem. */
function closeRefusal(problems: readonly ClosingProblem[]): AppError {
  const first = problems.find((p) => p.code === 'meeting_actions_missing') ?? problems[0];
  const code = first?.code ?? 'meeting_actions_missing';
  const message = `The meeting cannot close yet: ${problems.map((p) => p.message).join('; ')}`;
  return new AppError(code, message, { details: { problems } });
}

/**
 * D10.2, D10.6: the Panel Chair or SECAS closes a meeting once it has been held and every item
 * is dealt with (see `closingProblems`); the record is then final. A live meeting (ruling 13)
 * closes within its record window (`checkPanelRecord`). Audited.
 */
export async function closeMeeting(
  ctx: AppContext,
  principal: Principal | null,
  meetingId: number,
  input: { version?: number | undefined } = {},
  actor: Actor = actorOf(requireActor(principal, canRunMeetings)),
): Promise<Meeting> {
  return inTransaction(ctx, actor, async (unit) => {
    const meeting = await lockOpenMeeting(unit.trx, meetingId, input.version);
    await checkPanelRecord(ctx, unit, meeting.heldOn, 'heldOn');
    if (meeting.heldOn > todayOf(unit.now)) {
      throw invalid(
        'heldOn',
        `The meeting is on ${formatDate(meeting.heldOn)}: it cannot close before it is held`,
      );
    }
    const problems = closingProblems(await closingItemsOf(unit.trx, meetingId));
    if (problems.length > 0) throw closeRefusal(problems);
    const closed = await markMeetingClosed(unit.trx, meetingId, unit.now);
    await unit.audit({
      action: 'meeting.closed',
      subjectType: 'panel_meeting',
      subjectId: String(meetingId),
      before: { status: 'scheduled' },
      after: { status: 'closed', heldOn: meeting.heldOn, kind: MEETING_KIND_NAMES[meeting.kind] },
    });
    return closed;
  });
}
