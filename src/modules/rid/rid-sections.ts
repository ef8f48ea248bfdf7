/**
 * A-RID, D10.13: what a Release Implementation Document version holds. Sections (b)–(f) and the
 * free sections are data the system uses (testing windows, reporting, go-live criteria); (a), the
 * release content, is drawn from the release's allocations and frozen into the version when it
 * goes to the Panel.
 */

/** The six contents of D10.13, by their letters. */
export const RID_SECTION_IDS = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export type RidSectionId = (typeof RID_SECTION_IDS)[number];

export const RID_SECTION_NAMES: Record<RidSectionId, string> = {
  a: '(a) Release content',
  b: '(b) Timescales, including DCC and User testing',
  c: '(c) DCC progress and readiness reporting',
  d: '(d) DCC testing',
  e: '(e) User testing and DCC support',
  f: '(f) Go-live criteria',
};

/** D10.13(b): the dates the system uses for testing windows, plus other milestones. */
export interface RidTimescales {
  dccTestingStart: string | null;
  dccTestingEnd: string | null;
  userTestingStart: string | null;
  userTestingEnd: string | null;
  milestones: { name: string; date: string }[];
  notes: string;
}

export const REPORT_FREQUENCIES = ['weekly', 'fortnightly', 'monthly'] as const;
export type ReportFrequency = (typeof REPORT_FREQUENCIES)[number];

/** D10.13(c): how often the DCC reports progress towards readiness, from when, and what it measures. */
export interface RidReporting {
  frequency: ReportFrequency | null;
  firstReportDue: string | null;
  measures: string[];
  notes: string;
}

/** D10.13(f): a go-live criterion; its id is what the go-live decision checks. */
export interface GoLiveCriterionDefinition {
  id: string;
  text: string;
}

/** Sections the D10.13 list does not name but practice puts in a RID (domain.md §6). */
export const FREE_SECTION_KEYS = ['risks', 'dependencies', 'notice', 'costs', 'other'] as const;
export type FreeSectionKey = (typeof FREE_SECTION_KEYS)[number];

export interface RidSections {
  /** (a) Notes on the content; the content itself comes from the allocations. */
  contentNotes: string;
  timescales: RidTimescales;
  reporting: RidReporting;
  /** (d) The DCC testing to be carried out. */
  dccTesting: string;
  /** (e) The User testing required, and the support the DCC gives it. */
  userTesting: { requirements: string; dccSupport: string };
  goLiveCriteria: GoLiveCriterionDefinition[];
  free: { key: FreeSectionKey; heading: string; text: string }[];
}

/** An empty draft: every D10.13 section still to be written. */
export function emptyRidSections(): RidSections {
  return {
    contentNotes: '',
    timescales: {
      dccTestingStart: null,
      dccTestingEnd: null,
      userTestingStart: null,
      userTestingEnd: null,
      milestones: [],
      notes: '',
    },
    reporting: { frequency: null, firstReportDue: null, measures: [], notes: '' },
    dccTesting: '',
    userTesting: { requirements: '', dccSupport: '' },
    goLiveCriteria: [],
    free: [],
  };
}

const filled = (text: string | null | undefined): boolean => (text ?? '').trim() !== '';

function windowSet(start: string | null, end: string | null): boolean {
  return start !== null && end !== null && start <= end;
}

/**
 * D10.13: the sections of a version that are missing, in letter order. (a) needs at least one
 * modification part allocated to the release; (b) both testing windows, each ending on or after
 * it starts; (c) a frequency, a first report date and at least one measure; (d) and (e) their
 * text (both parts of (e)); (f) at least one criterion, each with an id and text, ids unique.
 */
export function missingRidSections(sections: RidSections, contentParts: number): RidSectionId[] {
  const t = sections.timescales;
  const r = sections.reporting;
  const ids = sections.goLiveCriteria.map((c) => c.id.trim());
  const complete: Record<RidSectionId, boolean> = {
    a: contentParts > 0,
    b:
      windowSet(t.dccTestingStart, t.dccTestingEnd) &&
      windowSet(t.userTestingStart, t.userTestingEnd),
    c: r.frequency !== null && r.firstReportDue !== null && r.measures.some(filled),
    d: filled(sections.dccTesting),
    e: filled(sections.userTesting.requirements) && filled(sections.userTesting.dccSupport),
    f:
      sections.goLiveCriteria.length > 0 &&
      sections.goLiveCriteria.every((c) => filled(c.id) && filled(c.text)) &&
      new Set(ids).size === ids.length,
  };
  return RID_SECTION_IDS.filter((id) => !complete[id]);
}
