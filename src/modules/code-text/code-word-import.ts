/**
 * The Code from Word (issue 14, legal-text.md §3, §10): a .docx is unzipped with jszip and its
 * body read with an XML parser (@xmldom/xmldom), tracked changes and all — mammoth is not used,
 * since it drops deletions. Each paragraph has two readings: as it stood (deletions kept,
 * insertions left out) and as it reads with the changes accepted.
 *
 * - A Word document becomes a version of the Code: its accepted reading, through the same line
 *   classifier as plain text (code-import.ts).
 * - A Word redline becomes a modification's amendments: the reading as it stood is matched,
 *   provision by provision, against the base version and must read as the base does; the
 *   accepted reading gives the new wording and order; the operations are then extracted
 *   (code-extract.ts) and so are checked against the base like any others. A paragraph that is no
 *   provision of the base, or reads differently from it, or a label renumbering would not give,
 *   is reported, never guessed.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import type { AmendOp } from './code-amendments.ts';
import type { DiffSegment } from './code-diff.ts';
import { extractAmendments } from './code-extract.ts';
import { importPlainText, type Unclassified } from './code-import.ts';
import type { CodeVersion, Provision } from './code-tree.ts';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export interface WordParagraph {
  /** The paragraph's style id ("Title", "Heading1"), when it has one. */
  style?: string;
  /** Text as it stood ('del' and 'same') and as it reads accepted ('ins' and 'same'). */
  segments: DiffSegment[];
  /** The paragraph mark itself was inserted or deleted (the paragraph joins the next). */
  mark: 'same' | 'ins' | 'del';
}

export class WordReadError extends Error {}

function walk(node: Element, type: DiffSegment['type'], out: DiffSegment[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== 1) continue;
    const el = child as Element;
    if (el.namespaceURI !== W) continue;
    switch (el.localName) {
      case 'ins':
      case 'moveTo':
        walk(el, 'ins', out);
        break;
      case 'del':
      case 'moveFrom':
        walk(el, 'del', out);
        break;
      case 't':
      case 'delText':
        out.push({ type, text: el.textContent ?? '' });
        break;
      case 'tab':
        out.push({ type, text: '\t' });
        break;
      case 'br':
      case 'cr':
        out.push({ type, text: ' ' });
        break;
      case 'noBreakHyphen':
        out.push({ type, text: '-' });
        break;
      case 'r':
      case 'hyperlink':
      case 'smartTag':
      case 'sdt':
      case 'sdtContent':
      case 'fldSimple':
        walk(el, type, out);
        break;
      default:
        // Properties (w:pPr, w:rPr), bookmarks, proofing marks and field codes carry no text.
        break;
    }
  }
}

function childNamed(el: Element | null | undefined, name: string): Element | undefined {
  for (let c = el?.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as Element).localName === name) return c as Element;
  }
  return undefined;
}

/** The body's paragraphs of a .docx, with their tracked changes. */
export async function readWordParagraphs(docx: Buffer | Uint8Array): Promise<WordParagraph[]> {
  let xml: string | undefined;
  try {
    xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string');
  } catch {
    throw new WordReadError('The file is not a Word document (.docx).');
  }
  if (xml === undefined) throw new WordReadError('The Word document has no body.');
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const paragraphs: WordParagraph[] = [];
  const all = doc.getElementsByTagNameNS(W, 'p');
  for (let i = 0; i < all.length; i++) {
    const p = all.item(i) as Element;
    const segments: DiffSegment[] = [];
    walk(p, 'same', segments);
    const props = childNamed(p, 'pPr');
    const style = childNamed(props, 'pStyle')?.getAttributeNS(W, 'val') || undefined;
    const markProps = childNamed(props, 'rPr');
    const mark = childNamed(markProps, 'ins')
      ? 'ins'
      : childNamed(markProps, 'del')
        ? 'del'
        : 'same';
    paragraphs.push({ ...(style ? { style } : {}), segments, mark });
  }
  return paragraphs;
}

export interface ReadingLine {
  text: string;
  /** The paragraph (0-based) whose mark ends the line. */
  paragraph: number;
}

