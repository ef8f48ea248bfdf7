/**
 * The five mechanisms of D10.8 (a)–(e) that every version of the SEC Release Management Policy
 * defines, as structured data the system acts on (ruling 7: release types, notice periods,
 * scope-baseline points, the optional change freeze and the late-addition route are data in
 * the Policy, not code). PURE: no database, HTTP or clock.
 */

export const RELEASE_KINDS = ['standard', 'ad_hoc'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

export const PERIOD_UNITS = ['months', 'working_days'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];

export const BASELINE_SCOPES = ['dcc_impacting', 'all'] as const;
export type BaselineScope = (typeof BASELINE_SCOPES)[number];

export const GO_LIVE_OUTCOMES = ['go_live', 'go_live_with_conditions', 'defer'] as const;
export type GoLiveOutcome = (typeof GO_LIVE_OUTCOMES)[number];

/** Which such weekday of the month a standard release goes live on: 1–4 (the schema), or the last. */
export type WeekOfMonth = number | 'last';

/** D10.8(a), ruling 6: a kind of SEC Release and when it goes live by default. */
export interface ReleaseType {
  /** A stable slug: february, june, november, ad_hoc, or one of the Panel's own. */
  id: string;
  name: string;
  kind: ReleaseKind;
  /** Standard releases only: the month (1–12) they go live in. */
  month?: number | undefined;
  /** ISO weekday of go-live (Thursday = 4). */
  goLiveWeekday: number;
  /** Standard releases only: which such weekday of the month. */
  week?: WeekOfMonth | undefined;
  /** Whether the release may carry changes to DCC Systems. */
  dccImpactingAllowed: boolean;
}

export interface AllocationMechanism {
  releaseTypes: ReleaseType[];
  /** How modifications are allocated to releases (prose). */
  allocationRules: string;
  /** The exception route for adding a modification after scope is baselined. */
  lateAdditionRoute: { requiresPanelDecision: boolean; description: string };
}

/** D10.8(b): a point at which the Panel fixes a release's scope, counted back from go-live. */
export interface ScopeBaseline {
  id: string;
  name: string;
  monthsBeforeGoLive: number;
  appliesTo: BaselineScope;
}

export interface Milestone {
  id: string;
  name: string;
  monthsBeforeGoLive: number;
}

export interface OversightMechanism {
  scopeBaselines: ScopeBaseline[];
  milestones: Milestone[];
  /** How the Panel is kept informed of content and delivery (prose). */
  reporting: string;
}

/** D10.8(c): the notice Users get before a release of this type (ruling 5: starts the RID freeze). */
export interface NoticePeriod {
  releaseType: string;
  amount: number;
  unit: PeriodUnit;
}

export interface ChangeFreeze {
  startsMonthsBeforeGoLive: number;
  /** Calendar days after go-live on which the freeze ends (0: it ends on go-live). */
  endsDaysAfterGoLive: number;
}

export interface NoticeMechanism {
  noticePeriods: NoticePeriod[];
  /** Ruling 9: notices go to all Parties, Users being the mandatory recipients. */
  recipients: 'all_parties_users_mandatory';
  /** Optional (the old mandatory change freeze was deleted from D10.8). */
  changeFreeze: ChangeFreeze | null;
}

export interface CostReviewPoint {
  id: string;
  name: string;
}

/** D10.8(d), ruling 11. */
export interface CostsMechanism {
  components: string[];
  reviewPoints: CostReviewPoint[];
  authorityReporting: string;
}

/** D10.8(e), ruling 10. */
export interface GoLiveMechanism {
  procedure: string;
  decisionBody: 'panel';
  outcomes: GoLiveOutcome[];
  decisionWorkingDaysBeforeGoLive: number;
}

/** A version's mechanisms; a draft may still lack some, a submitted version may not. */
export interface PolicyMechanisms {
  allocation?: AllocationMechanism | undefined;
  oversight?: OversightMechanism | undefined;
  notice?: NoticeMechanism | undefined;
  costs?: CostsMechanism | undefined;
  goLive?: GoLiveMechanism | undefined;
}

export const MECHANISM_LETTERS = {
  allocation: '(a)',
  oversight: '(b)',
  notice: '(c)',
  costs: '(d)',
  goLive: '(e)',
} as const;

export type MechanismKey = keyof typeof MECHANISM_LETTERS;

export const MECHANISM_NAMES: Record<MechanismKey, string> = {
  allocation: 'allocation',
  oversight: 'oversight',
  notice: 'notice',
  costs: 'costs',
  goLive: 'go-live decision',
};

/** A gap in a version's mechanisms: which of (a)–(e), the field, and what is missing. */
export interface MechanismGap {
  mechanism: MechanismKey;
  field: string;
  message: string;
}

function gap(mechanism: MechanismKey, field: string, what: string): MechanismGap {
  const message = `${MECHANISM_LETTERS[mechanism]} ${MECHANISM_NAMES[mechanism]}: ${what}`;
  return { mechanism, field: `mechanisms.${field}`, message };
}

const blank = (text: string | undefined): boolean => (text ?? '').trim() === '';

/**
 * D10.8(a)–(e): what a version lacks before it can be submitted, each gap naming its mechanism
 * and field, e.g. "(c) notice: no notice period for release type november". Empty when complete.
 */
export function missingMechanisms(m: PolicyMechanisms): MechanismGap[] {
  const gaps: MechanismGap[] = [];
  const a = m.allocation;
  if (!a) gaps.push(gap('allocation', 'allocation', 'not defined'));
  else {
    if (a.releaseTypes.length === 0)
      gaps.push(gap('allocation', 'allocation.releaseTypes', 'no release types'));
    if (blank(a.allocationRules))
      gaps.push(gap('allocation', 'allocation.allocationRules', 'no allocation rules'));
    if (blank(a.lateAdditionRoute.description) || !a.lateAdditionRoute.requiresPanelDecision)
      gaps.push(
        gap(
          'allocation',
          'allocation.lateAdditionRoute',
          'no late-addition exception route through a Panel decision',
        ),
      );
  }
  const b = m.oversight;
  if (!b) gaps.push(gap('oversight', 'oversight', 'not defined'));
  else {
    if (!b.scopeBaselines.some((baseline) => baseline.appliesTo === 'all'))
      gaps.push(gap('oversight', 'oversight.scopeBaselines', 'no full-scope baseline point'));
    if (blank(b.reporting))
      gaps.push(gap('oversight', 'oversight.reporting', 'no reporting to the Panel'));
  }
  const c = m.notice;
  if (!c) gaps.push(gap('notice', 'notice', 'not defined'));
  else {
    for (const type of a?.releaseTypes ?? []) {
      if (!c.noticePeriods.some((period) => period.releaseType === type.id))
        gaps.push(
          gap('notice', 'notice.noticePeriods', `no notice period for release type ${type.id}`),
        );
    }
  }
  const d = m.costs;
  if (!d) gaps.push(gap('costs', 'costs', 'not defined'));
  else {
    if (d.components.length === 0)
      gaps.push(gap('costs', 'costs.components', 'no main cost components'));
    if (d.reviewPoints.length === 0)
      gaps.push(gap('costs', 'costs.reviewPoints', 'no cost-review points'));
    if (blank(d.authorityReporting))
      gaps.push(
        gap('costs', 'costs.authorityReporting', 'no route for reporting to the Authority'),
      );
  }
  const e = m.goLive;
  if (!e) gaps.push(gap('goLive', 'goLive', 'not defined'));
  else {
    if (blank(e.procedure)) gaps.push(gap('goLive', 'goLive.procedure', 'no decision procedure'));
    if (!e.outcomes.includes('go_live') || !e.outcomes.includes('defer'))
      gaps.push(gap('goLive', 'goLive.outcomes', 'the outcomes must include go live and defer'));
  }
  return gaps;
}

/** A mechanism that contradicts itself: refused when saved, naming the field. */
export interface MechanismProblem {
  field: string;
  message: string;
}

function duplicateIndex(ids: readonly string[]): number {
  return ids.findIndex((id, index) => ids.indexOf(id) !== index);
}

/**
 * Consistency of a version's mechanisms (shape and ranges are the schema's job): unique ids,
 * months only on standard releases, notice periods only for known release types.
 */
export function checkMechanisms(m: PolicyMechanisms): MechanismProblem | null {
  const types = m.allocation?.releaseTypes ?? [];
  const typeIds = types.map((type) => type.id);
  const twice = duplicateIndex(typeIds);
  if (twice >= 0)
    return {
      field: `mechanisms.allocation.releaseTypes.${twice}.id`,
      message: `Release type ${typeIds[twice] ?? ''} appears twice`,
    };
  for (const [index, type] of types.entries()) {
    const field = `mechanisms.allocation.releaseTypes.${index}`;
    if (type.kind === 'standard' && type.month === undefined)
      return { field: `${field}.month`, message: `Give the month of the ${type.name} release` };
    if (type.kind === 'ad_hoc' && (type.month !== undefined || type.week !== undefined))
      return {
        field: `${field}.month`,
        message: `An ad-hoc release (${type.name}) has no fixed month or week`,
      };
  }
  const periods = m.notice?.noticePeriods ?? [];
  for (const [index, period] of periods.entries()) {
    const field = `mechanisms.notice.noticePeriods.${index}.releaseType`;
    if (!typeIds.includes(period.releaseType))
      return { field, message: `There is no release type ${period.releaseType}` };
    if (periods.findIndex((other) => other.releaseType === period.releaseType) !== index)
      return { field, message: `Release type ${period.releaseType} has two notice periods` };
  }
  const baselines = (m.oversight?.scopeBaselines ?? []).map((baseline) => baseline.id);
  if (duplicateIndex(baselines) >= 0)
    return {
      field: `mechanisms.oversight.scopeBaselines.${duplicateIndex(baselines)}.id`,
      message: 'Each scope-baseline point needs its own id',
    };
  const points = (m.costs?.reviewPoints ?? []).map((point) => point.id);
  if (duplicateIndex(points) >= 0)
    return {
      field: `mechanisms.costs.reviewPoints.${duplicateIndex(points)}.id`,
      message: 'Each cost-review point needs its own id',
    };
  return null;
}
