/**
 * The redline as Word with real tracked changes (issue 14, legal-text.md §7.5): provisions paired
 * by permanent id, a coalesced word diff inside each changed one, each insertion a `w:ins` and
 * each deletion a `w:del` whose author is the modification that made the change and whose date
 * is the decision's (or the consolidation's). Labels are literal text, never Word's automatic
 * numbering, so a renumbered clause reads "D10.[-10-][+12+]". The layout is the SEC's own — a
 * part's line, crossheadings, "D10.12 …", "(a) …" indented, "(i) …" further, A1.1's definitions
 * as "Term<TAB>meaning" — so that the Word import (code-word-import.ts) reads it back. PURE but
 * for the asynchronous packing.
 */
import * as docxModule from 'docx';
import type { AmendOp } from './code-amendments.ts';
import { wordDiff, type DiffSegment } from './code-diff.ts';
import { indexVersion, type CodeVersion, type Located, type Provision } from './code-tree.ts';

/**
 * The part of docx 9.7.0 used here, typed locally: src/web/docx.d.ts declares only what the RID's
 * Word document uses, and the package's own declarations cannot be followed under NodeNext.
 */
interface ChangeOptions {
  id: number;
  author: string;
  date: string;
}
type Opaque = { readonly __docx?: never };
interface DocxApi {
  HeadingLevel: { TITLE: string; HEADING_1: string; HEADING_2: string };
  Tab: new () => Opaque;
  TextRun: new (o: { text?: string; children?: Opaque[] }) => Opaque;
  InsertedTextRun: new (o: { text: string } & ChangeOptions) => Opaque;
  DeletedTextRun: new (o: { text: string } & ChangeOptions) => Opaque;
  Paragraph: new (o: {
    text?: string;
    heading?: string;
    indent?: { left?: number };
    run?: { insertion?: ChangeOptions; deletion?: ChangeOptions };
    children?: Opaque[];
  }) => Opaque;
  Document: new (o: {
    title: string;
    creator: string;
    features: { trackRevisions: boolean };
    styles: { default: { document: { run: { font: string; size: number } } } };
    sections: Array<{ children: Opaque[] }>;
  }) => Opaque;
  Packer: { toBuffer(document: Opaque): Promise<Buffer> };
}
const docx = docxModule as unknown as DocxApi;

export const WORD_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface WordRedlineOptions {
  /** The document's title ("SECMP0061: redline against SEC 5.21"). */
  title: string;
  /** Who made a provision's change: the modification's reference (nearest ancestor's if unset). */
  authors?: ReadonlyMap<string, string>;
  /** The author of changes no modification claims (a version-to-version redline). */
  defaultAuthor: string;
  /** The date of the changes: the decision's or the consolidation's. */
  date: Date;
  /**
   * `parts` (the default): every part with a change is shown whole, except that A1.1 shows only
   * the definitions that change — how the SEC's legal text is laid out, and what the Word import
   * needs to place inserted provisions. `changes`: only the changed provisions and their parents.
   */
  scope?: 'parts' | 'changes';
}

/** The provision ids each modification's operations touch, for naming the author of a change. */
export function authorsOf(mods: ReadonlyArray<{ reference: string; ops: AmendOp[] }>) {
  const authors = new Map<string, string>();
  const claim = (id: string, reference: string) => {
    if (!authors.has(id)) authors.set(id, reference);
  };
  const claimTree = (node: Provision, reference: string) => {
    authors.set(node.id, reference);
    node.children.forEach((c) => {
      claimTree(c, reference);
    });
  };
  for (const mod of mods) {
    for (const op of mod.ops) {
      if (op.op === 'insert') {
        claimTree(op.node, mod.reference);
        claim(op.parent, mod.reference);
      } else if (op.op === 'addTerm') {
        authors.set(op.id, mod.reference);
        claim(op.parent, mod.reference);
      } else {
        authors.set(op.target, mod.reference);
        if (op.op === 'move') claim(op.parent, mod.reference);
      }
    }
  }
  return authors;
}

type Segment = DiffSegment | { type: 'tab'; text: '' };

interface Line {
  provision: Provision;
  kind: Provision['kind'];
  segments: Segment[];
  change: 'same' | 'inserted' | 'deleted' | 'changed';
}

const INDENT: Partial<Record<Provision['kind'], number>> = { para: 720, subpara: 1440 };

