import { isOverdue } from './meeting.ts';
import type { ActionEntry, ChallengeEntry, Meeting } from './meeting.queries.ts';
import { isHeldOutside } from '../installation/installation.ts';

/**
 * A meeting as JSON: its closing instant as an ISO string, and whether it was held before the
 * cut-over (ruling 13: history, "Held outside secrel").
 */
export function presentMeeting<T extends Meeting>(meeting: T, cutOver: string) {
  return {
    ...meeting,
    closedAt: meeting.closedAt?.toISOString() ?? null,
    heldOutsideSecrel: isHeldOutside(meeting.heldOn, cutOver),
  };
}

/** An action as JSON, with whether it is overdue today (D10.3). */
export function presentAction(action: ActionEntry, today: string) {
  return {
    ...action,
    completedAt: action.completedAt?.toISOString() ?? null,
    overdue: isOverdue(action, today),
  };
}

/** A challenge as JSON, with whether the request to the Authority is outstanding (D10.6). */
export function presentChallenge(challenge: ChallengeEntry) {
  return {
    ...challenge,
    decidedAt: challenge.decidedAt?.toISOString() ?? null,
    requestOutstanding: challenge.delayAppropriate === true && !challenge.requestMade,
  };
}
