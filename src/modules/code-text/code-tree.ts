/**
 * The Code as data (D10.1, legal-text.md §5): a version of the SEC is an immutable tree of
 * provisions. Each provision has a permanent id that never changes and is never reused, apart
 * from its displayed label ("12", "(d)", "(ii)"), which renumbering may change. PURE.
 */

export const PROVISION_KINDS = [
  'document',
  'part',
  'crossheading',
  'clause',
  'para',
  'subpara',
  'definition',
] as const;
export type ProvisionKind = (typeof PROVISION_KINDS)[number];

export interface Provision {
  /** Permanent id (like Akoma Ntoso's wId): survives renumbering, never reused. */
  id: string;
  kind: ProvisionKind;
  /** The label segment as displayed: "D10" for a part, "12" for a clause, "(d)", "(ii)". */
  label?: string;
  /** Set by an explicit relabel: renumbering keeps this label. */
  labelFixed?: boolean;
  /** A part's or crossheading's heading. */
  heading?: string;
  /** A definition's defined term (A1.1). */
  term?: string;
  text: string;
  children: Provision[];
}

export interface CodeVersion {
  /** "SEC 5.21". */
  name: string;
  root: Provision;
  /**
   * Label prefixes loaded in full ("A1.1", "D6.8", "D10"); absent when the whole Code is loaded.
   * A reference outside them is "outside the loaded text", not broken.
   */
  scope?: string[];
}

/** A provision's full label: "D10.8(d)", "D10.13(d)(i)", "A1.1"; crossheadings and definitions have none. */
export function childFullLabel(parentFull: string, child: Provision): string {
  if (!child.label) return parentFull;
  if (child.kind === 'part') return child.label;
  if (child.kind === 'clause') return `${parentFull}.${child.label}`;
  return `${parentFull}${child.label}`;
}

export interface Located {
  provision: Provision;
  parent: Provision | undefined;
  fullLabel: string;
  /** The part ("D10") the provision sits in, with the nearest crossheading before it. */
  crossheading?: Provision;
}

/** Every provision of a version by id, with its parent and full label, in document order. */
export function indexVersion(root: Provision): Map<string, Located> {
  const index = new Map<string, Located>();
  const visit = (
    node: Provision,
    parent: Provision | undefined,
    full: string,
    cross?: Provision,
  ) => {
    const located: Located = { provision: node, parent, fullLabel: full };
    if (cross) located.crossheading = cross;
    index.set(node.id, located);
    let currentCross: Provision | undefined;
    for (const child of node.children) {
      if (child.kind === 'crossheading') currentCross = child;
      visit(
        child,
        node,
        childFullLabel(full, child),
        child.kind === 'clause' ? currentCross : cross,
      );
    }
  };
  visit(root, undefined, '');
  return index;
}

/** Full label → provision id, for the labelled provisions of a version. */
export function labelIndex(index: Map<string, Located>): Map<string, string> {
  const byLabel = new Map<string, string>();
  for (const [id, located] of index) {
    if (located.provision.label && !byLabel.has(located.fullLabel))
      byLabel.set(located.fullLabel, id);
  }
  return byLabel;
}

/** Whether a full label lies within the version's loaded text. */
export function inScope(version: CodeVersion, fullLabel: string): boolean {
  if (!version.scope) return true;
  return version.scope.some(
    (prefix) =>
      fullLabel === prefix ||
      (fullLabel.startsWith(prefix) && /^[.(]/.test(fullLabel.slice(prefix.length))),
  );
}

/** FNV-1a over a provision's own wording: what an amendment's precondition compares. */
export function wordingHash(node: Pick<Provision, 'heading' | 'text' | 'term'>): string {
  const s = `${node.term ?? ''}\u0001${node.heading ?? ''}\u0001${node.text}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** A deep copy (versions are immutable: consolidation works on a copy). */
export function cloneTree(node: Provision): Provision {
  return { ...node, children: node.children.map(cloneTree) };
}

/** The tree without ids: what two readings of the same text must agree on. */
export interface PlainProvision {
  kind: ProvisionKind;
  label?: string;
  heading?: string;
  term?: string;
  text: string;
  children: PlainProvision[];
}

export function plainTree(node: Provision): PlainProvision {
  return {
    kind: node.kind,
    ...(node.label ? { label: node.label } : {}),
    ...(node.heading ? { heading: node.heading } : {}),
    ...(node.term ? { term: node.term } : {}),
    text: node.text,
    children: node.children.map(plainTree),
  };
}

/** A provision's display name: "D10.8(d)", a definition's "“SEC Release”", a crossheading's heading. */
export function displayName(located: Located): string {
  const p = located.provision;
  if (p.kind === 'definition') return `A1.1 “${p.term ?? ''}”`;
  if (p.kind === 'crossheading') return p.heading ?? '';
  if (p.kind === 'part') return `${p.label ?? ''} ${p.heading ?? ''}`.trim();
  return located.fullLabel;
}
