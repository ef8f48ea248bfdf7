/**
 * A modification's legal text as amendments (legal-text.md §6): operations against a named base
 * version, each naming its target by permanent id and carrying the hash of the target's wording
 * when drafted, so that stale drafting is refused rather than misapplied (SECMP0061 footnote 1:
 * "the drafting will be checked"). Applying an operation mutates a working copy of the tree;
 * consolidation (code-consolidate.ts) makes that copy. PURE.
 */
import { NUMBERED_KINDS } from './code-labels.ts';
import { childFullLabel, wordingHash, type Located, type Provision } from './code-tree.ts';

/** Words replaced in place, found by the words around them (not by offsets). */
export interface WordEdit {
  before: string;
  del: string;
  ins: string;
  after: string;
}

/** A provision as an amendment inserts it: ids are chosen by the author and never reused. */
export type NewProvision = Provision;

export type AmendOp =
  | { op: 'insert'; parent: string; after: string | null; node: NewProvision }
  | { op: 'delete'; target: string; expect: string }
  | { op: 'replace'; target: string; expect: string; text: string; heading?: string }
  | { op: 'editText'; target: string; expect: string; field: 'text' | 'heading'; edits: WordEdit[] }
  | { op: 'move'; target: string; expect: string; parent: string; after: string | null }
  | { op: 'relabel'; target: string; expect: string; label: string }
  | { op: 'addTerm'; parent: string; id: string; term: string; text: string }
  | { op: 'amendTerm'; target: string; expect: string; text: string }
  | { op: 'deleteTerm'; target: string; expect: string }
  | { op: 'renameTerm'; target: string; expect: string; to: string };

export type AmendOpName = AmendOp['op'];

export const AMEND_OP_NAMES: Record<AmendOpName, string> = {
  insert: 'Insert',
  delete: 'Delete',
  replace: 'Replace',
  editText: 'Edit words',
  move: 'Move',
  relabel: 'Relabel',
  addTerm: 'Add a definition',
  amendTerm: 'Amend a definition',
  deleteTerm: 'Delete a definition',
  renameTerm: 'Rename a defined term',
};

/** The provision an operation changes (for an insert, the container it changes). */
export function opTarget(op: AmendOp): string {
  return 'target' in op ? op.target : op.parent;
}

/** The containers whose numbering an operation may change. */
export function opContainers(
  op: AmendOp,
  index: { get(id: string): Located | undefined },
): string[] {
  switch (op.op) {
    case 'insert':
    case 'addTerm':
      return [op.parent];
    case 'delete':
    case 'deleteTerm':
      return [index.get(op.target)?.parent?.id ?? ''];
    case 'move':
      return [index.get(op.target)?.parent?.id ?? '', op.parent];
    default:
      return [];
  }
}

export class AmendmentError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing-target' | 'stale-drafting' | 'anchor-not-found' | 'invalid',
  ) {
    super(message);
  }
}

/** Applies anchored word edits to a text; each edit's words and context must occur exactly once. */
export function applyWordEdits(text: string, edits: WordEdit[]): string {
  let out = text;
  for (const edit of edits) {
    const needle = edit.before + edit.del + edit.after;
    if (needle === '' && out === '') {
      out = edit.ins;
      continue;
    }
    const at = needle === '' ? -1 : out.indexOf(needle);
    if (at < 0 || out.indexOf(needle, at + 1) >= 0) {
      throw new AmendmentError(
        `the words “${edit.del || edit.ins}” are not found once in their context “${needle.trim()}”`,
        'anchor-not-found',
      );
    }
    out = out.slice(0, at) + edit.before + edit.ins + edit.after + out.slice(at + needle.length);
  }
  return out;
}

function sortDefinitions(container: Provision): void {
  const defs = container.children.filter((c) => c.kind === 'definition');
  if (defs.length === 0) return;
  const others = container.children.filter((c) => c.kind !== 'definition');
  defs.sort((a, b) => (a.term ?? '').localeCompare(b.term ?? '', 'en-GB', { sensitivity: 'base' }));
  container.children = [...others, ...defs];
}

function placeAfter(container: Provision, node: Provision, after: string | null): void {
  if (after === null) {
    container.children.unshift(node);
    return;
  }
  const at = container.children.findIndex((c) => c.id === after);
  if (at < 0)
    throw new AmendmentError(
      `the provision to insert after is not in its container`,
      'missing-target',
    );
  container.children.splice(at + 1, 0, node);
}

function contains(node: Provision, id: string): boolean {
  return node.id === id || node.children.some((c) => contains(c, id));
}

/**
 * Where each provision of a working tree sits, kept up to date as operations are applied, so that
 * a release of many operations costs the tree once plus each operation, not the tree for each
 * operation (legal-text.md §7.1: O(total nodes + ops)). Full labels are worked out on demand by
 * walking up the parents, because renumbering is left to the end of a consolidation.
 */
export class WorkingIndex {
  private readonly nodes = new Map<string, Provision>();
  private readonly parents = new Map<string, Provision>();

  constructor(root: Provision) {
    this.add(root, undefined);
  }

