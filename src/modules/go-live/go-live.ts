/**
 * The Panel's go-live decision (D10.8(e), ruling 10): each go-live criterion of the approved
 * RID (D10.13(f)) met or not met with evidence, and an outcome. PURE. What the decision rests on
 * and the gates before going live are in go-live-gates.ts.
 */
import { isIsoDate } from '../../calendar/index.ts';
import type { ReleaseStatus } from '../release/release.ts';

export const GO_LIVE_OUTCOMES = ['go_live', 'go_live_with_conditions', 'defer'] as const;
export type GoLiveOutcomeId = (typeof GO_LIVE_OUTCOMES)[number];

export const GO_LIVE_OUTCOME_NAMES: Record<GoLiveOutcomeId, string> = {
  go_live: 'Go live',
  go_live_with_conditions: 'Go live with conditions',
  defer: 'Defer',
};

export const MAX_CRITERIA = 50;
export const MAX_TEXT_LENGTH = 5000;

/** D10.8(e): what a criterion's evidence points to: a test phase or readiness report of the release. */
export interface GoLiveEvidenceLink {
  /** `phase:<id>` or `report:<id>`. */
  ref: string;
  label: string;
}

/** A criterion as the decision records it: the approved RID's id and text, the Panel's assessment. */
export interface GoLiveCriterion {
  id: string;
  text: string;
  met: boolean;
  evidence: string;
  /** Test phases and readiness reports the evidence relies on (absent in older decisions). */
  links?: GoLiveEvidenceLink[];
}

/** The Panel's assessment of one RID criterion, as entered; any text given is ignored. */
export interface GoLiveAssessment {
  id: string;
  text?: string | undefined;
  met: boolean;
  evidence: string;
  links?: string[] | undefined;
}

export interface GoLiveInput {
  /** The day the Panel decided; with a meeting, the meeting's day (may be left empty). */
  decidedOn: string;
  /** The Panel meeting that decided (ruling 13, ruling 16 for a deferral); required. */
  meetingId?: number | undefined;
  outcome: string;
  criteria: GoLiveAssessment[];
  conditions: string;
  deferredTo: string;
  reasons: string;
}

/**
 * D10.13(f), D10.8(e): what the decision is checked against: the go-live criteria of the approved
 * RID, and the release's test phases and readiness reports evidence may link to (ref → label).
 */
export interface GoLiveBasis {
  criteria: readonly { id: string; text: string }[];
  links: ReadonlyMap<string, string>;
}

export const MAX_LINKS = 20;

export interface GoLiveRefusal {
  code:
    | 'invalid_transition'
    | 'validation_failed'
    | 'go_live_criteria_incomplete'
    | 'rid_approval_held_outside';
  field: string;
  message: string;
}

/** D10.8(e), ruling 16: a release goes live from test (DCC SIT has started). */
export const GO_LIVE_FROM: readonly ReleaseStatus[] = ['in_test'];

/** D10.8(e): a release not yet live or cancelled may be deferred. */
export const DEFER_FROM: readonly ReleaseStatus[] = ['planned', 'rid_approved', 'in_test'];

export function isGoLiveOutcome(value: string): value is GoLiveOutcomeId {
  return (GO_LIVE_OUTCOMES as readonly string[]).includes(value);
}

/** D10.13(f): the assessments of a decision in the RID's order, with the RID's text and the linked evidence. */
export function assessedCriteria(input: GoLiveInput, basis: GoLiveBasis): GoLiveCriterion[] {
  return basis.criteria.flatMap((definition) => {
    const assessment = input.criteria.find((c) => c.id.trim() === definition.id);
    if (!assessment) return [];
    return [
      {
        id: definition.id,
        text: definition.text,
        met: assessment.met,
        evidence: assessment.evidence.trim(),
        links: [...new Set(assessment.links ?? [])].map((ref) => ({
          ref,
          label: basis.links.get(ref) ?? ref,
        })),
      },
    ];
  });
}

/**
 * D10.8(e), D10.13(f), ruling 10: the decision assesses exactly the go-live criteria of the
 * approved RID, each once, met or not met, with evidence (which may link the release's test
 * phases and readiness reports); 'go_live' needs every criterion met, 'go_live_with_conditions'
 * its conditions, 'defer' a new go-live date later than the current one.
 */
export function checkGoLiveDecision(
  input: GoLiveInput,
  release: { status: ReleaseStatus; goLive: string },
  today: string,
  basis: GoLiveBasis,
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
  if (basis.criteria.length === 0)
    return fail(
      'criteria',
      'The approved RID sets no go-live criteria (D10.13(f))',
      'go_live_criteria_incomplete',
    );
  if (input.criteria.length > MAX_CRITERIA)
    return fail('criteria', `Record at most ${MAX_CRITERIA} criteria`);
  const known = new Set(basis.criteria.map((c) => c.id));
  const ids = new Set<string>();
  for (const [index, c] of input.criteria.entries()) {
    const id = c.id.trim();
    const name = id === '' ? `criterion ${index + 1}` : `criterion ${id}`;
    if (id === '')
      return fail(
        'criteria',
        `Give ${name} the id of a criterion of the approved RID`,
        'go_live_criteria_incomplete',
      );
    if (!known.has(id))
      return fail(
        'criteria',
        `${name} is not a go-live criterion of the approved RID`,
        'go_live_criteria_incomplete',
      );
    if (ids.has(id))
      return fail('criteria', `${name} is recorded twice`, 'go_live_criteria_incomplete');
    ids.add(id);
    if (c.evidence.trim() === '')
      return fail('criteria', `Record the evidence for ${name}`, 'go_live_criteria_incomplete');
    if (c.evidence.length > MAX_TEXT_LENGTH)
      return fail(
        'criteria',
        `The evidence of ${name} must be at most ${MAX_TEXT_LENGTH} characters`,
      );
    const links = c.links ?? [];
    if (links.length > MAX_LINKS)
      return fail('criteria', `Link at most ${MAX_LINKS} phases and reports to ${name}`);
    const stranger = links.find((ref) => !basis.links.has(ref));
    if (stranger !== undefined)
      return fail(
        'criteria',
        `The evidence of ${name} links to “${stranger}”, which is not a test phase or readiness report of this release`,
      );
  }
  const unassessed = basis.criteria.find((c) => !ids.has(c.id));
  if (unassessed)
    return fail(
      'criteria',
      `Assess criterion ${unassessed.id} of the approved RID (${unassessed.text}): met or not met, with evidence`,
      'go_live_criteria_incomplete',
    );
  const unmet = basis.criteria.find((c) =>
    input.criteria.some((a) => a.id.trim() === c.id && !a.met),
  );
  if (input.outcome === 'go_live' && unmet)
    return fail(
      'outcome',
      `criterion ${unmet.id} is not met: choose go live with conditions or defer`,
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
  /** D10.5: whether a request to the Authority counts for that date (`hasRequestAwaitingAuthority`). */
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

/** D10.8(e): the outcomes that make a release live. */
export function goesLive(outcome: string): boolean {
  return outcome === 'go_live' || outcome === 'go_live_with_conditions';
}