/**
 * One reading of the paragraphs, a line each ('old': as they stood; 'new': changes accepted).
 * A paragraph whose mark is absent in that reading runs on into the next one; the document's
 * title (style Title) is no part of the Code.
 */
export function readingOf(paragraphs: WordParagraph[], which: 'old' | 'new'): ReadingLine[] {
  const lines: ReadingLine[] = [];
  const skip = which === 'old' ? 'ins' : 'del';
  let carry = '';
  paragraphs.forEach((p, i) => {
    if (p.style === 'Title') return;
    const text = p.segments
      .filter((s) => s.type !== skip)
      .map((s) => s.text)
      .join('');
    if (p.mark === skip) {
      carry += text;
      return;
    }
    lines.push({ text: (carry + text).replace(/\s+$/, ''), paragraph: i });
    carry = '';
  });
  if (carry) lines.push({ text: carry, paragraph: paragraphs.length - 1 });
  return lines;
}

export interface WordImport {
  root: Provision;
  unclassified: Unclassified[];
  /** How many insertions and deletions the document tracked (accepted in the version). */
  trackedChanges: number;
}

const countChanges = (paragraphs: WordParagraph[]): number =>
  paragraphs.reduce((n, p) => n + p.segments.filter((s) => s.type !== 'same').length, 0);

/** Unclassified lines name the Word paragraph (1-based) they came from. */
function byParagraph(unclassified: Unclassified[], lines: ReadingLine[]): Unclassified[] {
  return unclassified.map((u) => ({
    ...u,
    line: (lines[u.line - 1]?.paragraph ?? u.line - 1) + 1,
  }));
}

/** A Word document as a version of the Code: the text as it reads with its changes accepted. */
export async function importWordVersion(
  docx: Buffer | Uint8Array,
  newId: () => string,
): Promise<WordImport> {
  const paragraphs = await readWordParagraphs(docx);
  const lines = readingOf(paragraphs, 'new');
  const result = importPlainText(lines.map((l) => l.text).join('\n'), { newId });
  return {
    root: result.root,
    unclassified: byParagraph(result.unclassified, lines),
    trackedChanges: countChanges(paragraphs),
  };
}

export interface WordAmendments {
  ops: AmendOp[];
  unclassified: Unclassified[];
  trackedChanges: number;
  /** The base as the redline leaves it (what the operations consolidate to). */
  target: CodeVersion;
}

function sameWording(a: Provision, b: Provision): boolean {
  return (
    a.text === b.text &&
    (a.heading ?? '') === (b.heading ?? '') &&
    (a.term ?? '') === (b.term ?? '')
  );
}

function counterpart(base: Provision, node: Provision): Provision | undefined {
  return base.children.find((c) => {
    if (c.kind !== node.kind) return false;
    if (node.kind === 'crossheading') return c.heading === node.heading;
    if (node.kind === 'definition') return c.term === node.term;
    return c.label === node.label;
  });
}

const describe = (node: Provision): string =>
  node.kind === 'definition'
    ? `the definition of “${node.term ?? ''}”`
    : node.kind === 'crossheading'
      ? `the crossheading “${node.heading ?? ''}”`
      : `${node.label ?? ''} ${node.kind === 'part' ? (node.heading ?? '') : ''}`.trim();

const compareTerms = (a: Provision, b: Provision) =>
  (a.term ?? '').localeCompare(b.term ?? '', 'en-GB', { sensitivity: 'base' });

/**
 * A Word redline against a base version as a modification's amendments. `newId` names the
 * provisions the redline inserts (permanent ids, never reused).
 */
