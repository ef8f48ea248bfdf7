import type { GoLiveDecision } from './go-live.store.ts';

export function presentGoLiveDecision(decision: GoLiveDecision) {
  return {
    id: decision.id,
    releaseId: decision.releaseId,
    outcome: decision.outcome,
    decidedOn: decision.decidedOn,
    meetingId: decision.meetingId,
    criteria: decision.criteria,
    conditions: decision.conditions,
    deferredTo: decision.deferredTo,
    reasons: decision.reasons,
    recordedAt: decision.recordedAt.toISOString(),
  };
}