/** How a provision's line reads (label, heading, term, text) in one version. */
function reading(located: Located | undefined, partLabel: string): string[] {
  if (!located) return [];
  const p = located.provision;
  switch (p.kind) {
    case 'part':
      return [`${p.label ?? ''} ${p.heading ?? ''}`.trim()];
    case 'crossheading':
      return [p.heading ?? ''];
    case 'clause':
      return [`${partLabel}.${p.label ?? ''}`, ' ', p.text];
    case 'para':
    case 'subpara':
      return [p.label ?? '', ' ', p.text];
    case 'definition':
      return [p.term ?? '', '\t', p.text];
    default:
      return [p.text];
  }
}

function labelDiff(before: string, after: string): DiffSegment[] {
  if (before === after) return before ? [{ type: 'same', text: before }] : [];
  if (!before) return [{ type: 'ins', text: after }];
  if (!after) return [{ type: 'del', text: before }];
  let p = 0;
  while (p < before.length && before[p] === after[p]) p++;
  while (p > 0 && /[0-9a-z]/.test(before[p - 1] ?? '')) p--;
  const out: DiffSegment[] = [];
  if (p > 0) out.push({ type: 'same', text: before.slice(0, p) });
  out.push({ type: 'del', text: before.slice(p) }, { type: 'ins', text: after.slice(p) });
  return out;
}

function lineSegments(
  was: Located | undefined,
  now: Located | undefined,
  oldPart: string,
  newPart: string,
): Segment[] {
  const kind = (now ?? was)?.provision.kind;
  const a = reading(was, oldPart);
  const b = reading(now, newPart);
  const whole = (type: 'ins' | 'del', parts: string[]): Segment[] =>
    parts
      .filter((s) => s !== '')
      .map((s) => (s === '\t' ? { type: 'tab', text: '' } : { type, text: s }));
  if (!was) return whole('ins', b);
  if (!now) return whole('del', a);
  if (kind === 'part' || kind === 'crossheading') return wordDiff(a[0] ?? '', b[0] ?? '');
  const head: DiffSegment[] =
    kind === 'definition' ? wordDiff(a[0] ?? '', b[0] ?? '') : labelDiff(a[0] ?? '', b[0] ?? '');
  const sep: Segment =
    kind === 'definition' ? { type: 'tab', text: '' } : { type: 'same', text: ' ' };
  return [...head, sep, ...wordDiff(a[2] ?? '', b[2] ?? '')];
}

function partOf(located: Located | undefined, index: Map<string, Located>): string {
  let at = located;
  while (at) {
    if (at.provision.kind === 'part') return at.provision.label ?? '';
    at = at.parent ? index.get(at.parent.id) : undefined;
  }
  return '';
}

/** The lines of the redline, in the new version's order with deletions where they stood. */
export function redlineLines(
  from: CodeVersion,
  to: CodeVersion,
  scope: 'parts' | 'changes' = 'parts',
): Line[] {
  const a = indexVersion(from.root);
  const b = indexVersion(to.root);
  const changed = new Set<string>();
  const mark = (id: string, index: Map<string, Located>) => {
    let at = index.get(id);
    while (at && !changed.has(at.provision.id)) {
      changed.add(at.provision.id);
      at = at.parent ? index.get(at.parent.id) : undefined;
    }
  };
  const own = (l: Located | undefined, partLabel: string) => reading(l, partLabel).join('');
  for (const [id, now] of b) {
    const was = a.get(id);
    if (!was || own(was, partOf(was, a)) !== own(now, partOf(now, b))) mark(id, b);
  }
  for (const [id] of a) if (!b.has(id)) mark(id, a);
  const lines: Line[] = [];
  const emit = (id: string, depth: number, inPart: boolean) => {
    // The two documents are one document, whatever their roots' ids (a version imported apart).
    const was = a.get(depth === 0 ? from.root.id : id);
    const now = b.get(id);
    const p = (now ?? was)?.provision as Provision;
    if (depth > 0) {
      const segments = lineSegments(was, now, partOf(was, a), partOf(now, b));
      lines.push({
        provision: p,
        kind: p.kind,
        segments,
        change: !was
          ? 'inserted'
          : !now
            ? 'deleted'
            : segments.some((s) => s.type === 'ins' || s.type === 'del')
              ? 'changed'
              : 'same',
      });
    }
    const newKids = now ? now.provision.children.map((c) => c.id) : [];
    const oldKids = was ? was.provision.children.map((c) => c.id) : [];
    const order: string[] = [];
    const deletedAfter = new Map<string, string[]>();
    oldKids.forEach((kid, i) => {
      if (b.has(kid)) return;
      const prev = oldKids
        .slice(0, i)
        .reverse()
        .find((k) => newKids.includes(k));
      const key = prev ?? '';
      deletedAfter.set(key, [...(deletedAfter.get(key) ?? []), kid]);
    });
    order.push(...(deletedAfter.get('') ?? []));
    for (const kid of newKids) order.push(kid, ...(deletedAfter.get(kid) ?? []));
    for (const kid of order) {
      const kidNode = (b.get(kid) ?? a.get(kid))?.provision;
      const show =
        scope === 'parts' && inPart
          ? kidNode?.kind !== 'definition' || changed.has(kid)
          : changed.has(kid);
      if (show) emit(kid, depth + 1, scope === 'parts' && (inPart || kidNode?.kind === 'part'));
    }
  };
  emit(to.root.id, 0, false);
  return lines;
}

