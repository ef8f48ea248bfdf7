import { documentLabel } from '../catalogue/catalogue.ts';

/**
 * D10.13(a): the content of a release as its RID states it: each modification part allocated to
 * the release, with the SEC documents the modification changes. Drawn live from the allocations
 * while a version is a draft, frozen into the version when it goes to the Panel. PURE.
 */

export interface RidContentDocument {
  id: string;
  /** e.g. `Section H`, `Appendix AD`; '' for a Subsidiary Document known by its title. */
  code: string;
  title: string;
}

export interface RidContentItem {
  modificationId: number;
  reference: string;
  title: string;
  part: string;
  description: string;
  dccImpacting: boolean;
  documents: RidContentDocument[];
}

/** A document as the RID names it: `Appendix AD: DCC User Interface Specification`. */
export function documentName(document: RidContentDocument): string {
  return documentLabel(document, ': ');
}

/** D10.13(a): one line per part, as the redline and plain-text views compare it. */
export function contentLine(item: RidContentItem): string {
  const part = item.part === 'whole' ? 'whole modification' : `part: ${item.part}`;
  const description = item.description === '' ? '' : ` — ${item.description}`;
  const documents =
    item.documents.length === 0
      ? 'no SEC documents named'
      : `changes ${item.documents.map(documentName).join('; ')}`;
  const dcc = item.dccImpacting ? '; changes DCC Systems' : '';
  return `${item.reference} ${item.title} (${part}${description}): ${documents}${dcc}.`;
}

/** Reads a stored snapshot (JSON text or parsed JSON) back into content items. */
export function parseContentSnapshot(value: unknown): RidContentItem[] | null {
  if (value === null || value === undefined) return null;
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as RidContentItem[]) : null;
}
