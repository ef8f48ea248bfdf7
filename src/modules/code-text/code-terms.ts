/**
 * Defined terms (legal-text.md §7.4): the A1.1 definitions, inline definitions "(the “X”)",
 * and the capitalised phrases of the text matched against them, longest first. Heuristic by
 * nature, so what it finds are warnings. PURE.
 */
import type { Located, Provision } from './code-tree.ts';

export interface TermDefinition {
  term: string;
  provision: string;
  where: 'A1.1' | 'inline';
}

const INLINE_DEFINITION = /\(the\s+[“"]([^”"]+)[”"]\)/g;

/** Every definition of a version: A1.1 entries and inline "(the “X”)" definitions. */
export function definitionsOf(index: Map<string, Located>): TermDefinition[] {
  const out: TermDefinition[] = [];
  for (const [id, { provision }] of index) {
    if (provision.kind === 'definition' && provision.term) {
      out.push({ term: provision.term, provision: id, where: 'A1.1' });
    }
    for (const m of provision.text.matchAll(INLINE_DEFINITION)) {
      out.push({ term: (m[1] ?? '').replace(/\s+/g, ' ').trim(), provision: id, where: 'inline' });
    }
  }
  return out;
}

/** Words that start a sentence or a reference and are not part of a term. */
const LEADING = new Set([
  'The',
  'A',
  'An',
  'Any',
  'Each',
  'This',
  'That',
  'Where',
  'To',
  'Once',
  'Without',
  'It',
  'If',
  'Such',
  'Section',
  'Sections',
]);

export interface CapitalisedRun {
  words: string[];
  /** The run as it reads, without leading sentence words. */
  text: string;
}

/** Runs of capitalised words in a text (punctuation and lower-case words end a run). */
export function capitalisedRuns(text: string): CapitalisedRun[] {
  const runs: CapitalisedRun[] = [];
  const re = /[A-Z0-9][A-Za-z0-9-]*(?:[’']s)?(?:\s+[A-Z0-9][A-Za-z0-9-]*(?:[’']s)?)*/g;
  for (const m of text.matchAll(re)) {
    let words = m[0].split(/\s+/).map((w) => w.replace(/[’']s$/, ''));
    while (words.length > 0 && (LEADING.has(words[0] ?? '') || /^\d+$/.test(words[0] ?? '')))
      words = words.slice(1);
    if (words.length === 0) continue;
    runs.push({ words, text: words.join(' ') });
  }
  return runs;
}

/** A term set that knows singular and plural forms ("SEC Releases" uses "SEC Release"). */
export class TermSet {
  private readonly terms = new Map<string, string>();
  constructor(terms: Iterable<string>) {
    for (const t of terms) this.terms.set(t.toLowerCase(), t);
  }
  get(phrase: string): string | undefined {
    const key = phrase.toLowerCase();
    return (
      this.terms.get(key) ?? (key.endsWith('s') ? this.terms.get(key.slice(0, -1)) : undefined)
    );
  }
  all(): string[] {
    return [...this.terms.values()];
  }
  /** Whether the words split into known terms, longest match first. */
  covers(words: string[]): boolean {
    let i = 0;
    while (i < words.length) {
      let j = words.length;
      while (j > i && !this.get(words.slice(i, j).join(' '))) j--;
      if (j === i) return false;
      i = j;
    }
    return true;
  }
}

/**
 * The term a phrase nearly is: one word dropped from, or added to, a term of two words or more.
 * When several terms qualify, the first of `terms.all()` wins.
 */
export function nearMiss(words: string[], terms: TermSet): string | undefined {
  const lookup = nearMissLookup(terms);
  let best: number | undefined;
  const consider = (order: number | undefined) => {
    if (order !== undefined && (best === undefined || order < best)) best = order;
  };
  if (words.length >= 2) consider(lookup.dropped.get(words.join(' ').toLowerCase()));
  if (words.length >= 3 && !terms.covers(words)) {
    for (let extra = 0; extra < words.length; extra++) {
      const rest = [...words.slice(0, extra), ...words.slice(extra + 1)].join(' ');
      const order = lookup.whole.get(rest.toLowerCase());
      if (order !== undefined && !terms.get(words[extra] ?? '')) consider(order);
    }
  }
  return best === undefined ? undefined : lookup.all[best];
}

interface NearMissLookup {
  all: string[];
  /** A term of three words or more with one word dropped (lower case) → the term's place. */
  dropped: Map<string, number>;
  /** A term of two words or more (lower case) → its place. */
  whole: Map<string, number>;
}

const lookups = new WeakMap<TermSet, NearMissLookup>();

/** Built once per term set, so that each phrase costs its own words, not every term. */
function nearMissLookup(terms: TermSet): NearMissLookup {
  const known = lookups.get(terms);
  if (known) return known;
  const all = terms.all();
  const dropped = new Map<string, number>();
  const whole = new Map<string, number>();
  all.forEach((term, order) => {
    const tw = term.split(' ');
    if (tw.length < 2) return;
    if (!whole.has(term.toLowerCase())) whole.set(term.toLowerCase(), order);
    if (tw.length < 3) return;
    for (let drop = 0; drop < tw.length; drop++) {
      const rest = [...tw.slice(0, drop), ...tw.slice(drop + 1)].join(' ').toLowerCase();
      if (!dropped.has(rest)) dropped.set(rest, order);
    }
  });
  const lookup = { all, dropped, whole };
  lookups.set(terms, lookup);
  return lookup;
}

/** The text a provision contributes to the term scan: heading and text (a definition's term is not a use). */
export function scannedText(p: Provision): string {
  return [p.heading ?? '', p.text].filter(Boolean).join('. ');
}
