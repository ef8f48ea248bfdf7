/**
 * Authoring a modification's legal text by editing the Code (issue 14, legal-text.md §6): SECAS
 * edits one provision as it reads after the modification's earlier operations (its "working
 * text"), and the operation is derived from the edit — words changed become an anchored word
 * edit (or a whole replacement when no word survives), a new provision after it an insert, and
 * the A1.1 definitions are added, amended, renamed or deleted by their own operations. Each
 * operation carries the hash of its target's wording as it read before it, so that the same
 * precondition checks apply as for legal text sent to the API. Also: the working text of a
 * modification, a search of it, each operation in words with its own redline, and the
 * provisions an amendment touches (for the D6.8(e) cross-check). PURE.
 */
import { AMEND_OP_NAMES, opTarget, type AmendOp } from './code-amendments.ts';
import { consolidate } from './code-consolidate.ts';
import { deriveWordEdits, wordDiff } from './code-diff.ts';
import { redline, type RedlineEntry } from './code-redline.ts';
import {
  cloneTree,
  displayName,
  indexVersion,
  wordingHash,
  type CodeVersion,
  type Located,
  type Provision,
} from './code-tree.ts';

/** The longest wording one provision may be given in the UI. */
export const MAX_PROVISION_TEXT = 20_000;

export type AuthoringAction =
  'edit' | 'insertAfter' | 'delete' | 'addTerm' | 'amendTerm' | 'renameTerm' | 'deleteTerm';

export const AUTHORING_ACTIONS: readonly AuthoringAction[] = [
  'edit',
  'insertAfter',
  'delete',
  'addTerm',
  'amendTerm',
  'renameTerm',
  'deleteTerm',
];

export function isAuthoringAction(value: string): value is AuthoringAction {
  return (AUTHORING_ACTIONS as readonly string[]).includes(value);
}

/** One edit SECAS makes to one provision of the working text. */
export interface AuthoringEdit {
  action: AuthoringAction;
  /** The provision edited (for insertAfter and addTerm: the one the new provision follows). */
  provision: string;
  /** New wording (edit, insertAfter, addTerm, amendTerm). */
  text?: string;
  /** New heading (edit of a part or crossheading; insertAfter of a crossheading). */
  heading?: string;
  /** A definition's term (addTerm, renameTerm). */
  term?: string;
}

/** An edit that cannot become an operation, naming the form field at fault. */
export class DeriveError extends Error {
  constructor(
    readonly field: 'text' | 'heading' | 'term' | 'action' | 'provision',
    message: string,
  ) {
    super(message);
  }
}

/** A modification's legal text so far, as the API stores it. */
export interface Drafting {
  reference: string;
  base: CodeVersion;
  ops: readonly AmendOp[];
}

/** The base version with the first `count` operations applied and renumbered; undefined if they do not apply. */
export function workingVersion(drafting: Drafting, count = drafting.ops.length) {
  const result = consolidate(
    drafting.base,
    [],
    [
      {
        reference: drafting.reference,
        baseVersion: drafting.base.name,
        dependsOn: [],
        ops: drafting.ops.slice(0, count),
      },
    ],
    drafting.base.name,
  );
  return result.version;
}

const normalise = (s: string | undefined): string => (s ?? '').replace(/\r\n?/g, '\n').trim();

function requireWording(value: string | undefined, field: 'text' | 'heading' | 'term'): string {
  const text = normalise(value);
  const what = field === 'term' ? 'the defined term' : field === 'heading' ? 'a heading' : 'words';
  if (text === '') throw new DeriveError(field, `Enter ${what}`);
  if (text.length > MAX_PROVISION_TEXT)
    throw new DeriveError(
      field,
      `Enter at most ${MAX_PROVISION_TEXT.toLocaleString('en-GB')} characters`,
    );
  return text;
}

/** Whether two texts share at least one word (otherwise a word edit is a replacement). */
function shareAWord(before: string, after: string): boolean {
  return wordDiff(before, after).some((s) => s.type === 'same' && /\w/.test(s.text));
}

