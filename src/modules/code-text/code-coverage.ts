/**
 * D6.8(e) cross-check (issue 14): the refinement's record is checked against the provisions the
 * modification's legal text touches. PURE.
 *
 * D6.8(e) asks the Working Group to "consider whether the DCC should … be required to undertake
 * testing …; and (if so) ensure that the Modification Proposal includes amendments to this Code
 * which provide a robust testing solution (or … a process for developing the testing solution)".
 * The testing solution is therefore part of the legal text, and the documents the Modification
 * Proposal says it changes are what D6.8(a) (its effects) and D6.8(f)–(i) (whose views must be
 * sought) are worked out from. Two rules follow:
 *
 * 1. Every Section of the Code whose provisions the legal text changes must be among the
 *    modification's documents (legal text changing G3.2 must list Section G). This is a
 *    REFUSAL at the point the Code says refinement must be complete before the proposal moves
 *    on (D6.8, then the Report Phase), and again when a part is allocated to a release (D10.7),
 *    which every approved modification passes (see CoverageGate): an incomplete list means the
 *    D6.8(f)–(i) consultations were computed on the wrong documents, which the Working Group
 *    cannot have "ensured". The fact is objective (labels against the catalogue), so refusing it
 *    is never a judgement call.
 * 2. When DCC testing is required, each Section the recorded testing solution names (for example
 *    "Section H14" or "Sections T2 and T3") should be one the legal text changes, since D6.8(e)
 *    wants the solution in the amendments to the Code. This is a WARNING only: the testing
 *    solution is prose, a name found in it may be context rather than the place of the solution,
 *    and whether amendments "provide a robust testing solution" is the Working Group's judgement,
 *    not something a rule can decide.
 *
 * With no legal text recorded nothing is checked: there is nothing to compare yet.
 */

/** A document the modification says it changes, as the catalogue has it. */
export interface ListedDocument {
  kind: 'section' | 'schedule' | 'appendix' | 'subsidiary';
  /** "Section G", or "G". */
  code: string;
}

export interface CoverageInput {
  /** Full labels of the provisions the legal text touches ("D10.8(c)", "A1.1"). */
  touched: readonly string[];
  documents: readonly ListedDocument[];
  dccTesting: { required: boolean | null; testingSolution: string | null };
}

export interface CoverageFinding {
  rule: 'document-not-listed' | 'testing-solution-not-in-legal-text';
  severity: 'refusal' | 'warning';
  /** "Section G". */
  section: string;
  /** The touched provisions of that Section (rule 1), or the names found in the testing solution (rule 2). */
  provisions: string[];
  message: string;
}

/** The Section a full label sits in: "D10.8(c)" → "D", "A1.1" → "A", "X2" → "X"; undefined otherwise. */
export function sectionOfLabel(label: string): string | undefined {
  return /^([A-Z]{1,2})(?=\d)/.exec(label.trim())?.[1];
}

/** The Section letter a catalogue entry of kind "section" stands for ("Section G" or "G"). */
function sectionOfDocument(document: ListedDocument): string | undefined {
  if (document.kind !== 'section') return undefined;
  return /^(?:Section\s+)?([A-Z]{1,2})$/i.exec(document.code.trim())?.[1]?.toUpperCase();
}

const LABEL = String.raw`[A-Z]{1,2}\d+[A-Z]?(?:\.\d+[A-Z]?)*(?:\([a-z0-9]+\))*`;
const SECTION_REFERENCE = new RegExp(
  String.raw`\bSections?\s+((?:${LABEL}|[A-Z]\b)(?:\s*(?:,|and|or)\s*(?:${LABEL}|[A-Z]\b))*)`,
  'g',
);

/** The labels a text names after "Section" or "Sections": "Sections T2 and T3" gives T2, T3. */
export function namedSections(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(SECTION_REFERENCE)) {
    for (const part of (match[1] ?? '').split(/\s*(?:,|\band\b|\bor\b)\s*/)) {
      const label = part.trim();
      if (label) out.push(label);
    }
  }
  return out;
}

const sectionName = (letter: string) => `Section ${letter}`;

