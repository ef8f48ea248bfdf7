/**
 * Redlines between two versions of the Code (legal-text.md §7.5): provisions paired by permanent
 * id, whole provisions inserted or deleted, a coalesced word diff inside each changed one, a
 * renumbered label shown as <del>10</del><ins>12</ins>. Accessible: every change carries words
 * for screen readers ("inserted", "deleted") and is struck through or underlined, never shown by
 * colour alone. PURE.
 */
import { wordDiff, type DiffSegment } from './code-diff.ts';
import { displayName, indexVersion, type CodeVersion, type Located } from './code-tree.ts';

export type RedlineChange = 'inserted' | 'deleted' | 'changed' | 'renumbered';

export interface RedlineEntry {
  provision: string;
  change: RedlineChange;
  kind: string;
  oldLabel: string;
  newLabel: string;
  /** Heading (parts, crossheadings) then text, as word segments. */
  heading: DiffSegment[];
  text: DiffSegment[];
  /** A definition's term, as segments (a rename shows both). */
  term: DiffSegment[];
}

/** The provisions that differ between two versions, in the new version's order (deletions where they stood). */
export function redline(from: CodeVersion, to: CodeVersion): RedlineEntry[] {
  const a = indexVersion(from.root);
  const b = indexVersion(to.root);
  const entries: RedlineEntry[] = [];
  const name = (l: Located) =>
    l.provision.kind === 'definition' || l.provision.kind === 'crossheading' ? '' : displayName(l);
  const deletedAfter = new Map<string, Located[]>();
  for (const [id, was] of a) {
    if (b.has(id) || !was.parent || !a.has(was.parent.id) || !b.has(was.parent.id)) continue;
    const siblings = was.parent.children;
    const prev = siblings
      .slice(0, siblings.indexOf(was.provision))
      .reverse()
      .find((s) => b.has(s.id));
    const key = prev?.id ?? `first:${was.parent.id}`;
    deletedAfter.set(key, [...(deletedAfter.get(key) ?? []), was]);
  }
  const pushDeleted = (key: string) => {
    for (const was of deletedAfter.get(key) ?? []) {
      // The deleted provision and everything inside it, in document order (a walk of its subtree,
      // not a search of the whole version for each deletion).
      const all: Located[] = [];
      const walk = (l: Located | undefined) => {
        if (!l) return;
        all.push(l);
        for (const child of l.provision.children) walk(a.get(child.id));
      };
      walk(was);
      for (const l of all) {
        entries.push({
          provision: l.provision.id,
          change: 'deleted',
          kind: l.provision.kind,
          oldLabel: name(l),
          newLabel: '',
          heading: seg('del', l.provision.heading),
          text: seg('del', l.provision.text),
          term: seg('del', l.provision.term),
        });
      }
    }
  };
  for (const [id, now] of b) {
    if (!now.parent) continue;
    const first = now.parent.children[0]?.id === id;
    if (first) pushDeleted(`first:${now.parent.id}`);
    const was = a.get(id);
    const p = now.provision;
    if (!was) {
      entries.push({
        provision: id,
        change: 'inserted',
        kind: p.kind,
        oldLabel: '',
        newLabel: name(now),
        heading: seg('ins', p.heading),
        text: seg('ins', p.text),
        term: seg('ins', p.term),
      });
    } else {
      const q = was.provision;
      const wordsChanged =
        q.text !== p.text ||
        (q.heading ?? '') !== (p.heading ?? '') ||
        (q.term ?? '') !== (p.term ?? '');
      const relabelled = name(was) !== name(now);
      if (wordsChanged || relabelled) {
        entries.push({
          provision: id,
          change: wordsChanged ? 'changed' : 'renumbered',
          kind: p.kind,
          oldLabel: name(was),
          newLabel: name(now),
          heading: wordDiff(q.heading ?? '', p.heading ?? ''),
          text: wordDiff(q.text, p.text),
          term: wordDiff(q.term ?? '', p.term ?? ''),
        });
      }
    }
    pushDeleted(id);
  }
  return entries;
}

function seg(type: 'ins' | 'del', text: string | undefined): DiffSegment[] {
  return text ? [{ type, text }] : [];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const HIDDEN = (s: string) => `<span class="govuk-visually-hidden">${s}</span>`;

/** Segments as HTML: <ins>/<del> with words for screen readers. */
export function segmentsHtml(segments: DiffSegment[], author?: string): string {
  const mod = author ? ` data-mod="${escapeHtml(author)}"` : '';
  return segments
    .map((s) =>
      s.type === 'same'
        ? escapeHtml(s.text)
        : s.type === 'ins'
          ? `${HIDDEN('[inserted: ')}<ins${mod}>${escapeHtml(s.text)}</ins>${HIDDEN(']')}`
          : `${HIDDEN('[deleted: ')}<del${mod}>${escapeHtml(s.text)}</del>${HIDDEN(']')}`,
    )
    .join('');
}

/** A label as the redline shows it: "D10.<del>10</del><ins>12</ins>" when renumbered. */
export function labelHtml(entry: RedlineEntry): string {
  if (entry.oldLabel === entry.newLabel) return escapeHtml(entry.newLabel);
  if (!entry.oldLabel)
    return `${HIDDEN('[inserted: ')}<ins>${escapeHtml(entry.newLabel)}</ins>${HIDDEN(']')}`;
  if (!entry.newLabel)
    return `${HIDDEN('[deleted: ')}<del>${escapeHtml(entry.oldLabel)}</del>${HIDDEN(']')}`;
  let p = 0;
  while (p < entry.oldLabel.length && entry.oldLabel[p] === entry.newLabel[p]) p++;
  while (p > 0 && /[0-9a-z]/.test(entry.oldLabel[p - 1] ?? '')) p--;
  return `${escapeHtml(entry.oldLabel.slice(0, p))}${HIDDEN('[renumbered from ')}<del>${escapeHtml(entry.oldLabel.slice(p))}</del>${HIDDEN(' to ')}<ins>${escapeHtml(entry.newLabel.slice(p))}</ins>${HIDDEN(']')}`;
}

/** One provision of a redline as an HTML fragment (a paragraph with its label). */
export function entryHtml(entry: RedlineEntry, author?: string): string {
  const parts = [
    entry.term.length ? `<strong>${segmentsHtml(entry.term, author)}</strong>` : '',
    entry.heading.length ? `<strong>${segmentsHtml(entry.heading, author)}</strong>` : '',
    segmentsHtml(entry.text, author),
  ].filter(Boolean);
  const label = labelHtml(entry);
  return `<p class="govuk-body code-redline__provision" id="provision-${escapeHtml(entry.provision)}">${label ? `<span class="code-redline__label">${label}</span> ` : ''}${parts.join(' ')}</p>`;
}