/**
 * The operations one edit of the working text derives: throws DeriveError when the edit is not
 * possible (nothing changed, no words, a definition edited as a clause, …). `newId` gives the
 * permanent id of an inserted provision or definition.
 */
export function deriveOperations(
  working: CodeVersion,
  edit: AuthoringEdit,
  newId: () => string,
): AmendOp[] {
  const index = indexVersion(working.root);
  const located = index.get(edit.provision);
  if (!located || !located.parent)
    throw new DeriveError('provision', 'That provision is not in the working text');
  const p = located.provision;
  const isDefinition = p.kind === 'definition';
  const definitionOnly = ['addTerm', 'amendTerm', 'renameTerm', 'deleteTerm'];
  if (isDefinition !== definitionOnly.includes(edit.action) && edit.action !== 'insertAfter')
    throw new DeriveError(
      'action',
      isDefinition
        ? 'A definition is added, amended, renamed or deleted as a definition'
        : 'Only a definition can be changed as a definition',
    );
  const expect = wordingHash(p);
  switch (edit.action) {
    case 'edit': {
      const ops: AmendOp[] = [];
      let hash = expect;
      const hasHeading = p.kind === 'part' || p.kind === 'crossheading';
      if (hasHeading) {
        const heading = requireWording(edit.heading, 'heading');
        if (heading !== (p.heading ?? '')) {
          ops.push({
            op: 'editText',
            target: p.id,
            expect: hash,
            field: 'heading',
            edits: deriveWordEdits(p.heading ?? '', heading),
          });
          hash = wordingHash({ ...p, heading });
        }
      }
      const text = hasHeading ? normalise(edit.text) : requireWording(edit.text, 'text');
      if (text !== p.text) {
        ops.push(
          p.text !== '' && shareAWord(p.text, text)
            ? {
                op: 'editText',
                target: p.id,
                expect: hash,
                field: 'text',
                edits: deriveWordEdits(p.text, text),
              }
            : { op: 'replace', target: p.id, expect: hash, text },
        );
      }
      if (ops.length === 0)
        throw new DeriveError(hasHeading ? 'heading' : 'text', 'Change the words before saving');
      return ops;
    }
    case 'insertAfter': {
      if (isDefinition)
        throw new DeriveError(
          'action',
          'Add a definition as a definition: it is kept in alphabetical order',
        );
      const node: Provision =
        p.kind === 'crossheading' || p.kind === 'part'
          ? {
              id: newId(),
              kind: p.kind,
              heading: requireWording(edit.heading, 'heading'),
              text: normalise(edit.text),
              children: [],
            }
          : { id: newId(), kind: p.kind, text: requireWording(edit.text, 'text'), children: [] };
      return [{ op: 'insert', parent: located.parent.id, after: p.id, node }];
    }
    case 'delete':
      return [{ op: 'delete', target: p.id, expect }];
    case 'addTerm': {
      const term = requireWording(edit.term, 'term');
      const taken = located.parent.children.some(
        (c) => c.kind === 'definition' && (c.term ?? '').toLowerCase() === term.toLowerCase(),
      );
      if (taken) throw new DeriveError('term', `“${term}” is already defined`);
      return [
        {
          op: 'addTerm',
          parent: located.parent.id,
          id: newId(),
          term,
          text: requireWording(edit.text, 'text'),
        },
      ];
    }
    case 'amendTerm': {
      const text = requireWording(edit.text, 'text');
      if (text === p.text) throw new DeriveError('text', 'Change the words before saving');
      return [{ op: 'amendTerm', target: p.id, expect, text }];
    }
    case 'renameTerm': {
      const to = requireWording(edit.term, 'term');
      if (to === p.term) throw new DeriveError('term', 'Enter the new term');
      const taken = located.parent.children.some(
        (c) =>
          c.id !== p.id &&
          c.kind === 'definition' &&
          (c.term ?? '').toLowerCase() === to.toLowerCase(),
      );
      if (taken) throw new DeriveError('term', `“${to}” is already defined`);
      return [{ op: 'renameTerm', target: p.id, expect, to }];
    }
    case 'deleteTerm':
      return [{ op: 'deleteTerm', target: p.id, expect }];
  }
}

