import type { GoLiveDecision } from './go-live.store.ts';

export function presentGoLiveDecision(decision: GoLiveDecision) {
  return {
    id: decision.id,
    releaseId: decision.release_id,
    outcome: decision.outcome,
    decidedOn: decision.decided_on,
    criteria: decision.criteria,
    conditions: decision.conditions,
    deferredTo: decision.deferred_to,
    reasons: decision.reasons,
    recordedAt: decision.recorded_at.toISOString(),
  };
}
