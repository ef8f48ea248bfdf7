/**
 * Checks on a version of the Code or a consolidation (legal-text.md §7.3, §7.4, §9): broken,
 * stale, drifting, unresolvable and mis-titled cross-references, non-sequential labels,
 * stale and near-miss terms, and terms defined twice. A reference is resolved in the version
 * its words were written in — the previous version when the words were already there, the
 * new one otherwise — so that a label now pointing at a different provision is found (the
 * seed's D10.15 "D10.8(d)", now D10.8(c)). Suggestions are proposals, never edits. PURE.
 */
import { labelFor, NUMBERED_KINDS } from './code-labels.ts';
import { parseReferencePhrases, type ParsedRef } from './code-reference-grammar.ts';
import { capitalisedRuns, definitionsOf, nearMiss, scannedText, TermSet } from './code-terms.ts';
import {
  displayName,
  indexVersion,
  inScope,
  labelIndex,
  type CodeVersion,
  type Located,
} from './code-tree.ts';

export const CHECKS = {
  'broken-reference': 'Reference to a deleted provision',
  'stale-reference': 'Reference to a renumbered provision',
  'drifted-reference': 'Reference now points at a different provision',
  'unresolvable-reference': 'Reference to a label that does not exist',
  'title-mismatch': 'Reference title differs from the heading',
  'outside-loaded-text': 'Reference outside the loaded text',
  'non-sequential-label': 'Label out of sequence',
  'stale-term': 'Term no longer defined',
  'near-miss-term': 'Phrase close to a defined term',
  'double-definition': 'Term defined more than once',
} as const;
export type CheckId = keyof typeof CHECKS;

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  check: CheckId;
  severity: Severity;
  /** The provision the finding is about (its permanent id). */
  provision: string;
  /** Where, as a reader names it: "D10.15", "A1.1 “SEC Release”". */
  where: string;
  message: string;
  /** A proposed correction for SECAS to accept as an editorial amendment. */
  suggestion?: string;
}

export interface CheckInput {
  version: CodeVersion;
  /** The version the consolidation started from: references in unchanged words were written in it. */
  previous?: CodeVersion;
  /** Terms defined in parts of the Code not loaded (the rest of A1.1). */
  externalTerms?: string[];
}

interface Expanded {
  label: string;
  asWritten: string;
  title?: string;
}

function expand(refs: ParsedRef[]): Expanded[] {
  const out: Expanded[] = [];
  let last = '';
  for (const ref of refs) {
    let label = ref.label;
    if (ref.relative) {
      const segments = ref.label.match(/\([a-z]+\)/g)?.length ?? 0;
      let base = last;
      for (let i = 0; i < segments; i++) base = base.replace(/\([a-z]+\)$/, '');
      label = base + ref.label;
    }
    last = label;
    out.push({
      label,
      asWritten: ref.relative ? label : ref.asWritten.replace(/\s*\(.*\)$/, ''),
      ...(ref.title ? { title: ref.title } : {}),
    });
  }
  return out;
}

function titleOf(located: Located): string[] {
  return [located.provision.heading, located.crossheading?.heading].filter((h): h is string => !!h);
}

/** The version's provisions and the previous version's, indexed once for all the checks. */
interface Indexes {
  index: Map<string, Located>;
  prevIndex: Map<string, Located> | undefined;
}

function referenceFindings(input: CheckInput, { index, prevIndex }: Indexes): Finding[] {
  const findings: Finding[] = [];
  const labels = labelIndex(index);
  const prevLabels = prevIndex ? labelIndex(prevIndex) : undefined;
  for (const [id, located] of index) {
    const where = displayName(located);
    const prevText = prevIndex?.get(id)?.provision.text;
    for (const phrase of parseReferencePhrases(located.provision.text)) {
      const phraseText = located.provision.text.slice(phrase.start, phrase.end);
      const writtenIn =
        prevText !== undefined && prevText.includes(phraseText) ? prevLabels : undefined;
      for (const ref of expand(phrase.refs)) {
        const add = (check: CheckId, severity: Severity, message: string, suggestion?: string) =>
          findings.push({
            check,
            severity,
            provision: id,
            where,
            message,
            ...(suggestion ? { suggestion } : {}),
          });
        if (writtenIn) {
          const meant = writtenIn.get(ref.label);
          if (meant) {
            const now = index.get(meant);
            if (!now) {
              add(
                'broken-reference',
                'error',
                `Section ${ref.label} referred to a provision that has been deleted.`,
              );
              continue;
            }
            if (now.fullLabel !== ref.label) {
              const landsOn = labels.get(ref.label);
              if (landsOn && landsOn !== meant) {
                add(
                  'drifted-reference',
                  'error',
                  `Section ${ref.label} was written for the provision now numbered ${now.fullLabel}; ${ref.label} is now a different provision.`,
                  `Section ${now.fullLabel}`,
                );
              } else {
                add(
                  'stale-reference',
                  'warning',
                  `Section ${ref.label} has been renumbered ${now.fullLabel}.`,
                  `Section ${now.fullLabel}`,
                );
              }
              continue;
            }
            checkTitle(ref, now, add);
            continue;
          }
        }
        const target = labels.get(ref.label);
        if (target) {
          checkTitle(ref, index.get(target) as Located, add);
        } else if (!inScope(input.version, ref.label)) {
          add(
            'outside-loaded-text',
            'info',
            `Section ${ref.label} is outside the text loaded in this version.`,
          );
        } else {
          add(
            'unresolvable-reference',
            'error',
            `Section ${ref.label} does not exist in this version.`,
          );
        }
      }
    }
  }
  return findings;
}