/** D6.8(e): what the refinement's record lacks against the legal text; empty when it agrees. */
export function legalTextCoverage(input: CoverageInput): CoverageFinding[] {
  const findings: CoverageFinding[] = [];
  const listed = new Set(input.documents.map(sectionOfDocument).filter(Boolean));
  const bySection = new Map<string, string[]>();
  for (const label of input.touched) {
    const section = sectionOfLabel(label);
    if (section) bySection.set(section, [...(bySection.get(section) ?? []), label]);
  }
  for (const [section, labels] of [...bySection].sort(([a], [b]) => a.localeCompare(b))) {
    if (listed.has(section)) continue;
    findings.push({
      rule: 'document-not-listed',
      severity: 'refusal',
      section: sectionName(section),
      provisions: labels,
      message: `The legal text changes ${labels.join(', ')}, but ${sectionName(section)} is not among the documents the modification changes`,
    });
  }
  const solution = input.dccTesting.testingSolution ?? '';
  if (input.dccTesting.required === true && input.touched.length > 0) {
    const named = new Map<string, string[]>();
    for (const label of namedSections(solution)) {
      const section = /^[A-Z]{1,2}$/.test(label) ? label : sectionOfLabel(label);
      if (section) named.set(section, [...(named.get(section) ?? []), label]);
    }
    for (const [section, labels] of named) {
      if (bySection.has(section)) continue;
      findings.push({
        rule: 'testing-solution-not-in-legal-text',
        severity: 'warning',
        section: sectionName(section),
        provisions: labels,
        message: `The testing solution names ${labels.map((l) => (l.length <= 2 ? sectionName(l) : `Section ${l}`)).join(', ')}, but the legal text changes nothing in ${sectionName(section)}: D6.8(e) wants the testing solution in the amendments to the Code`,
      });
    }
  }
  return findings;
}

/**
 * The acts that rule 1 gates: every route by which a modification moves past the point where its
 * documents must agree with its legal text. Refinement completes (D6.8: the Working Group's
 * record, then the Report Phase), by the refinement page or API or by the Panel's lifecycle step;
 * and a part is allocated to a release (D10.7), which every approved modification reaches,
 * including one that never went through a Refinement Process. Once past the first of these, a
 * change of the legal text itself is gated too (`legalTextChangeGated`), by the API, the Word
 * import and the edit page alike. A release recorded as history from before the cut-over
 * (ruling 13) is not gated: it records what happened outside secrel (and sets no legal text).
 */
export type CoverageGate = 'refinement' | 'allocation' | 'legal-text' | 'documents';

const GATED: Record<CoverageGate, string> = {
  refinement: 'Refinement cannot complete',
  allocation: 'The modification cannot be allocated to a release',
  'legal-text': 'The legal text cannot be changed',
  documents: 'The documents it changes cannot be set so',
};

/**
 * The statuses (modification.ts STATUSES) in which a modification has passed the refinement gate:
 * refinement is complete (D6.8, the Report Phase and after), or it was decided, or it is in or
 * through a release. Its documents are fixed there, and go-live consolidates its legal text, so a
 * new legal text is held to rule 1 (gate 'legal-text') before it is stored — otherwise it could be
 * changed after the gates to touch a Section its documents do not list. Before it (Draft Proposal,
 * Modification Proposal, the Refinement Process) the legal text is still being drafted and the
 * refinement gate checks it; a withdrawn modification never goes live.
 */
const PAST_REFINEMENT_GATE: readonly string[] = [
  'report_phase',
  'modification_report_consultation',
  'change_board',
  'authority_decision',
  'approved',
  'rejected',
  'allocated',
  'implemented',
];

/** D6.8(e), rule 1: whether a change of the legal text in this status must keep to the documents. */
export function legalTextChangeGated(status: string): boolean {
  return PAST_REFINEMENT_GATE.includes(status);
}

/**
 * D6.8(e), rule 1: the refusal of an act (`legal_text_documents_missing`) while the legal text
 * changes a Section the modification does not list among its documents, as one message naming
 * each such Section and the provisions changed in it; undefined when nothing is refused (warnings
 * of rule 2 never refuse). The one rule every gated route applies.
 */
export function coverageRefusal(
  findings: readonly CoverageFinding[],
  gate: CoverageGate,
): string | undefined {
  const refusals = findings.filter((f) => f.severity === 'refusal');
  if (refusals.length === 0) return undefined;
  return `${GATED[gate]}: ${refusals.map((f) => f.message).join('; ')} (D6.8(e))`;
}