export function amendmentsFromWordRedline(
  base: CodeVersion,
  paragraphs: WordParagraph[],
  newId: () => string,
): WordAmendments {
  const oldLines = readingOf(paragraphs, 'old');
  const newLines = readingOf(paragraphs, 'new');
  const paragraphOfOld = new Map<Provision, number>();
  const paragraphOfNew = new Map<Provision, number>();
  let scratch = 0;
  const tmp = () => `word-reading-${++scratch}`;
  const was = importPlainText(oldLines.map((l) => l.text).join('\n'), {
    newId: tmp,
    onNode: (node, line) => paragraphOfOld.set(node, oldLines[line - 1]?.paragraph ?? -1),
  });
  const now = importPlainText(newLines.map((l) => l.text).join('\n'), {
    newId: tmp,
    onNode: (node, line) => paragraphOfNew.set(node, newLines[line - 1]?.paragraph ?? -1),
  });
  const reported = new Map<number, Unclassified>();
  const report = (paragraph: number, text: string, reason: string) => {
    if (!reported.has(paragraph)) reported.set(paragraph, { line: paragraph + 1, text, reason });
  };
  for (const u of byParagraph(was.unclassified, oldLines)) report(u.line - 1, u.text, u.reason);
  for (const u of byParagraph(now.unclassified, newLines)) report(u.line - 1, u.text, u.reason);

  // The reading as it stood, provision by provision, against the base.
  const baseOf = new Map<number, Provision>();
  const match = (reading: Provision, against: Provision) => {
    for (const child of reading.children) {
      const paragraph = paragraphOfOld.get(child) ?? -1;
      const found = counterpart(against, child);
      const text = oldLines.find((l) => l.paragraph === paragraph)?.text ?? '';
      if (!found) {
        report(paragraph, text, `${describe(child)} is not in ${base.name} as it stood`);
        continue;
      }
      if (!sameWording(found, child)) {
        report(
          paragraph,
          text,
          `${describe(child)} does not read as it does in ${base.name} (the redline was drafted against other words)`,
        );
        continue;
      }
      baseOf.set(paragraph, found);
      match(child, found);
    }
  };
  match(was.root, base.root);

  // The base as the redline leaves it: shown provisions in the accepted order; provisions the
  // redline does not show stay where they were.
  const shown = new Set([...baseOf.values()].map((p) => p.id));
  const readingOfBuilt = new Map<string, Provision>();
  const build = (reading: Provision, from: Provision | undefined): Provision => {
    const own = from ?? (reading.kind === 'document' ? base.root : undefined);
    const children: Provision[] = reading.children.map((child) =>
      build(child, baseOf.get(paragraphOfNew.get(child) ?? -1)),
    );
    if (own) {
      const kids = [...children];
      own.children.forEach((c, i) => {
        if (shown.has(c.id)) return;
        const prev = own.children
          .slice(0, i)
          .reverse()
          .find((s) => kids.some((k) => k.id === s.id));
        const at = prev ? kids.findIndex((k) => k.id === prev.id) + 1 : 0;
        kids.splice(at, 0, c);
      });
      if (kids.some((k) => k.kind === 'definition')) {
        const defs = kids.filter((k) => k.kind === 'definition').sort(compareTerms);
        kids.splice(0, kids.length, ...kids.filter((k) => k.kind !== 'definition'), ...defs);
      }
      children.splice(0, children.length, ...kids);
    }
    const id = own?.id ?? newId();
    readingOfBuilt.set(id, reading);
    return {
      id,
      kind: reading.kind,
      ...(reading.label ? { label: reading.label } : {}),
      ...(own?.labelFixed ? { labelFixed: true } : {}),
      ...(reading.heading ? { heading: reading.heading } : {}),
      ...(reading.term ? { term: reading.term } : {}),
      text: reading.text,
      children,
    };
  };
  const root = build(now.root, base.root);
  const target: CodeVersion = { ...base, name: `${base.name} as the redline leaves it`, root };
  const unclassified = [...reported.values()].sort((a, b) => a.line - b.line);
  if (unclassified.length > 0)
    return { ops: [], unclassified, trackedChanges: countChanges(paragraphs), target };

  const ops = extractAmendments(base, target).filter((op) => {
    if (op.op !== 'relabel') return true;
    const reading = readingOfBuilt.get(op.target);
    const p = reading ? (paragraphOfNew.get(reading) ?? -1) : -1;
    report(
      p,
      newLines.find((l) => l.paragraph === p)?.text ?? '',
      `the redline labels ${reading ? describe(reading) : op.target} so, but renumbering would not give that label; relabelling is not read from a redline`,
    );
    return false;
  });
  return {
    ops,
    unclassified: [...reported.values()].sort((a, b) => a.line - b.line),
    trackedChanges: countChanges(paragraphs),
    target,
  };
}
