/**
 * The SEC's numbering (legal-text.md §4): clauses are arabic and restart in each part (D10.1,
 * D10.2, …), paragraphs lower alpha "(a)", sub-paragraphs lower roman "(i)". Renumbering walks a
 * container's children in order and returns the old → new label of each provision that moved
 * (the map D10.10 → D10.12 of SECMP0061). PURE.
 */
import type { Provision, ProvisionKind } from './code-tree.ts';

const ROMAN: Array<[number, string]> = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

export function toRoman(n: number): string {
  let out = '';
  let rest = n;
  for (const [value, digits] of ROMAN) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

export function fromRoman(s: string): number | undefined {
  if (!/^[ivxlcdm]+$/.test(s)) return undefined;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const value = ROMAN.find(([, d]) => d === s[i])?.[0] ?? 0;
    const next = ROMAN.find(([, d]) => d === s[i + 1])?.[0] ?? 0;
    total += value < next ? -value : value;
  }
  return toRoman(total) === s ? total : undefined;
}

/** 1 → "a", 26 → "z", 27 → "aa" (the SEC's use after (z) is not verified; this is the usual form). */
export function toAlpha(n: number): string {
  const letter = String.fromCharCode(96 + (((n - 1) % 26) + 1));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

export function fromAlpha(s: string): number | undefined {
  if (!/^([a-z])\1*$/.test(s)) return undefined;
  return (s.length - 1) * 26 + (s.charCodeAt(0) - 96);
}

/** The label of the n-th numbered child of a kind (1-based). */
export function labelFor(kind: ProvisionKind, n: number): string {
  if (kind === 'clause') return String(n);
  if (kind === 'para') return `(${toAlpha(n)})`;
  if (kind === 'subpara') return `(${toRoman(n)})`;
  return String(n);
}

export const NUMBERED_KINDS: ReadonlySet<ProvisionKind> = new Set(['clause', 'para', 'subpara']);

export interface Relabel {
  id: string;
  old: string;
  new: string;
}

/**
 * Renumbers a container's numbered children in place (explicitly relabelled ones keep their
 * label) and returns the labels that changed.
 */
export function renumber(container: Provision): Relabel[] {
  const changes: Relabel[] = [];
  let n = 0;
  for (const child of container.children) {
    if (!NUMBERED_KINDS.has(child.kind)) continue;
    n += 1;
    if (child.labelFixed) continue;
    const label = labelFor(child.kind, n);
    if (child.label !== label) {
      changes.push({ id: child.id, old: child.label ?? '', new: label });
      child.label = label;
    }
  }
  return changes;
}

/**
 * Decodes a clause number flattened from a redline (legal-text.md §9 check 2): the seed prints
 * struck "10" and underlined "12" as "102". With the expected new number e, take the LONGEST
 * common prefix P of the token and e; the token is P + deleted + inserted with P + inserted = e.
 * Returns the old and new numbers, or undefined when the token does not decode.
 */
export function decodeFlattenedNumber(
  token: string,
  expected: string,
): { old: string; new: string } | undefined {
  if (token === expected) return { old: expected, new: expected };
  for (let p = Math.min(token.length, expected.length); p >= 0; p--) {
    const prefix = expected.slice(0, p);
    if (!token.startsWith(prefix)) continue;
    const inserted = expected.slice(p);
    const rest = token.slice(p);
    if (!rest.endsWith(inserted) || rest.length <= inserted.length) continue;
    const deleted = rest.slice(0, rest.length - inserted.length);
    if (inserted.length === 0) continue;
    return { old: prefix + deleted, new: expected };
  }
  return undefined;
}
