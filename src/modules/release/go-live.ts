/**
 * The Panel's go-live decision (D10.8(e), ruling 10): each criterion met or not met with
 * evidence, and an outcome. PURE.
 */
import { isIsoDate } from '../../calendar/index.ts';
import type { ReleaseStatus } from './release.ts';

export const GO_LIVE_OUTCOMES = ['go_live', 'go_live_with_conditions', 'defer'] as const;
export type GoLiveOutcomeId = (typeof GO_LIVE_OUTCOMES)[number];

export const GO_LIVE_OUTCOME_NAMES: Record<GoLiveOutcomeId, string> = {
  go_live: 'Go live',
  go_live_with_conditions: 'Go live with conditions',
  defer: 'Defer',
};

export const MAX_CRITERIA = 50;
export const MAX_TEXT_LENGTH = 5000;

export interface GoLiveCriterion {
  id: string;
  text: string;
  met: boolean;
  evidence: string;
}

export interface GoLiveInput {
  decidedOn: string;
  outcome: string;
  criteria: GoLiveCriterion[];
  conditions: string;
  deferredTo: string;
  reasons: string;
}

export interface GoLiveRefusal {
  code: 'invalid_transition' | 'validation_failed' | 'go_live_criteria_incomplete';
  field: string;
  message: string;
}

/** D10.8(e): a release goes live from the go-live decision stage, or straight from test. */
export const GO_LIVE_FROM: readonly ReleaseStatus[] = ['in_test', 'go_live_decision'];

/** D10.8(e): a release not yet live or ended may be deferred. */
export const DEFER_FROM: readonly ReleaseStatus[] = [
  'planned',
  'scoped',
  'rid_approved',
  'in_test',
  'go_live_decision',
];

export function isGoLiveOutcome(value: string): value is GoLiveOutcomeId {
  return (GO_LIVE_OUTCOMES as readonly string[]).includes(value);
}

/**
 * D10.8(e), ruling 10: the decision records at least one criterion, each with an id, its text
 * and evidence; 'go_live' needs every criterion met, 'go_live_with_conditions' its conditions,
 * 'defer' a new go-live date later than the current one.
 */
export function checkGoLiveDecision(
  input: GoLiveInput,
  release: { status: ReleaseStatus; goLive: string },
  today: string,
): GoLiveRefusal | null {
  const fail = (
    field: string,
    message: string,
    code: GoLiveRefusal['code'] = 'validation_failed',
  ) => ({
    code,
    field,
    message,
  });
  if (!isGoLiveOutcome(input.outcome))
    return fail('outcome', 'Choose go live, go live with conditions or defer');
  const from = input.outcome === 'defer' ? DEFER_FROM : GO_LIVE_FROM;
  if (!from.includes(release.status))
    return fail(
      'outcome',
      input.outcome === 'defer'
        ? 'Only a release not yet live can be deferred'
        : 'A release goes live from test or the go-live decision stage only',
      'invalid_transition',
    );
  if (!isIsoDate(input.decidedOn))
    return fail('decidedOn', 'Enter the date of the Panel’s decision as a real date, YYYY-MM-DD');
  if (input.decidedOn > today)
    return fail('decidedOn', 'The decision date cannot be in the future');
  if (input.criteria.length === 0)
    return fail('criteria', 'Record at least one go-live criterion', 'go_live_criteria_incomplete');
  if (input.criteria.length > MAX_CRITERIA)
    return fail('criteria', `Record at most ${MAX_CRITERIA} criteria`);
  const ids = new Set<string>();
  for (const [index, c] of input.criteria.entries()) {
    const name = c.id.trim() === '' ? `criterion ${index + 1}` : `criterion ${c.id.trim()}`;
    if (c.id.trim() === '' || c.text.trim() === '')
      return fail('criteria', `Give ${name} an id and its text`, 'go_live_criteria_incomplete');
    if (ids.has(c.id.trim()))
      return fail('criteria', `${name} is recorded twice`, 'go_live_criteria_incomplete');
    ids.add(c.id.trim());
    if (c.evidence.trim() === '')
      return fail('criteria', `Record the evidence for ${name}`, 'go_live_criteria_incomplete');
    if (c.text.length > MAX_TEXT_LENGTH || c.evidence.length > MAX_TEXT_LENGTH)
      return fail(
        'criteria',
        `The text and evidence of ${name} must be at most ${MAX_TEXT_LENGTH} characters`,
      );
  }
  const unmet = input.criteria.find((c) => !c.met);
  if (input.outcome === 'go_live' && unmet)
    return fail(
      'outcome',
      `criterion ${unmet.id.trim()} is not met: choose go live with conditions or defer`,
      'go_live_criteria_incomplete',
    );
  if (input.outcome === 'go_live_with_conditions' && input.conditions.trim() === '')
    return fail('conditions', 'Record the conditions the release goes live with');
  if (input.outcome === 'defer') {
    if (!isIsoDate(input.deferredTo))
      return fail('deferredTo', 'Enter the new go-live date as a real date, YYYY-MM-DD');
    if (input.deferredTo <= release.goLive)
      return fail('deferredTo', 'The new go-live date must be later than the current one');
  }
  if (input.conditions.length > MAX_TEXT_LENGTH || input.reasons.length > MAX_TEXT_LENGTH)
    return fail(
      'reasons',
      `The conditions and reasons must be at most ${MAX_TEXT_LENGTH} characters`,
    );
  return null;
}

export interface AllocatedModification {
  reference: string;
  /** The current implementation date (implementation_timetable not superseded), if any. */
  implementationDate: string | null;
  /** Whether a D10.5 request to the Authority (pending or directed) was made since that date was set. */
  hasAuthorityRequest: boolean;
}

/**
 * D10.8(e), ruling 10, D10.5: a deferral past a modification's approved implementation date needs a
 * request to the Authority to change it; returns the references still lacking one.
 */
export function modificationsNeedingRequest(
  modifications: readonly AllocatedModification[],
  deferredTo: string,
): string[] {
  return [
    ...new Set(
      modifications
        .filter(
          (m) =>
            m.implementationDate !== null &&
            m.implementationDate < deferredTo &&
            !m.hasAuthorityRequest,
        )
        .map((m) => m.reference),
    ),
  ].sort();
}

/**
 * D10.8(e): going live implements the release's parts; a modification is implemented once every
 * live part of it, in any release, is implemented.
 */
export function isFullyImplemented(parts: readonly { implemented: boolean }[]): boolean {
  return parts.length > 0 && parts.every((p) => p.implemented);
}
