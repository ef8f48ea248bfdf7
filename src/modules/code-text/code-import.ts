/**
 * Import of the Code from plain text (legal-text.md §4, §10): a line classifier with a stack of
 * open list levels for the SEC's numbering — parts ("D10 IMPLEMENTATION"), clauses ("D10.13"),
 * paragraphs "(a)" and sub-paragraphs "(i)", unnumbered crossheadings, and the A1.1 definitions
 * ("Term<TAB>means …" or "Term means …"). Wrapped lines continue the provision before them when
 * its text has not ended. What it cannot classify is reported, never guessed. PURE.
 */
import {
  decodeFlattenedNumber,
  fromAlpha,
  fromRoman,
  labelFor,
  type Relabel,
} from './code-labels.ts';
import type { Provision } from './code-tree.ts';

export interface Unclassified {
  line: number;
  text: string;
  reason: string;
}

export interface ImportResult {
  root: Provision;
  unclassified: Unclassified[];
  /** Clause numbers decoded from a flattened redline ("D10.102" → 10 became 12). */
  decoded: Relabel[];
}

export interface ImportOptions {
  newId: () => string;
  /** The text is a redline flattened to plain text: decode struck+underlined clause numbers. */
  flattened?: boolean;
  /** Told of each provision as it is made, with its line (1-based): the Word import pairs readings by it. */
  onNode?: (node: Provision, line: number) => void;
}

