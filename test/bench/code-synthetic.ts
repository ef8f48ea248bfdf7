/**
 * A synthetic Code for the bench's Code budgets (issue 14, legal-text.md §8): parts of clauses,
 * paragraphs and sub-paragraphs in the SEC's numbering, crossheadings, an A1.1 of defined terms
 * used in the text, and cross-references between clauses; then a release of modifications whose
 * operations touch distinct provisions (word edits, replacements, inserted and deleted
 * provisions, moves and definitions), so that consolidating it meets no conflict. Everything is
 * drawn from a seeded generator: the same seed gives the same Code and the same release.
 */
import type { AmendOp } from '../../src/modules/code-text/code-amendments.ts';
import type { ModificationText } from '../../src/modules/code-text/code-consolidate.ts';
import { deriveWordEdits } from '../../src/modules/code-text/code-diff.ts';
import { labelFor } from '../../src/modules/code-text/code-labels.ts';
import {
  indexVersion,
  wordingHash,
  type CodeVersion,
  type Located,
  type Provision,
} from '../../src/modules/code-text/code-tree.ts';

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const between = (random: Random, low: number, high: number): number =>
  low + Math.floor(random() * (high - low + 1));

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const WORDS = (
  'the shall be made in accordance with any such person party to this code where that may ' +
  'not which have has been its from time within following after before each other relevant ' +
  'notice period date request decision approve approved reasonable practicable ensure provide ' +
  'consider determine publish published process timetable implementation change changes ' +
  'proposal arrangements respect extent necessary required requirements obligations purposes ' +
  'information details matters relating thereto including without limitation prior written ' +
  'consent agreed otherwise applicable provisions documents systems services charges costs'
).split(' ');

const TERM_WORDS = (
  'Alpha Bravo Charlie Delta Echo Foxtrot Golf Hotel India Juliet Kilo Lima Metro November ' +
  'Oscar Papa Quebec Romeo Sierra Tango Uniform Victor Whiskey Xray Yankee Zulu Access Service ' +
  'Data Meter Network Security Release Panel Testing Gateway Register Supplier Device Account'
).split(' ');

export interface SyntheticCodeSize {
  /** Clauses in all the parts together (A1.1 not counted). */
  clauses: number;
  /** Clauses in one part. */
  clausesPerPart: number;
  /** Defined terms in A1.1. */
  terms: number;
}

export const SYNTHETIC_CODE: SyntheticCodeSize = {
  clauses: 10_000,
  clausesPerPart: 250,
  terms: 600,
};

/** The parts' labels: "B1", "B2", … "C1" …, like the SEC's sections and their parts. */
function partLabel(n: number): string {
  const letters = 'BCDEFGHIJKLMNOPQRSTUVWXYZ';
  return `${letters[Math.floor(n / 10) % letters.length] ?? 'Z'}${(n % 10) + 1}`;
}

function defineTerms(random: Random, count: number): string[] {
  const terms = new Set<string>();
  while (terms.size < count) {
    const words = between(random, 2, 3);
    const term = Array.from({ length: words }, () => pick(random, TERM_WORDS)).join(' ');
    if (new Set(term.split(' ')).size === words) terms.add(term);
  }
  return [...terms].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base' }));
}

interface TextContext {
  random: Random;
  terms: readonly string[];
  /** Full labels of clauses already made, for references. */
  labels: string[];
}

/** A sentence of plain words with, now and then, a defined term and a reference. */
function sentence(context: TextContext, words: number): string {
  const { random, terms, labels } = context;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const roll = random();
    if (roll < 0.06 && terms.length > 0) out.push(`the ${pick(random, terms)}`);
    else if (roll < 0.075 && labels.length > 0) out.push(`Section ${pick(random, labels)}`);
    else out.push(pick(random, WORDS));
  }
  return `${out.join(' ')};`;
}