  /** Records a subtree placed under `parent`. */
  add(node: Provision, parent: Provision | undefined): void {
    this.nodes.set(node.id, node);
    if (parent) this.parents.set(node.id, parent);
    else this.parents.delete(node.id);
    for (const child of node.children) this.add(child, node);
  }

  /** Forgets a subtree taken out of the tree. */
  remove(node: Provision): void {
    this.nodes.delete(node.id);
    this.parents.delete(node.id);
    for (const child of node.children) this.remove(child);
  }

  /** Records that a provision now sits under another parent. */
  moved(node: Provision, parent: Provision): void {
    this.parents.set(node.id, parent);
  }

  /** The provision itself, wherever it now sits. */
  node(id: string): Provision | undefined {
    return this.nodes.get(id);
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  parentOf(id: string): Provision | undefined {
    return this.parents.get(id);
  }

  /** The provision with its parent and full label as the tree now stands. */
  get(id: string): Located | undefined {
    const provision = this.nodes.get(id);
    if (!provision) return undefined;
    const chain: Provision[] = [];
    for (let at: Provision | undefined = provision; at; at = this.parents.get(at.id)) {
      chain.unshift(at);
    }
    const fullLabel = chain.slice(1).reduce((full, node) => childFullLabel(full, node), '');
    const parent = this.parents.get(id);
    return { provision, parent, fullLabel };
  }
}

/**
 * Applies one operation to a working tree. `lenient` (set by consolidation for a second
 * modification's word edits) accepts a changed precondition when every anchor still matches.
 * `index`, when given, is the tree's working index, which the operation keeps up to date.
 * Returns whether the precondition had to be relaxed.
 */
export function applyOp(
  root: Provision,
  op: AmendOp,
  lenient = false,
  index: WorkingIndex = new WorkingIndex(root),
): { merged: boolean } {
  const find = (id: string): Located => {
    const located = index.get(id);
    if (!located)
      throw new AmendmentError(`provision ${id} is not in this version`, 'missing-target');
    return located;
  };
  const check = (located: Located, expect: string): boolean => {
    if (wordingHash(located.provision) === expect) return false;
    if (lenient && op.op === 'editText') return true;
    throw new AmendmentError(
      `${located.fullLabel || located.provision.term || located.provision.heading} no longer reads as drafted`,
      'stale-drafting',
    );
  };
  let merged = false;
  switch (op.op) {
    case 'insert': {
      const parent = find(op.parent).provision;
      if (index.has(op.node.id))
        throw new AmendmentError(`provision id ${op.node.id} is already used`, 'invalid');
      const node = structuredClone(op.node);
      placeAfter(parent, node, op.after);
      index.add(node, parent);
      break;
    }
    case 'addTerm': {
      const parent = find(op.parent).provision;
      if (index.has(op.id))
        throw new AmendmentError(`provision id ${op.id} is already used`, 'invalid');
      const definition: Provision = {
        id: op.id,
        kind: 'definition',
        term: op.term,
        text: op.text,
        children: [],
      };
      parent.children.push(definition);
      index.add(definition, parent);
      sortDefinitions(parent);
      break;
    }
    case 'delete':
    case 'deleteTerm': {
      const located = find(op.target);
      check(located, op.expect);
      const parent = located.parent;
      if (!parent) throw new AmendmentError('the whole document cannot be deleted', 'invalid');
      parent.children = parent.children.filter((c) => c.id !== op.target);
      index.remove(located.provision);
      break;
    }
    case 'replace': {
      const located = find(op.target);
      check(located, op.expect);
      located.provision.text = op.text;
      if (op.heading !== undefined) located.provision.heading = op.heading;
      break;
    }
    case 'amendTerm': {
      const located = find(op.target);
      check(located, op.expect);
      located.provision.text = op.text;
      break;
    }
    case 'editText': {
      const located = find(op.target);
      merged = check(located, op.expect);
      const p = located.provision;
      if (op.field === 'heading') p.heading = applyWordEdits(p.heading ?? '', op.edits);
      else p.text = applyWordEdits(p.text, op.edits);
      break;
    }
    case 'move': {
      const located = find(op.target);
      check(located, op.expect);
      const target = find(op.parent).provision;
      if (contains(located.provision, op.parent))
        throw new AmendmentError('a provision cannot move into itself', 'invalid');
      if (located.parent)
        located.parent.children = located.parent.children.filter((c) => c.id !== op.target);
      try {
        placeAfter(target, located.provision, op.after);
      } catch (error) {
        // Taken out but not placed: it is no longer in the working tree.
        index.remove(located.provision);
        throw error;
      }
      index.moved(located.provision, target);
      break;
    }
    case 'relabel': {
      const located = find(op.target);
      check(located, op.expect);
      if (!NUMBERED_KINDS.has(located.provision.kind)) {
        throw new AmendmentError(
          'only clauses, paragraphs and sub-paragraphs carry labels',
          'invalid',
        );
      }
      located.provision.label = op.label;
      located.provision.labelFixed = true;
      break;
    }
    case 'renameTerm': {
      const located = find(op.target);
      check(located, op.expect);
      located.provision.term = op.to;
      if (located.parent) sortDefinitions(located.parent);
      break;
    }
  }
  return { merged };
}
