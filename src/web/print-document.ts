/**
 * Issue 13: a document people take away (the RID with its TAD, the Policy, the cost report for
 * the Authority, a redline) as one model, rendered three ways from the same words: the HTML page
 * (print-document.njk), Word (word-document.ts) and PDF (Chromium printing that page,
 * pdf-print.ts). PURE.
 */

/** A run of a redline: words kept, inserted or deleted (src/web/redline.ts). */
export interface PrintChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** A table: a header row, rows whose first cell heads the row, and which columns are numbers. */
export interface PrintTable {
  caption: string;
  head: string[];
  rows: string[][];
  /** Per column: right-aligned figures. */
  numeric: boolean[];
}

export interface PrintSection {
  /** The anchor and Word bookmark: 'a'…'f' for the RID's D10.13 sections. */
  id: string;
  heading: string;
  /** 2 for a part of the document, 3 for a section inside it. */
  level: 2 | 3;
  /** Paragraphs of plain text; a section with nothing at all says "None.". */
  paragraphs: string[];
  /** How the section changed, on a redline: Added, Removed or Changed. */
  change?: string;
  /** A redline's paragraphs, each a list of runs kept, inserted or deleted. */
  changes?: PrintChange[][];
  /** Tables after the paragraphs. */
  tables?: PrintTable[];
}

/** Whether a section has nothing to show (it then says "None."). */
export function isEmptySection(section: PrintSection): boolean {
  return (
    section.paragraphs.length === 0 &&
    (section.changes ?? []).length === 0 &&
    (section.tables ?? []).length === 0
  );
}

/**
 * A redline's runs as paragraphs: a run holding line breaks is split there, so each paragraph
 * of the text keeps its own insertions and deletions; blank lines end a paragraph.
 */
export function redlineParagraphs(parts: readonly PrintChange[]): PrintChange[][] {
  const paragraphs: PrintChange[][] = [[]];
  for (const part of parts) {
    part.text.split(/\r?\n/).forEach((piece, index) => {
      if (index > 0) paragraphs.push([]);
      if (piece !== '') paragraphs.at(-1)?.push({ op: part.op, text: piece });
    });
  }
  return paragraphs.filter((runs) => runs.some((run) => run.text.trim() !== ''));
}

export interface PrintDocument {
  title: string;
  /** Lines under the title: the release, the version and its status, the approval. */
  lead: string[];
  sections: PrintSection[];
  /** The file name without its extension, letters, digits and hyphens only. */
  fileName: string;
  /**
   * For a redline: who made the changes and on which day (ISO), given to Word's tracked changes
   * (the later version's author, e.g. SECAS, and the day it was made or approved).
   */
  revision?: { author: string; on: string };
}

/** Text as paragraphs: one per non-empty line. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A file name made safe for a Content-Disposition header. */
export function safeFileName(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'document'
  );
}

/** A clause of a redline (Policy, RID, TAD: policy-redline.ts's clauses). */
export interface RedlineClauseLike {
  id: string;
  heading: string;
  change: 'added' | 'removed' | 'changed' | 'same';
  parts: readonly PrintChange[];
}

const CHANGE_WORDS = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

/**
 * Issue 13: a redline's clauses as sections of a document — each with how it changed and its
 * words kept, inserted and deleted; with `onlyChanged`, the clauses that did not change are left
 * out (the page's "changed clauses only" view).
 */
export function redlineSections(
  clauses: readonly RedlineClauseLike[],
  options: { level: 2 | 3; onlyChanged: boolean; idPrefix?: string },
): PrintSection[] {
  return clauses
    .filter((clause) => !options.onlyChanged || clause.change !== 'same')
    .map((clause) => ({
      id: `${options.idPrefix ?? ''}${clause.id}`,
      heading: clause.heading,
      level: options.level,
      paragraphs: [],
      ...(clause.change === 'same' ? {} : { change: CHANGE_WORDS[clause.change] }),
      changes: redlineParagraphs(clause.parts),
    }));
}

/** How many of a redline's clauses changed, in words: "2 of 14 sections changed." */
export function changedCount(clauses: readonly RedlineClauseLike[]): string {
  const changed = clauses.filter((clause) => clause.change !== 'same').length;
  return `${changed} of ${clauses.length} ${clauses.length === 1 ? 'section' : 'sections'} changed.`;
}
