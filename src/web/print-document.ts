/**
 * Issue 13: a document people take away (the RID with its TAD, …) as one model, rendered three
 * ways from the same words: the HTML page (print-document.njk), Word (word-document.ts) and PDF
 * (Chromium printing that page, pdf-print.ts). PURE.
 */

export interface PrintSection {
  /** The anchor and Word bookmark: 'a'…'f' for the RID's D10.13 sections. */
  id: string;
  heading: string;
  /** 2 for a part of the document, 3 for a section inside it. */
  level: 2 | 3;
  /** Paragraphs of plain text; an empty section says so. */
  paragraphs: string[];
}

export interface PrintDocument {
  title: string;
  /** Lines under the title: the release, the version and its status, the approval. */
  lead: string[];
  sections: PrintSection[];
  /** The file name without its extension, letters, digits and hyphens only. */
  fileName: string;
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