/** Adjacent unchanged segments as one: most lines of a long redline are one plain run, not three. */
function coalesced(segments: Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (s.type === 'same' && last?.type === 'same')
      out[out.length - 1] = { ...last, text: last.text + s.text };
    else out.push(s);
  }
  return out;
}

function runs(segments: Segment[], author: string, date: string, nextId: () => number): Opaque[] {
  return coalesced(segments).map((s) => {
    if (s.type === 'tab') return new docx.TextRun({ children: [new docx.Tab()] });
    if (s.type === 'same') return new docx.TextRun({ text: s.text });
    const options = { text: s.text, id: nextId(), author, date };
    return s.type === 'ins' ? new docx.InsertedTextRun(options) : new docx.DeletedTextRun(options);
  });
}

function authorFor(
  provision: Provision,
  authors: ReadonlyMap<string, string> | undefined,
  parents: Map<string, string>,
  fallback: string,
): string {
  let id: string | undefined = provision.id;
  while (id) {
    const found = authors?.get(id);
    if (found) return found;
    id = parents.get(id);
  }
  return fallback;
}

/** The Word document of a redline between two versions. */
export function wordRedlineDocument(
  from: CodeVersion,
  to: CodeVersion,
  options: WordRedlineOptions,
): Opaque {
  const date = options.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  let revision = 0;
  const nextId = () => ++revision;
  const parents = new Map<string, string>();
  for (const tree of [from.root, to.root]) {
    const walk = (node: Provision) => {
      node.children.forEach((c) => {
        if (!parents.has(c.id)) parents.set(c.id, node.id);
        walk(c);
      });
    };
    walk(tree);
  }
  const lines = redlineLines(from, to, options.scope ?? 'parts');
  const children: Opaque[] = [
    new docx.Paragraph({ text: options.title, heading: docx.HeadingLevel.TITLE }),
  ];
  if (lines.length === 0)
    children.push(new docx.Paragraph({ text: 'The two versions read alike.' }));
  for (const line of lines) {
    const author = authorFor(line.provision, options.authors, parents, options.defaultAuthor);
    const mark =
      line.change === 'inserted'
        ? { insertion: { id: nextId(), author, date } }
        : line.change === 'deleted'
          ? { deletion: { id: nextId(), author, date } }
          : {};
    const heading =
      line.kind === 'part'
        ? docx.HeadingLevel.HEADING_1
        : line.kind === 'crossheading'
          ? docx.HeadingLevel.HEADING_2
          : undefined;
    const indent = INDENT[line.kind];
    children.push(
      new docx.Paragraph({
        ...(heading ? { heading } : {}),
        ...(indent ? { indent: { left: indent } } : {}),
        run: mark,
        children: runs(line.segments, author, date, nextId),
      }),
    );
  }
  return new docx.Document({
    title: options.title,
    creator: 'SEC Release Management',
    features: { trackRevisions: true },
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [{ children }],
  });
}

/** The redline as a .docx file. */
export async function wordRedline(
  from: CodeVersion,
  to: CodeVersion,
  options: WordRedlineOptions,
): Promise<Buffer> {
  return docx.Packer.toBuffer(wordRedlineDocument(from, to, options));
}
