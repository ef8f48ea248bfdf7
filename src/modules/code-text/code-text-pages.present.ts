/**
 * The Code as data on pages (issue 14): a version as contents and text, a redline as parts the
 * shared redline macro shows (src/web/redline.ts: colour as well as line, words for screen
 * readers), findings with their addresses, and the published SECMP0061 draft consolidated
 * against the reconstruction of SEC 5.21 (the drafting points of /rules link to its findings).
 */
import type { Finding } from './code-checks.ts';
import { CHECKS, checkVersion } from './code-checks.ts';
import { consolidate, type Consolidation } from './code-consolidate.ts';
import type { DiffSegment } from './code-diff.ts';
import { draftAmendments } from './code-drafting.ts';
import { findingKey } from './code-editorial.ts';
import { importPlainText } from './code-import.ts';
import { redline, type RedlineEntry } from './code-redline.ts';
import { displayName, indexVersion, type CodeVersion, type Provision } from './code-tree.ts';
import {
  A1_TERMS_NOT_LOADED,
  SECMP0061_BEFORE,
  SECMP0061_DRAFTING,
  SECMP0061_SCOPE,
} from './secmp0061-text.ts';

export interface Part {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

const parts = (segments: DiffSegment[]): Part[] =>
  segments.map((s) => ({
    op: s.type === 'same' ? 'equal' : s.type === 'ins' ? 'insert' : 'delete',
    text: s.text,
  }));

const CHANGE_WORDS: Record<RedlineEntry['change'], string> = {
  inserted: 'Inserted',
  deleted: 'Deleted',
  changed: 'Words changed',
  renumbered: 'Renumbered',
};

const KIND_WORDS: Record<string, string> = {
  part: 'Section',
  crossheading: 'Crossheading',
  clause: 'Clause',
  para: 'Paragraph',
  subpara: 'Sub-paragraph',
  definition: 'Definition',
  document: 'Document',
};

function labelParts(entry: RedlineEntry): Part[] {
  const { oldLabel, newLabel } = entry;
  if (oldLabel === newLabel) return newLabel ? [{ op: 'equal', text: newLabel }] : [];
  if (!oldLabel) return [{ op: 'insert', text: newLabel }];
  if (!newLabel) return [{ op: 'delete', text: oldLabel }];
  let p = 0;
  while (p < oldLabel.length && oldLabel[p] === newLabel[p]) p++;
  while (p > 0 && /[0-9a-z]/.test(oldLabel[p - 1] ?? '')) p--;
  return [
    ...(p > 0 ? [{ op: 'equal' as const, text: oldLabel.slice(0, p) }] : []),
    { op: 'delete', text: oldLabel.slice(p) },
    { op: 'insert', text: newLabel.slice(p) },
  ];
}

export interface RedlineView {
  provision: string;
  change: string;
  kind: string;
  name: string;
  label: Part[];
  term: Part[];
  heading: Part[];
  text: Part[];
}

/** A redline's entries as the page shows them, in the new version's order. */
export function redlineView(from: CodeVersion, to: CodeVersion): RedlineView[] {
  return redline(from, to).map((e) => ({
    provision: e.provision,
    change: CHANGE_WORDS[e.change],
    kind: KIND_WORDS[e.kind] ?? e.kind,
    name: e.newLabel || e.oldLabel,
    label: labelParts(e),
    term: parts(e.term),
    heading: parts(e.heading),
    text: parts(e.text),
  }));
}

export interface FindingView extends Finding {
  key: string;
  checkName: string;
  severityName: string;
  fixable?: boolean;
}

const SEVERITY_WORDS = { error: 'Error', warning: 'Warning', info: 'For information' } as const;

export function findingView(f: Finding & { fixable?: boolean }): FindingView {
  return {
    ...f,
    key: findingKey(f),
    checkName: CHECKS[f.check],
    severityName: SEVERITY_WORDS[f.severity],
  };
}

/** Findings of `after` that `before` (the findings of the version it came from) did not have. */
export function newFindings<T extends Finding>(after: T[], before: Finding[]): T[] {
  const known = new Set(before.map((f) => findingKey(f)));
  return after.filter((f) => !known.has(findingKey(f)));
}

export interface ContentsItem {
  id: string;
  text: string;
  children: Array<{ id: string; text: string }>;
}

export interface ProvisionView {
  id: string;
  kind: string;
  label: string;
  heading: string;
  term: string;
  text: string;
  depth: number;
}

/** A version as contents (sections and their crossheadings) and its provisions in order. */
export function versionView(version: CodeVersion): {
  contents: ContentsItem[];
  sections: Array<{ id: string; heading: string; provisions: ProvisionView[] }>;
} {
  const index = indexVersion(version.root);
  const contents: ContentsItem[] = [];
  const sections: Array<{ id: string; heading: string; provisions: ProvisionView[] }> = [];
  for (const part of version.root.children) {
    const heading = `${part.label ?? ''} ${titleCase(part.heading ?? '')}`.trim();
    contents.push({
      id: part.id,
      text: heading,
      children: part.children
        .filter((c) => c.kind === 'crossheading')
        .map((c) => ({ id: c.id, text: c.heading ?? '' })),
    });
    const provisions: ProvisionView[] = [];
    const visit = (node: Provision, depth: number) => {
      const located = index.get(node.id);
      provisions.push({
        id: node.id,
        kind: node.kind,
        label:
          node.kind === 'definition' || node.kind === 'crossheading'
            ? ''
            : node.kind === 'clause'
              ? (located?.fullLabel ?? '')
              : (node.label ?? ''),
        heading: node.heading ?? '',
        term: node.term ?? '',
        text: node.text,
        depth,
      });
      for (const child of node.children) visit(child, node.kind === 'crossheading' ? 0 : depth + 1);
    };
    for (const child of part.children) visit(child, 0);
    sections.push({ id: part.id, heading, provisions });
  }
  return { contents, sections };
}

/** "IMPLEMENTATION" → "Implementation": the Code prints its section headings in capitals. */
function titleCase(heading: string): string {
  return heading === heading.toUpperCase()
    ? heading.toLowerCase().replace(/(^|\s)\S/g, (c) => c.toUpperCase())
    : heading;
}

/** A provision's name for headings and links: "D10.8(c)", "A1.1 “SEC Release”". */
export function provisionName(version: CodeVersion, id: string): string | undefined {
  const located = indexVersion(version.root).get(id);
  return located ? displayName(located) : undefined;
}

export interface DraftConsolidation {
  base: CodeVersion;
  result: Consolidation;
  findings: FindingView[];
  redline: RedlineView[];
}

let secmp0061: DraftConsolidation | undefined;

/**
 * SECMP0061's published draft legal text, consolidated against the hand reconstruction of the
 * parts of SEC 5.21 it changes: computed once (ids are numbered, so addresses are stable).
 */
export function secmp0061Draft(): DraftConsolidation {
  if (secmp0061) return secmp0061;
  let n = 0;
  const imported = importPlainText(SECMP0061_BEFORE, { newId: () => `sec521-${++n}` });
  const base: CodeVersion = { name: 'SEC 5.21', root: imported.root, scope: SECMP0061_SCOPE };
  const result = consolidate(
    base,
    ['SECMP0008'],
    [
      {
        reference: 'SECMP0061',
        baseVersion: 'SEC 5.21',
        dependsOn: ['SECMP0008'],
        ops: draftAmendments(base, SECMP0061_DRAFTING),
      },
    ],
    'SEC 5.21 with SECMP0061',
  );
  const version = result.version;
  if (!version) throw new Error('the SECMP0061 fixture no longer consolidates');
  secmp0061 = {
    base,
    result,
    findings: checkVersion({ version, previous: base, externalTerms: A1_TERMS_NOT_LOADED }).map(
      findingView,
    ),
    redline: redlineView(base, version),
  };
  return secmp0061;
}

/** Where the SECMP0061 draft page shows the finding of `check` at `where`, if it has one. */
export function secmp0061FindingHref(check: string, where: string): string | undefined {
  const found = secmp0061Draft().findings.find((f) => f.check === check && f.where === where);
  return found ? `/code/drafts/secmp0061#finding-${found.key}` : undefined;
}