const PART = /^([A-Z]\d+[A-Z]?)\s+([A-Z][A-Z0-9 ,’'&()-]+)$/;
const CLAUSE = /^([A-Z]\d+[A-Z]?)\.(\d+[A-Z]?)\s+(.*)$/;
const LIST_LABEL = /^\(([a-z]{1,5})\)\s*(.*)$/;
const DEFINITION_TAB = /^([^\t]+)\t+(.+)$/;
const DEFINITION_WORDS =
  /^((?:[A-Z0-9][\w’'-]*\s+)*?[A-Z0-9][\w’'()-]*)\s+((?:means|has the meaning|shall have the meaning|includes)\b.*)$/;
const SMALL_WORDS = new Set(['and', 'of', 'to', 'the', 'for', 'in', 'on', 'a', 'an', 'by', 'or']);

/** A crossheading: a short line of capitalised words (small words allowed), no final punctuation. */
export function looksLikeHeading(line: string): boolean {
  if (line.length > 90 || /[.;:,]$/.test(line)) return false;
  const words = line.split(/\s+/);
  if (!words[0] || !/^[A-Z]/.test(words[0])) return false;
  return words.every((w) => /^[A-Z0-9(‘“'"]/.test(w) || SMALL_WORDS.has(w));
}

function ended(text: string): boolean {
  return /[.;:]$/.test(text.trim()) || /;\s+(and|or|and\/or)$/.test(text.trim());
}

interface Level {
  kind: 'para' | 'subpara';
  node: Provision;
  last: string;
}

function nextLabel(level: Level): string | undefined {
  const inner = level.last.slice(1, -1);
  const n = level.kind === 'para' ? fromAlpha(inner) : fromRoman(inner);
  return n === undefined ? undefined : labelFor(level.kind, n + 1);
}

/** Imports plain text into a version tree. */
export function importPlainText(source: string, options: ImportOptions): ImportResult {
  const root: Provision = { id: options.newId(), kind: 'document', text: '', children: [] };
  const unclassified: Unclassified[] = [];
  const decoded: Relabel[] = [];
  let part: Provision | undefined;
  let clause: Provision | undefined;
  let levels: Level[] = [];
  let last: Provision | undefined;
  let inDefinitions = false;

  const lines = source.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '').replace(/^\s+/, '');
    if (!line) return;
    const lineNo = i + 1;
    const open =
      last !== undefined &&
      !ended(last.text) &&
      last.kind !== 'part' &&
      last.kind !== 'crossheading';
    const append = () => {
      if (last) last.text = `${last.text} ${line}`.trim();
    };

    const clauseMatch = CLAUSE.exec(line);
    if (clauseMatch && part && clauseMatch[1] === part.label && !(open && !clauseMatch[3])) {
      let label = clauseMatch[2] ?? '';
      const numbered = part.children.filter((c) => c.kind === 'clause');
      const expected = String(numbered.length + 1);
      if (options.flattened && label !== expected) {
        const d = decodeFlattenedNumber(label, expected);
        if (d) {
          decoded.push({ id: '', old: `${part.label}.${d.old}`, new: `${part.label}.${d.new}` });
          label = d.new;
        }
      }
      clause = {
        id: options.newId(),
        kind: 'clause',
        label,
        text: clauseMatch[3] ?? '',
        children: [],
      };
      if (decoded.length && decoded[decoded.length - 1]?.id === '' && label !== clauseMatch[2]) {
        (decoded[decoded.length - 1] as Relabel).id = clause.id;
      }
      part.children.push(clause);
      options.onNode?.(clause, lineNo);
      levels = [];
      last = clause;
      inDefinitions = part.label === 'A1' && label === '1';
      return;
    }
    const partMatch = PART.exec(line);
    if (partMatch && !open) {
      part = {
        id: options.newId(),
        kind: 'part',
        label: partMatch[1] ?? '',
        heading: partMatch[2] ?? '',
        text: '',
        children: [],
      };
      root.children.push(part);
      options.onNode?.(part, lineNo);
      clause = undefined;
      levels = [];
      last = part;
      inDefinitions = false;
      return;
    }
    if (inDefinitions && clause) {
      const tab = DEFINITION_TAB.exec(line);
      const words = tab ? undefined : DEFINITION_WORDS.exec(line);
      const m = tab ?? words;
      if (m && !(open && last?.kind === 'definition' && !tab)) {
        const definition: Provision = {
          id: options.newId(),
          kind: 'definition',
          term: (m[1] ?? '').trim(),
          text: (m[2] ?? '').trim(),
          children: [],
        };
        clause.children.push(definition);
        options.onNode?.(definition, lineNo);
        last = definition;
        return;
      }
    }
    const listMatch = LIST_LABEL.exec(line);
    if (listMatch && clause && !inDefinitions) {
      const label = `(${listMatch[1] ?? ''})`;
      const expectedHere = levels.map(nextLabel);
      let depth = -1;
      const childKind: Level['kind'] = levels.length === 0 ? 'para' : 'subpara';
      const opensList = last !== undefined && last.text.trim().endsWith(':') && last !== clause;
      const firstOfChild = label === labelFor(childKind, 1);
      for (let d = opensList && firstOfChild ? -1 : levels.length - 1; d >= 0; d--) {
        if (expectedHere[d] === label) {
          depth = d;
          break;
        }
      }
      if (depth < 0 && open) {
        append();
        return;
      }
      if (depth >= 0) {
        levels = levels.slice(0, depth + 1);
      } else {
        const kind = childKind;
        const inner = listMatch[1] ?? '';
        const valid =
          kind === 'para' ? fromAlpha(inner) !== undefined : fromRoman(inner) !== undefined;
        const parentNode =
          levels.length === 0 ? clause : levels[levels.length - 1]?.node.children.at(-1);
        if (!valid || !parentNode || levels.length >= 2) {
          unclassified.push({
            line: lineNo,
            text: line,
            reason: `the label ${label} follows no open list`,
          });
          return;
        }
        levels.push({ kind, node: parentNode, last: '' });
      }
      const level = levels[levels.length - 1] as Level;
      const node: Provision = {
        id: options.newId(),
        kind: level.kind,
        label,
        text: listMatch[2] ?? '',
        children: [],
      };
      level.node.children.push(node);
      options.onNode?.(node, lineNo);
      level.last = label;
      last = node;
      return;
    }
    if (
      open ||
      (last && last.kind !== 'part' && last.kind !== 'crossheading' && /^\(?[a-z]/.test(line))
    ) {
      append();
      return;
    }
    if (part && looksLikeHeading(line)) {
      const heading: Provision = {
        id: options.newId(),
        kind: 'crossheading',
        heading: line,
        text: '',
        children: [],
      };
      part.children.push(heading);
      options.onNode?.(heading, lineNo);
      clause = undefined;
      levels = [];
      last = heading;
      inDefinitions = false;
      return;
    }
    unclassified.push({
      line: lineNo,
      text: line,
      reason: part
        ? 'not a numbered provision, a definition or a crossheading'
        : 'before the first part',
    });
  });
  return { root, unclassified, decoded };
}
