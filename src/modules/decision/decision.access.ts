import type { Principal } from '../identity/identity.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { bodyOf, type DecisionKind } from './decision.ts';

/** The Code Administrator records the Change Board's decisions as its secretariat. */
export function canRecordChangeBoardDecisions(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['code_administrator']);
}

/** Only the Authority records its own decisions (Path 1, Path 2, ALVs under D9A.11). */
export function canRecordAuthorityDecisions(principal: Principal | null): boolean {
  return hasAnyRole(principal, ['authority']);
}

/** Whoever may record some kind of decision (checked before the request body is read). */
export function canRecordAnyDecision(principal: Principal | null): boolean {
  return canRecordChangeBoardDecisions(principal) || canRecordAuthorityDecisions(principal);
}

/** The body's own recorder: SECAS for the Change Board, the Authority for itself. */
export function canRecordDecision(principal: Principal | null, kind: DecisionKind): boolean {
  return bodyOf(kind) === 'authority'
    ? canRecordAuthorityDecisions(principal)
    : canRecordChangeBoardDecisions(principal);
}

/** Decisions are published; anyone signed in may read them. */
export function canReadDecisions(principal: Principal | null): boolean {
  return principal !== null;
}
