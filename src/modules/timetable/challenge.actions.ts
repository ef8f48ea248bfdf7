import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from '../identity/identity.ts';
import { MAX_TEXT } from '../meeting/meeting.ts';
import { placeOnNextMeeting, type Placement } from '../meeting/meeting-agenda.actions.ts';
import { challengesOf, placementsOf, type ChallengeEntry } from '../meeting/meeting.queries.ts';
import { checkPanelRecord } from '../meeting/meeting.actions.ts';
import { lockModification } from '../modification/modification.queries.ts';
import { CHALLENGE_KIND_NAMES, challengeProblem, isChallengeKind } from './timetable.ts';
import { canDecideDelay, canRecordChallenges } from './timetable.access.ts';
import { insertChallenge, lockChallenge, setDelayDecision } from './timetable.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

export interface NewChallenge {
  kind: string;
  lodgedOn: string;
  details?: string | undefined;
}

async function challengeEntry(
  db: Parameters<typeof challengesOf>[0],
  modificationId: number,
  id: number,
): Promise<ChallengeEntry> {
  const entry = (await challengesOf(db, [modificationId])).find((challenge) => challenge.id === id);
  if (!entry) throw new AppError('not_found', 'No such challenge');
  return entry;
}

/**
 * D10.6: SECAS or the Authority records an appeal (section 173 Energy Act 2004) or a judicial
 * review of the Authority's approval. It opens a Panel decision on whether delay is
 * appropriate: an agenda item on the next Panel meeting after today, or awaiting one. Audited.
 */
export async function recordChallenge(
  ctx: AppContext,
  principal: Principal | null,
  modificationId: number,
  input: NewChallenge,
  actor: Actor = actorOf(requireActor(principal, canRecordChallenges)),
): Promise<{ challenge: ChallengeEntry; placement: Placement | null }> {
  const kind = input.kind.trim();
  if (!isChallengeKind(kind))
    throw invalid('kind', 'Choose an appeal under section 173 or a judicial review');
  const lodgedOn = input.lodgedOn.trim();
  if (!isIsoDate(lodgedOn)) throw invalid('lodgedOn', 'Enter the date it was lodged as YYYY-MM-DD');
  const details = (input.details ?? '').trim();
  if (details.length > MAX_TEXT)
    throw invalid('details', `Details must be ${MAX_TEXT} characters or fewer`);
  return inTransaction(ctx, actor, async (unit) => {
    const modification = await lockModification(unit.trx, modificationId);
    const problem = challengeProblem({ ...modification, approvedBy: modification.approved_by });
    if (problem) throw new AppError('decision_not_allowed', problem);
    const today = todayOf(unit.now);
    if (lodgedOn > today)
      throw invalid('lodgedOn', 'The date it was lodged cannot be in the future');
    if (modification.approved_on !== null && lodgedOn < modification.approved_on) {
      throw invalid(
        'lodgedOn',
        `It cannot be lodged before the approval of ${modification.approved_on}`,
      );
    }
    const id = await insertChallenge(
      unit.trx,
      { modificationId, kind, lodgedOn, details, recordedBy: actor.id },
      unit.now,
    );
    const placement = await placeOnNextMeeting(unit, {
      modificationId,
      kind: 'delay_decision',
      eventDate: today,
    });
    await unit.audit({
      action: 'legal_challenge.recorded',
      subjectType: 'legal_challenge',
      subjectId: String(id),
      after: {
        modificationId,
        kind: CHALLENGE_KIND_NAMES[kind],
        lodgedOn,
        details,
        agenda: placement ?? 'awaiting a Panel meeting',
      },
    });
    return { challenge: await challengeEntry(unit.trx, modificationId, id), placement };
  });
}

/**
 * Ruling 13: the date of the open meeting whose agenda holds the Panel's decision on delay for
 * the modification (the earliest, if several), if it is on one yet.
 */
async function delayDecisionMeeting(
  unit: UnitOfWork,
  modificationId: number,
): Promise<string | undefined> {
  const placements = await placementsOf(unit.trx, modificationId);
  return placements.find((p) => p.kind === 'delay_decision' && p.meetingStatus === 'scheduled')
    ?.heldOn;
}

/**
 * D10.6: the Panel decides whether delay is appropriate while its approval is challenged. If
 * it is, a request to the Authority for a new timetable becomes required and is shown as
 * outstanding until made. Decided once; from the cut-over, within the record window of the
 * meeting whose agenda holds it (ruling 13, `checkPanelRecord`). Audited.
 */
export async function decideDelay(
  ctx: AppContext,
  principal: Principal | null,
  challengeId: number,
  input: { delayAppropriate: boolean; reason?: string | undefined },
  actor: Actor = actorOf(requireActor(principal, canDecideDelay)),
): Promise<ChallengeEntry> {
  const reason = (input.reason ?? '').trim();
  if (reason.length > MAX_TEXT)
    throw invalid('reason', `The reasons must be ${MAX_TEXT} characters or fewer`);
  return inTransaction(ctx, actor, async (unit) => {
    const challenge = await lockChallenge(unit.trx, challengeId);
    if (challenge.delayAppropriate !== null) {
      const decided = challenge.delayAppropriate ? 'appropriate' : 'not appropriate';
      throw new AppError(
        'decision_not_allowed',
        `The Panel has already decided that delay is ${decided}`,
      );
    }
    const modification = await lockModification(unit.trx, challenge.modificationId);
    const heldOn = await delayDecisionMeeting(unit, modification.id);
    if (heldOn !== undefined) await checkPanelRecord(ctx, unit, heldOn, 'delayAppropriate');
    await setDelayDecision(unit.trx, challengeId, input.delayAppropriate, unit.now);
    await unit.audit({
      action: 'legal_challenge.delay_decided',
      subjectType: 'legal_challenge',
      subjectId: String(challengeId),
      before: { delayAppropriate: null },
      after: {
        modificationId: modification.id,
        reference: modification.reference,
        delayAppropriate: input.delayAppropriate,
        requestRequired: input.delayAppropriate,
      },
      reason: reason === '' ? null : reason,
    });
    return challengeEntry(unit.trx, modification.id, challengeId);
  });
}