function checkTitle(
  ref: Expanded,
  target: Located,
  add: (check: CheckId, severity: Severity, message: string, suggestion?: string) => void,
): void {
  if (!ref.title) return;
  const titles = titleOf(target);
  if (titles.length > 0 && !titles.some((t) => t.toLowerCase() === ref.title?.toLowerCase())) {
    add(
      'title-mismatch',
      'warning',
      `Section ${ref.label} is called “${ref.title}”, but its heading is “${titles[0]}”.`,
      `Section ${ref.label} (${titles[0]})`,
    );
  }
}

function labelFindings(version: CodeVersion, { index }: Indexes): Finding[] {
  const findings: Finding[] = [];
  for (const [, located] of index) {
    if (!located.fullLabel || !inScope(version, located.fullLabel)) continue;
    let n = 0;
    for (const child of located.provision.children) {
      if (!NUMBERED_KINDS.has(child.kind)) continue;
      n += 1;
      const expected = labelFor(child.kind, n);
      if (child.label !== expected && !child.labelFixed) {
        const where = located.fullLabel;
        findings.push({
          check: 'non-sequential-label',
          severity: 'warning',
          provision: child.id,
          where:
            child.kind === 'clause'
              ? `${where}.${child.label ?? ''}`
              : `${where}${child.label ?? ''}`,
          message: `The label ${child.label ?? ''} is out of sequence: expected ${expected}.`,
          suggestion: expected,
        });
      }
    }
  }
  return findings;
}

function termFindings(input: CheckInput, indexes: Indexes): Finding[] {
  const findings: Finding[] = [];
  const { index, prevIndex } = indexes;
  const definitions = definitionsOf(index);
  const terms = new TermSet([...definitions.map((d) => d.term), ...(input.externalTerms ?? [])]);
  const byTerm = new Map<string, typeof definitions>();
  for (const d of definitions)
    byTerm.set(d.term.toLowerCase(), [...(byTerm.get(d.term.toLowerCase()) ?? []), d]);
  for (const list of byTerm.values()) {
    if (list.length < 2) continue;
    for (const d of list.slice(1)) {
      const located = index.get(d.provision) as Located;
      findings.push({
        check: 'double-definition',
        severity: 'info',
        provision: d.provision,
        where: displayName(located),
        message: `“${d.term}” is defined here and in ${list
          .filter((o) => o !== d)
          .map((o) => displayName(index.get(o.provision) as Located))
          .join(', ')}.`,
      });
    }
  }
  const previousTerms = prevIndex
    ? definitionsOf(prevIndex)
        .map((d) => d.term)
        .filter((t) => !terms.get(t))
    : [];
  const stale = new TermSet(previousTerms);
  for (const [id, located] of index) {
    const seen = new Set<string>();
    for (const run of capitalisedRuns(withoutReferences(scannedText(located.provision)))) {
      if (seen.has(run.text) || terms.get(run.text)) continue;
      seen.add(run.text);
      const where = displayName(located);
      const old = stale.get(run.text);
      if (old) {
        const renamed = renamedTo(old, indexes);
        findings.push({
          check: 'stale-term',
          severity: 'warning',
          provision: id,
          where,
          message: `“${run.text}” is no longer a defined term${renamed ? `: it was renamed “${renamed}”` : ''}.`,
          ...(renamed ? { suggestion: renamed } : {}),
        });
        continue;
      }
      if (terms.covers(run.words)) continue;
      const near = nearMiss(run.words, terms);
      if (near) {
        findings.push({
          check: 'near-miss-term',
          severity: 'warning',
          provision: id,
          where,
          message: `“${run.text}” is not a defined term; did the drafting mean “${near}”?`,
          suggestion: near,
        });
      }
    }
  }
  return findings;
}

/** The text without its cross-references: "Section D9 (Modification Proposal Decision)" is a title, not a use. */
function withoutReferences(text: string): string {
  let out = text;
  for (const phrase of parseReferencePhrases(text).reverse()) {
    out = out.slice(0, phrase.start) + ' ' + out.slice(phrase.end);
  }
  return out;
}

/** The new name of a term whose definition (same provision id) now defines another term. */
function renamedTo(oldTerm: string, { index, prevIndex }: Indexes): string | undefined {
  if (!prevIndex) return undefined;
  const before = definitionsOf(prevIndex).find((d) => d.term === oldTerm && d.where === 'A1.1');
  if (!before) return undefined;
  const now = index.get(before.provision)?.provision;
  return now?.kind === 'definition' && now.term !== oldTerm ? now.term : undefined;
}

/** All checks on a version, references first, in document order within each check. */
export function checkVersion(input: CheckInput): Finding[] {
  const indexes: Indexes = {
    index: indexVersion(input.version.root),
    prevIndex: input.previous ? indexVersion(input.previous.root) : undefined,
  };
  return [
    ...referenceFindings(input, indexes),
    ...labelFindings(input.version, indexes),
    ...termFindings(input, indexes),
  ];
}
