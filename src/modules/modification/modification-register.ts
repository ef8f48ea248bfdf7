/**
 * Pure rules of the modification register: how a raised modification starts, what it must carry,
 * and how it is found again. No database, clock or HTTP.
 */
import {
  PATHS,
  parseReference,
  type ParsedReference,
  type Path,
  type Status,
} from './modification.ts';

export const MAX_TITLE_LENGTH = 200;
export const MAX_SUMMARY_LENGTH = 5000;
export const MAX_REASON_LENGTH = 2000;
export const MAX_SEARCH_LENGTH = 100;
export const MAX_DOCUMENTS = 60;
export const MAX_DEPENDENCIES = 20;

export interface Problem {
  field: string;
  message: string;
}

/** Ruling 12: a reference in one of its real forms, written the canonical way (upper case). */
export function canonicalReference(
  reference: string,
): { reference: string; parsed: ParsedReference } | null {
  const parsed = parseReference(reference);
  if (!parsed) return null;
  return { reference: reference.trim().toUpperCase(), parsed };
}

export const REFERENCE_HINT =
  'Enter a reference like SECMP0061, MP200, MP102A (an alternative) or DP090 (a Draft Proposal)';

/**
 * domain.md §4: a Draft Proposal (DP) starts in the Development Stage; a Modification Proposal
 * raised directly (MP or SECMP) starts as a Modification Proposal.
 */
export function initialStatusOf(parsed: ParsedReference): Status {
  return parsed.series === 'DP' ? 'draft_proposal' : 'modification_proposal';
}

/**
 * domain.md §4.2: a Draft Proposal has no path until the Panel converts it; every Modification
 * Proposal is raised on a path.
 */
export function checkRaisedPath(parsed: ParsedReference, path: Path | null): Problem | null {
  if (parsed.series === 'DP' && path !== null) {
    return {
      field: 'path',
      message: 'A Draft Proposal gets its path when the Panel converts it: leave the path empty',
    };
  }
  if (parsed.series !== 'DP' && path === null) {
    return { field: 'path', message: 'Choose the path of the Modification Proposal' };
  }
  return null;
}

/**
 * domain.md §4.2: converting a Draft Proposal the Panel sets its path. An Authority-Led Variation
 * is the Authority's own (D9A), never a converted Draft Proposal.
 */
export const CONVERSION_PATHS: readonly Path[] = PATHS.filter((path) => path !== 'alv');

export function checkConversionPath(path: Path | null): Problem | null {
  if (path === null)
    return {
      field: 'path',
      message: 'Choose the path the Panel set when converting the Draft Proposal',
    };
  if (!CONVERSION_PATHS.includes(path)) {
    return { field: 'path', message: 'A Draft Proposal cannot become an Authority-Led Variation' };
  }
  return null;
}

/** Title and summary as the register keeps them: a title is required, both have a length limit. */
export function checkWording(title: string, summary: string): Problem | null {
  return checkTitle(title) ?? checkSummary(summary);
}

/** A title is required, at most MAX_TITLE_LENGTH characters. */
export function checkTitle(title: string): Problem | null {
  if (title.trim() === '')
    return { field: 'title', message: 'Enter the title of the modification' };
  if (title.trim().length > MAX_TITLE_LENGTH) {
    return { field: 'title', message: `The title must be at most ${MAX_TITLE_LENGTH} characters` };
  }
  return null;
}

/** A summary may be empty, at most MAX_SUMMARY_LENGTH characters. */
export function checkSummary(summary: string): Problem | null {
  if (summary.trim().length > MAX_SUMMARY_LENGTH) {
    return {
      field: 'summary',
      message: `The summary must be at most ${MAX_SUMMARY_LENGTH} characters`,
    };
  }
  return null;
}

/** A step of the lifecycle is recorded with the reason the Panel, SECAS or the proposer gave. */
export function checkReason(reason: string): Problem | null {
  if (reason.trim() === '')
    return { field: 'reason', message: 'Give the reason, as it will appear in the timeline' };
  if (reason.trim().length > MAX_REASON_LENGTH) {
    return {
      field: 'reason',
      message: `The reason must be at most ${MAX_REASON_LENGTH} characters`,
    };
  }
  return null;
}

/** What free-text search looks in: reference, title and summary, lower-cased. */
export function searchTextOf(modification: {
  reference: string;
  title: string;
  summary: string;
}): string {
  return `${modification.reference} ${modification.title} ${modification.summary}`.toLowerCase();
}

/**
 * A LIKE pattern matching `term` anywhere, lower-cased, with `\`, `%` and `_` escaped so they
 * match themselves (PostgreSQL's default LIKE escape is the backslash).
 */
export function containsPattern(term: string): string {
  return `%${term
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** Dependencies are named by reference, each once, never the modification itself. */
export function checkDependencies(own: string, references: readonly string[]): Problem | null {
  const seen = new Set<string>();
  for (const reference of references) {
    const canonical = canonicalReference(reference);
    if (!canonical)
      return {
        field: 'dependsOn',
        message: `"${reference}" is not a modification reference. ${REFERENCE_HINT}`,
      };
    if (canonical.reference === own)
      return { field: 'dependsOn', message: 'A modification cannot depend on itself' };
    if (seen.has(canonical.reference)) {
      return { field: 'dependsOn', message: `${canonical.reference} is listed twice` };
    }
    seen.add(canonical.reference);
  }
  if (seen.size > MAX_DEPENDENCIES) {
    return { field: 'dependsOn', message: `List at most ${MAX_DEPENDENCIES} dependencies` };
  }
  return null;
}

/** The catalogue ids a form or call names, trimmed, each once. */
export function uniqueDocumentIds(ids: readonly string[]): string[] {
  return [...new Set(ids.map((id) => id.trim()))];
}

/**
 * The SEC documents a modification changes: every id names a catalogue entry (`found` holds those
 * that exist), and entries not in `keep` (already on it) must not be retired.
 */
export function checkDocumentChoice(
  ids: readonly string[],
  found: readonly { id: string; title: string; retired: boolean }[],
  keep: readonly string[] = [],
): Problem | null {
  for (const id of ids) {
    const entry = found.find((candidate) => candidate.id === id);
    if (!entry)
      return { field: 'documentIds', message: `The catalogue has no document with id ${id}` };
    if (entry.retired && !keep.includes(id))
      return { field: 'documentIds', message: `${entry.title} is retired from the catalogue` };
  }
  return null;
}

/**
 * Issue 13: the references to suggest for the next raise. Draft Proposals and Modification
 * Proposals share one sequence (DP090 becomes MP090 when converted), so the next number follows
 * the highest DP or MP number in the register; SECMP references (the older series) are not
 * counted. Three digits at least, as SECAS writes them.
 */
export function nextReferences(references: readonly string[]): { dp: string; mp: string } {
  const highest = references
    .map((reference) => parseReference(reference))
    .filter((parsed) => parsed !== null && parsed.series !== 'SECMP')
    .reduce((max, parsed) => Math.max(max, parsed?.number ?? 0), 0);
  const number = String(highest + 1).padStart(3, '0');
  return { dp: `DP${number}`, mp: `MP${number}` };
}