/** A Code of the given size, each provision with a permanent id. */
export function syntheticCode(seed: number, size: SyntheticCodeSize = SYNTHETIC_CODE): CodeVersion {
  const random = seededRandom(seed);
  let next = 0;
  const id = (prefix: string) => `${prefix}${(++next).toString(36)}`;
  const terms = defineTerms(random, size.terms);
  const context: TextContext = { random, terms, labels: [] };
  const definitions: Provision[] = terms.map((term) => ({
    id: id('t'),
    kind: 'definition',
    term,
    text: `means ${sentence({ ...context, terms: [] }, between(random, 8, 25))}`,
    children: [],
  }));
  const a1: Provision = {
    id: id('p'),
    kind: 'part',
    label: 'A1',
    heading: 'DEFINITIONS',
    text: '',
    children: [
      {
        id: id('c'),
        kind: 'clause',
        label: '1',
        text: 'In this Code, except where the context otherwise requires, the expressions in the left hand column below shall have the meanings given to them in the right hand column below:',
        children: definitions,
      },
    ],
  };
  const parts: Provision[] = [a1];
  const partCount = Math.ceil(size.clauses / size.clausesPerPart);
  for (let p = 0; p < partCount; p++) {
    const label = partLabel(p);
    const children: Provision[] = [];
    const clauses = Math.min(size.clausesPerPart, size.clauses - p * size.clausesPerPart);
    for (let c = 1; c <= clauses; c++) {
      if (c === 1 || random() < 0.1) {
        children.push({
          id: id('h'),
          kind: 'crossheading',
          heading: `Arrangements for ${pick(random, terms)}`,
          text: '',
          children: [],
        });
      }
      const paras: Provision[] = [];
      if (random() < 0.4) {
        const count = between(random, 2, 4);
        for (let a = 1; a <= count; a++) {
          const subs: Provision[] = [];
          if (random() < 0.2) {
            const subCount = between(random, 2, 3);
            for (let s = 1; s <= subCount; s++) {
              subs.push({
                id: id('s'),
                kind: 'subpara',
                label: labelFor('subpara', s),
                text: sentence(context, between(random, 10, 30)),
                children: [],
              });
            }
          }
          paras.push({
            id: id('a'),
            kind: 'para',
            label: labelFor('para', a),
            text: sentence(context, between(random, 12, 40)),
            children: subs,
          });
        }
      }
      children.push({
        id: id('c'),
        kind: 'clause',
        label: String(c),
        text: sentence(context, between(random, 20, 70)),
        children: paras,
      });
      context.labels.push(`${label}.${c}`);
    }
    parts.push({
      id: id('p'),
      kind: 'part',
      label,
      heading: `${pick(random, TERM_WORDS).toUpperCase()} ${pick(random, TERM_WORDS).toUpperCase()}`,
      text: '',
      children,
    });
  }
  return {
    name: 'SEC 9.0 (synthetic)',
    root: { id: 'root', kind: 'document', text: '', children: parts },
  };
}

/** A text with a few words changed: one to three phrases, each one to four words. */
function editedText(random: Random, text: string): string {
  const words = text.split(' ');
  const edits = between(random, 1, 3);
  for (let e = 0; e < edits; e++) {
    const at = between(random, 0, words.length - 1);
    const length = Math.min(between(random, 1, 4), words.length - at);
    const inserted = Array.from({ length: between(random, 0, 4) }, () => pick(random, WORDS));
    words.splice(at, length, ...inserted);
  }
  const out = words.join(' ');
  return out === text ? `${text} and otherwise` : out;
}

/**
 * A release of `modifications` modifications changing `changes` provisions between them, each
 * modification drafted against `base`. No two operations touch one provision, and no provision
 * an operation names (a target, or the one an insertion follows) is deleted or moved by another.
 * With `renumbering` false, insertions and deletions come last in their container and nothing
 * moves, so no other provision is renumbered: the redline shows exactly `changes` provisions.
 */
