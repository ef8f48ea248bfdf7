/**
 * Editorial amendments (issue 14, legal-text.md §4, §10 "Legal authority"): a check's suggested
 * fix — a stale reference relettered, an out-of-sequence label corrected, a leftover or near-miss
 * term replaced — is a proposal, never a silent edit. This file works out what accepting one
 * would do to the version it was found in: the amendment operations, or nothing when the fix
 * cannot be made mechanically (then SECAS drafts it as a modification). PURE.
 */
import type { AmendOp } from './code-amendments.ts';
import type { Finding } from './code-checks.ts';
import { draftAmendments } from './code-drafting.ts';
import { NUMBERED_KINDS } from './code-labels.ts';
import { indexVersion, wordingHash, type CodeVersion } from './code-tree.ts';

/** A finding's address: the same finding of the same version always has the same key. */
export function findingKey(finding: Pick<Finding, 'check' | 'provision' | 'message'>): string {
  const hash = wordingHash({
    text: `${finding.check}\u0001${finding.provision}\u0001${finding.message}`,
  });
  return `${finding.check}-${hash}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with each whole occurrence of `from` replaced by `to`, leaving alone the occurrences
 * that already stand inside `to` ("Release Implementation Document" in "SEC Release
 * Implementation Document").
 */
export function replaceWhole(text: string, from: string, to: string): string {
  const pattern = new RegExp(`(?<![\\w.])${escapeRegExp(from)}(?![\\w(]|\\.\\d)`, 'g');
  const covered: Array<[number, number]> = [];
  if (to.includes(from)) {
    let at = text.indexOf(to);
    while (at >= 0) {
      covered.push([at, at + to.length]);
      at = text.indexOf(to, at + 1);
    }
  }
  return text.replace(pattern, (match, offset: number) =>
    covered.some(([s, e]) => offset >= s && offset + match.length <= e) ? match : to,
  );
}

const quoted = (message: string): string | undefined => /“([^”]+)”/.exec(message)?.[1];

/** The words a finding's suggestion replaces, and what with; undefined when there is no such fix. */
function replacement(finding: Finding): { from: string; to: string } | undefined {
  const suggestion = finding.suggestion;
  if (!suggestion) return undefined;
  switch (finding.check) {
    case 'stale-reference':
    case 'drifted-reference': {
      const from = /^Section (\S+) (?:was written|has been renumbered)/.exec(finding.message)?.[1];
      const to = /^Section (\S+)$/.exec(suggestion)?.[1];
      return from && to ? { from, to } : undefined;
    }
    case 'title-mismatch': {
      const titles = [...finding.message.matchAll(/“([^”]+)”/g)].map((m) => m[1] ?? '');
      const [from, to] = titles;
      return from && to ? { from: `(${from})`, to: `(${to})` } : undefined;
    }
    case 'stale-term':
    case 'near-miss-term': {
      const from = quoted(finding.message);
      return from ? { from, to: suggestion } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The operations that carry out a finding's suggestion on `version` (the version it was found
 * in), or undefined when it has none that can be applied as words: the action is then not offered.
 */
export function editorialOps(version: CodeVersion, finding: Finding): AmendOp[] | undefined {
  const located = indexVersion(version.root).get(finding.provision);
  if (!located || !finding.suggestion) return undefined;
  const p = located.provision;
  if (finding.check === 'non-sequential-label') {
    if (!NUMBERED_KINDS.has(p.kind) || !/^(\(([a-z]+)\)|\d+)$/.test(finding.suggestion))
      return undefined;
    return [{ op: 'relabel', target: p.id, expect: wordingHash(p), label: finding.suggestion }];
  }
  const fix = replacement(finding);
  if (!fix) return undefined;
  const text = fix.from.startsWith('(')
    ? p.text.split(fix.from).join(fix.to)
    : replaceWhole(p.text, fix.from, fix.to);
  if (text === p.text) return undefined;
  return draftAmendments(version, [{ amend: p.id, text }]);
}
