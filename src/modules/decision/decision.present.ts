import { bodyOf } from './decision.ts';
import type { DecisionEntry } from './decision.queries.ts';

/** A decision as JSON: with the body that took it, and its recording instant as ISO. */
export function presentDecision(decision: DecisionEntry) {
  return {
    ...decision,
    body: bodyOf(decision.kind),
    recordedAt: decision.recordedAt.toISOString(),
  };
}
