/**
 * The Panel's go-live decision (D10.8(e), ruling 10): each go-live criterion of the approved
 * RID (D10.13(f)) met or not met with evidence, and an outcome. PURE.
 */
import { isIsoDate, type WorkingDayCalendar } from '../../calendar/index.ts';
import { formatEpochDay, parseIsoDate } from '../../calendar/civil-date.ts';
import { longDate } from '../../calendar/date-words.ts';
import type { ReleaseStatus } from '../release/release.ts';
import { satisfiesGate } from '../installation/installation.ts';

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
  /** The Panel meeting that decided (ruling 13): required for a deferral (ruling 16). */
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

/**
 * Ruling 13: a go-live decision names a Panel meeting that exists (`heldOn` undefined: no such
 * meeting) and has been held by `today`.
 */
export function checkDecisionMeeting(
  heldOn: string | undefined,
  today: string,
): GoLiveRefusal | null {
  if (heldOn === undefined)
    return {
      code: 'validation_failed',
      field: 'meetingId',
      message: 'Choose the Panel meeting that decided',
    };
  if (heldOn > today)
    return {
      code: 'validation_failed',
      field: 'meetingId',
      message: 'That Panel meeting has not been held yet: record its decision after the meeting',
    };
  return null;
}

/**
 * Rulings 13 and 16: a go-live decision taken at a Panel meeting is dated the meeting's day; a
 * different date typed alongside is refused. Returns the date the decision is recorded under.
 */
export function decisionDateOf(
  decidedOn: string,
  heldOn: string | undefined,
): { date: string } | GoLiveRefusal {
  if (heldOn === undefined || decidedOn === '' || decidedOn === heldOn)
    return { date: heldOn ?? decidedOn };
  return {
    code: 'validation_failed',
    field: 'decidedOn',
    message: `The Panel decided at its meeting of ${longDate(heldOn)}: the decision is dated that day`,
  };
}

/**
 * Ruling 13, D10.8(e), D10.13(f): the approved RID a go-live decision rests on carries it only when
 * its approval is live, or the decision is itself before the cut-over (`satisfiesGate`): a RID
 * approval held outside secrel does not carry a decision taken after the cut-over.
 */
export function checkRidApprovalCarries(
  rid: { number: number; approvedOn: string | null },
  decidedOn: string,
  cutOver: string,
): GoLiveRefusal | null {
  if (rid.approvedOn === null || !isIsoDate(decidedOn)) return null;
  if (satisfiesGate(rid.approvedOn, decidedOn, cutOver)) return null;
  return {
    code: 'rid_approval_held_outside',
    field: 'decidedOn',
    message: `Version ${String(rid.number)} of the RID was approved on ${longDate(rid.approvedOn)}, before the cut-over (${longDate(cutOver)}): held outside secrel, it carries only decisions before the cut-over. The Panel approves a RID version in secrel before deciding go-live on ${longDate(decidedOn)} (ruling 13)`,
  };
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

/**
 * D10.8(e), ruling 10: the first day of the Policy's go-live decision window: `workingDays`
 * Working Days before go-live, i.e. the latest day of which go-live is the Nth Working Day
 * following (the Policy's `goLive.decisionWorkingDaysBeforeGoLive`, default 5).
 */
export function goLiveWindowOpens(
  goLive: string,
  workingDays: number,
  calendar: WorkingDayCalendar,
): string {
  let cursor = parseIsoDate(goLive);
  let counted = 0;
  while (counted < workingDays) {
    if (calendar.isWorkingDay(formatEpochDay(cursor))) counted += 1;
    cursor -= 1;
  }
  return formatEpochDay(cursor);
}

/** The refusals of the go-live rules of rulings 10 and 15 and D10.8(c). */
export interface GoLiveGateRefusal {
  code:
    | 'release_empty'
    | 'rid_content_mismatch'
    | 'go_live_window_not_open'
    | 'release_notice_required';
  field: string;
  message: string;
}

/**
 * D10.8(e), ruling 10: a decision to go live is taken within the Policy's go-live decision
 * window, from the day it opens (`opens`; undefined when the Policy sets no window).
 */
export function checkGoLiveWindow(
  decidedOn: string,
  goLive: string,
  opens: string | undefined,
): GoLiveGateRefusal | null {
  if (opens === undefined || decidedOn >= opens) return null;
  return {
    code: 'go_live_window_not_open',
    field: 'decidedOn',
    message: `The go-live decision for ${longDate(goLive)} is taken from ${longDate(opens)}, when the Policy’s go-live decision window opens (D10.8(e)): a decision of ${longDate(decidedOn)} is too early`,
  };
}

/** D10.13(a): a part of a release: the modification and the part (as the approved RID lists it). */
export interface ContentPart {
  modificationId: number;
  reference: string;
  part: string;
}

const keyOf = (p: ContentPart) => `${p.modificationId}\u0000${p.part}`;
const wordsOf = (p: ContentPart) =>
  p.part === 'whole' ? p.reference : `${p.reference} (${p.part})`;

/**
 * Ruling 15, D10.13(a), D10.8(e): going live implements exactly the content of the approved RID:
 * refused when it lists nothing (or none recorded) or the release holds no part any more
 * (release_empty), and when the release's parts differ from it (rid_content_mismatch).
 */
export function checkGoLiveContent(
  approved: readonly ContentPart[] | null,
  scope: readonly ContentPart[],
): GoLiveGateRefusal | null {
  if (approved === null || approved.length === 0)
    return {
      code: 'release_empty',
      field: 'outcome',
      message:
        'The approved RID lists no modification in the release: there is nothing to go live (ruling 15)',
    };
  if (scope.length === 0)
    return {
      code: 'release_empty',
      field: 'outcome',
      message:
        'Every part of the release has been de-scoped: there is nothing to go live (ruling 15)',
    };
  const inScope = new Set(scope.map(keyOf));
  const inRid = new Set(approved.map(keyOf));
  const gone = approved.filter((p) => !inScope.has(keyOf(p))).map(wordsOf);
  const extra = scope.filter((p) => !inRid.has(keyOf(p))).map(wordsOf);
  if (gone.length === 0 && extra.length === 0) return null;
  const problems = [
    ...(gone.length > 0
      ? [`the approved RID lists ${gone.join(', ')}, no longer in the release`]
      : []),
    ...(extra.length > 0 ? [`the release holds ${extra.join(', ')}, not in the approved RID`] : []),
  ];
  return {
    code: 'rid_content_mismatch',
    field: 'outcome',
    message: `Go-live implements exactly the approved RID’s content (ruling 15), but ${problems.join(' and ')}: approve a RID amendment first`,
  };
}

/**
 * D10.8(c), D10.15: a release goes live only after Users had the notice the Policy requires: a
 * notice issued (London date) on or before the start of the notice period (`noticeStart`; with no
 * period set, any notice), unless the Panel recorded an exception.
 */
export function checkGoLiveNotice(
  issuedOn: readonly string[],
  noticeStart: string | undefined,
  panelException: boolean,
): GoLiveGateRefusal | null {
  if (panelException) return null;
  const inTime = issuedOn.filter((day) => noticeStart === undefined || day <= noticeStart);
  if (inTime.length > 0) return null;
  const issued =
    issuedOn.length === 0
      ? 'no notice of the release has been issued'
      : `the ${issuedOn.length} notice(s) issued came after ${longDate(noticeStart ?? '')}, when the notice period started`;
  return {
    code: 'release_notice_required',
    field: 'outcome',
    message: `Users must have notice of a release before it goes live (D10.8(c)), but ${issued}: record the Panel’s exception to go live without it`,
  };
}