/** Provisions of the working text whose label, heading, term or words contain the words searched. */
export function searchWorking(version: CodeVersion, query: string, limit = 30): Located[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const out: Located[] = [];
  for (const located of indexVersion(version.root).values()) {
    if (!located.parent) continue;
    const p = located.provision;
    const hay = [located.provision.label ? located.fullLabel : '', p.heading, p.term, p.text]
      .filter(Boolean)
      .join('\n')
      .toLowerCase();
    if (hay.includes(q)) out.push(located);
    if (out.length >= limit) break;
  }
  return out;
}

/** How a provision is named in a sentence: "D10.8(c)", "the definition of “SEC Release”", a heading. */
export function provisionName(located: Located): string {
  const p = located.provision;
  if (p.kind === 'definition') return `the definition of “${p.term ?? ''}”`;
  if (p.kind === 'crossheading') return `the crossheading “${p.heading ?? ''}”`;
  return displayName(located) || 'the document';
}

/** An operation in words, naming its target as it read before the operation. */
export function describeOperation(op: AmendOp, before: Map<string, Located>): string {
  const name = (id: string) => {
    const located = before.get(id);
    return located ? provisionName(located) : 'a provision no longer in the text';
  };
  switch (op.op) {
    case 'insert':
      return op.after
        ? `Insert a new provision after ${name(op.after)}`
        : `Insert a new provision at the start of ${name(op.parent)}`;
    case 'addTerm':
      return `Add the definition of “${op.term}”`;
    case 'renameTerm':
      return `Rename ${name(op.target)} to “${op.to}”`;
    case 'editText':
      return `${op.field === 'heading' ? 'Edit the heading of' : 'Edit words of'} ${name(op.target)}`;
    case 'move':
      return `Move ${name(op.target)} into ${name(op.parent)}`;
    case 'relabel':
      return `Relabel ${name(op.target)} as ${op.label}`;
    default:
      return `${AMEND_OP_NAMES[op.op]}: ${name(op.target)}`;
  }
}

export interface DescribedOperation {
  /** Position in the list, from 0. */
  index: number;
  op: AmendOp;
  description: string;
  /** The change this one operation makes, as a redline of the working text before and after it. */
  redline: RedlineEntry[];
}

/** Each operation of a modification's legal text in words, with its own redline. */
export function describeDrafting(drafting: Drafting): DescribedOperation[] {
  const out: DescribedOperation[] = [];
  let before = workingVersion(drafting, 0);
  for (let i = 0; i < drafting.ops.length && before; i++) {
    const op = drafting.ops[i] as AmendOp;
    const after = workingVersion(drafting, i + 1);
    out.push({
      index: i,
      op,
      description: describeOperation(op, indexVersion(before.root)),
      redline: after ? redline(before, after) : [],
    });
    before = after;
  }
  return out;
}

/**
 * The full labels of the provisions an amendment touches, each as it read before the operation
 * that touches it ("D10.8(c)"; "A1.1" for a definition; an insert touches the container it goes
 * in). Operations that no longer apply are skipped: the legal text is refused elsewhere.
 */
export function touchedLabels(base: CodeVersion, ops: readonly AmendOp[]): string[] {
  const root = cloneTree(base.root);
  const labels = new Set<string>();
  for (const op of ops) {
    const index = indexVersion(root);
    for (const id of [opTarget(op), ...(op.op === 'move' ? [op.parent] : [])]) {
      const label = index.get(id)?.fullLabel;
      if (label) labels.add(label);
    }
    const single = consolidate(
      { name: base.name, root },
      [],
      [{ reference: 'touch', baseVersion: base.name, dependsOn: [], ops: [op] }],
      base.name,
    );
    if (single.version) {
      root.children = single.version.root.children;
    }
  }
  return [...labels];
}
