import type { Db } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { listDecisions, type DecisionEntry } from '../decision/decision.queries.ts';
import { isOverdue } from '../meeting/meeting.ts';
import {
  challengesOf,
  listActions,
  placementsOf,
  type ActionEntry,
  type ChallengeEntry,
} from '../meeting/meeting.queries.ts';
import { findModification, type Modification } from '../modification/modification.queries.ts';
import { isRequestOutstanding } from '../timetable/timetable.ts';
import {
  listRepresentations,
  listRequests,
  timetableHistory,
  type RequestEntry,
  type TimetableEntry,
} from '../timetable/timetable.queries.ts';

/**
 * Everything about a modification's decision and implementation (D9, D10.1–D10.6): the
 * decisions, the timetable and its history, where it went on the Panel's agenda, the actions,
 * the representations, the requests to the Authority and its directions, and challenges.
 */
export interface ImplementationRecord {
  modification: Modification;
  decisions: DecisionEntry[];
  timetable: { current: TimetableEntry | null; history: TimetableEntry[] };
  placements: Awaited<ReturnType<typeof placementsOf>>;
  /** True when approved and on no meeting's agenda yet: awaiting a Panel meeting (D10.2). */
  awaitingMeeting: boolean;
  actions: (ActionEntry & { overdue: boolean })[];
  representations: Awaited<ReturnType<typeof listRepresentations>>;
  requests: RequestEntry[];
  challenges: (ChallengeEntry & { requestOutstanding: boolean })[];
}

export async function implementationRecord(
  db: Db,
  modificationId: number,
  today: string,
): Promise<ImplementationRecord> {
  const modification = await findModification(db, modificationId);
  if (!modification) throw new AppError('not_found', 'No such modification');
  const [decisions, history, placements, actions, representations, requests, challenges] =
    await Promise.all([
      listDecisions(db, modificationId),
      timetableHistory(db, modificationId),
      placementsOf(db, modificationId),
      listActions(db, { modificationId }),
      listRepresentations(db, modificationId),
      listRequests(db, modificationId),
      challengesOf(db, [modificationId]),
    ]);
  const approved =
    modification.approved_on !== null && ['approved', 'allocated'].includes(modification.status);
  return {
    modification,
    decisions,
    timetable: { current: history.find((row) => row.supersededAt === null) ?? null, history },
    placements,
    awaitingMeeting: approved && !placements.some((p) => p.kind === 'implementation_actions'),
    actions: actions.map((action) => ({ ...action, overdue: isOverdue(action, today) })),
    representations,
    requests,
    challenges: challenges.map((challenge) => ({
      ...challenge,
      requestOutstanding: isRequestOutstanding(challenge, requests),
    })),
  };
}
