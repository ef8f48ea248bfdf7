import { DECISION_KINDS, ruleOnDecision } from '../decision/decision.ts';
import { canRecordDecision } from '../decision/decision.access.ts';
import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { canCompleteAction } from '../meeting/meeting.access.ts';
import {
  challengeProblem,
  isImplementing,
  timetableAmendmentRefusal,
} from '../timetable/timetable.ts';
import {
  canAmendTimetables,
  canAnswerTimetableRequests,
  canDecideDelay,
  canMakeRepresentations,
  canRecordChallenges,
  canRequestNewTimetables,
} from '../timetable/timetable.access.ts';
import type { ImplementationRecord } from './implementation.queries.ts';

/** The forms this person may use on this modification's implementation page, now. */
export function formsFor(principal: Principal, record: ImplementationRecord) {
  const m = record.modification;
  const implementing = isImplementing(m.status);
  const decisionKinds = DECISION_KINDS.filter(
    (kind) => canRecordDecision(principal, kind) && ruleOnDecision(m, kind, 'approve').allowed,
  );
  const amendRefusal = timetableAmendmentRefusal(m);
  return {
    decisionKinds,
    amendTimetable: canAmendTimetables(principal) && amendRefusal === null,
    timetableFixed: canAmendTimetables(principal) && amendRefusal?.code === 'path1_timetable_fixed',
    representation: implementing && canMakeRepresentations(principal),
    chooseRepresenter: hasAnyRole(principal, ['code_administrator']),
    request: implementing && canRequestNewTimetables(principal),
    answerRequests: canAnswerTimetableRequests(principal),
    challenge:
      canRecordChallenges(principal) &&
      challengeProblem({ ...m, approvedBy: m.approved_by }) === null,
    decideDelay: canDecideDelay(principal),
    completable: record.actions
      .filter(
        (action) =>
          action.status === 'open' && canCompleteAction(principal, action.ownerOrganisationId),
      )
      .map((action) => action.id),
  };
}