export function syntheticRelease(
  base: CodeVersion,
  seed: number,
  modifications: number,
  changes: number,
  renumbering = true,
): ModificationText[] {
  const random = seededRandom(seed);
  const index = indexVersion(base.root);
  const all = [...index.values()];
  const clauses = all.filter((l) => l.provision.kind === 'clause' && l.fullLabel !== 'A1.1');
  const texts = all.filter(
    (l) => ['clause', 'para', 'subpara'].includes(l.provision.kind) && l.fullLabel !== 'A1.1',
  );
  const leaves = all.filter(
    (l) =>
      l.provision.kind === 'para' &&
      l.provision.children.length === 0 &&
      (renumbering || l.parent?.children.at(-1) === l.provision),
  );
  const definitions = all.filter((l) => l.provision.kind === 'definition');
  const parts = all.filter((l) => l.provision.kind === 'part' && l.provision.label !== 'A1');
  const a11 = all.find((l) => l.fullLabel === 'A1.1');
  if (!a11) throw new Error('the synthetic Code has no A1.1');
  const used = new Set<string>();
  /** Provisions that are taken away (deleted or moved): nothing inside them may be named. */
  const removed = new Set<string>();
  const free = (l: Located): boolean => {
    if (used.has(l.provision.id)) return false;
    for (let at: Located | undefined = l; at?.parent; at = index.get(at.parent.id)) {
      if (removed.has(at.provision.id)) return false;
    }
    return true;
  };
  const take = (candidates: readonly Located[], test: (l: Located) => boolean = free): Located => {
    for (let tries = 0; tries < 10_000; tries++) {
      const l = pick(random, candidates);
      if (test(l)) {
        used.add(l.provision.id);
        return l;
      }
    }
    throw new Error('the synthetic Code is too small for this release');
  };
  /** A provision to remove: free, and with nothing inside it already named by an operation. */
  const removable = (l: Located): boolean => {
    if (!free(l)) return false;
    const inside = (p: Provision): boolean =>
      used.has(p.id) || p.children.some((child) => inside(child));
    return !inside(l.provision);
  };
  let newIds = 0;
  const mods: ModificationText[] = [];
  for (let m = 0; m < modifications; m++) {
    const reference = `SECMP${String(9000 + m).padStart(4, '0')}`;
    const count =
      Math.floor(((m + 1) * changes) / modifications) - Math.floor((m * changes) / modifications);
    const ops: AmendOp[] = [];
    for (let k = 0; k < count; k++) {
      const roll = random();
      if (roll < 0.7) {
        const l = take(texts);
        const after = editedText(random, l.provision.text);
        ops.push({
          op: 'editText',
          target: l.provision.id,
          expect: wordingHash(l.provision),
          field: 'text',
          edits: deriveWordEdits(l.provision.text, after),
        });
      } else if (roll < 0.78) {
        const l = take(texts);
        ops.push({
          op: 'replace',
          target: l.provision.id,
          expect: wordingHash(l.provision),
          text: sentence({ random, terms: [], labels: [] }, between(random, 15, 40)),
        });
      } else if (roll < 0.86 && !renumbering) {
        const clause = take(clauses, (l) => {
          const lastChild = l.provision.children.at(-1);
          return free(l) && (!lastChild || (!used.has(lastChild.id) && !removed.has(lastChild.id)));
        });
        const last = clause.provision.children.at(-1);
        if (last) used.add(last.id);
        ops.push({
          op: 'insert',
          parent: clause.provision.id,
          after: last?.id ?? null,
          node: {
            id: `${reference}-n${++newIds}`,
            kind: 'para',
            label: 'new',
            text: sentence({ random, terms: [], labels: [] }, between(random, 12, 40)),
            children: [],
          },
        });
      } else if (roll < 0.86) {
        const after = take(clauses);
        ops.push({
          op: 'insert',
          parent: after.parent?.id ?? '',
          after: after.provision.id,
          node: {
            id: `${reference}-n${++newIds}`,
            kind: 'clause',
            label: 'new',
            text: sentence({ random, terms: [], labels: [] }, between(random, 20, 50)),
            children: [],
          },
        });
      } else if (roll < 0.93) {
        const l = take(leaves, removable);
        removed.add(l.provision.id);
        ops.push({ op: 'delete', target: l.provision.id, expect: wordingHash(l.provision) });
      } else if (roll < 0.96 && !renumbering) {
        const l = take(definitions);
        ops.push({
          op: 'amendTerm',
          target: l.provision.id,
          expect: wordingHash(l.provision),
          text: `means ${sentence({ random, terms: [], labels: [] }, between(random, 8, 25))}`,
        });
      } else if (roll < 0.96) {
        const l = take(clauses, removable);
        removed.add(l.provision.id);
        const into = pick(random, parts);
        ops.push({
          op: 'move',
          target: l.provision.id,
          expect: wordingHash(l.provision),
          parent: into.provision.id,
          after: null,
        });
      } else if (roll < 0.98) {
        const l = take(definitions);
        ops.push({
          op: 'amendTerm',
          target: l.provision.id,
          expect: wordingHash(l.provision),
          text: `means ${sentence({ random, terms: [], labels: [] }, between(random, 8, 25))}`,
        });
      } else {
        ops.push({
          op: 'addTerm',
          parent: a11.provision.id,
          id: `${reference}-t${++newIds}`,
          term: `${pick(random, TERM_WORDS)} ${reference} Arrangements`,
          text: `means ${sentence({ random, terms: [], labels: [] }, between(random, 8, 25))}`,
        });
      }
    }
    mods.push({ reference, baseVersion: base.name, dependsOn: [], ops });
  }
  return mods;
}
