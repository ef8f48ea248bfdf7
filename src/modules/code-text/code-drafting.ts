/**
 * Drafting amendments the way SECAS edits the Code (legal-text.md §6): name a provision — by its
 * label ("D10.8(b)"), a defined term or a crossheading — and give its new wording; the operation
 * is derived (word edits anchored in context, a rename, a deletion, an insertion). The derived
 * operations carry the target's wording hash in the base version. PURE.
 */
import type { AmendOp } from './code-amendments.ts';
import { deriveWordEdits } from './code-diff.ts';
import {
  indexVersion,
  wordingHash,
  type CodeVersion,
  type Located,
  type Provision,
  type ProvisionKind,
} from './code-tree.ts';

export type DraftStep =
  | { amend: string; text?: string; heading?: string; term?: string }
  | { delete: string }
  | { insert: Provision; into: string; after: string | null }
  | { define: string; text: string; id: string };

/** A provision named as a reader names it: a full label, a defined term, or a crossheading. */
export function locate(index: Map<string, Located>, name: string): Located | undefined {
  const all = [...index.values()];
  return (
    all.find((l) => l.provision.label && l.fullLabel === name) ??
    all.find((l) => l.provision.kind === 'definition' && l.provision.term === name) ??
    all.find((l) => l.provision.kind === 'crossheading' && l.provision.heading === name) ??
    index.get(name)
  );
}

export class DraftingError extends Error {}

/** The operations that carry out drafting steps on a base version (each step sees the earlier ones). */
export function draftAmendments(base: CodeVersion, steps: DraftStep[]): AmendOp[] {
  const index = indexVersion(base.root);
  const ops: AmendOp[] = [];
  const find = (name: string): Located => {
    const found = locate(index, name);
    if (!found) throw new DraftingError(`There is no provision “${name}” in ${base.name}.`);
    return found;
  };
  const findOrNew = (name: string | null, inserted: Map<string, string>): string | null =>
    name === null ? null : (inserted.get(name) ?? find(name).provision.id);
  const inserted = new Map<string, string>();
  for (const step of steps) {
    if ('delete' in step) {
      const l = find(step.delete);
      ops.push({
        op: l.provision.kind === 'definition' ? 'deleteTerm' : 'delete',
        target: l.provision.id,
        expect: wordingHash(l.provision),
      });
    } else if ('insert' in step) {
      ops.push({
        op: 'insert',
        parent: findOrNew(step.into, inserted) ?? '',
        after: findOrNew(step.after, inserted),
        node: step.insert,
      });
      inserted.set(step.insert.id, step.insert.id);
    } else if ('define' in step) {
      const container = [...index.values()].find((l) =>
        l.provision.children.some((c) => c.kind === 'definition'),
      );
      if (!container) throw new DraftingError(`${base.name} has no definitions.`);
      ops.push({
        op: 'addTerm',
        parent: container.provision.id,
        id: step.id,
        term: step.define,
        text: step.text,
      });
    } else {
      const l = find(step.amend);
      const p = l.provision;
      let hash = wordingHash(p);
      if (step.term !== undefined && step.term !== p.term) {
        ops.push({ op: 'renameTerm', target: p.id, expect: hash, to: step.term });
        hash = wordingHash({ ...p, term: step.term });
      }
      if (step.heading !== undefined && step.heading !== (p.heading ?? '')) {
        ops.push({
          op: 'editText',
          target: p.id,
          expect: hash,
          field: 'heading',
          edits: deriveWordEdits(p.heading ?? '', step.heading),
        });
        hash = wordingHash({ ...p, term: step.term ?? p.term, heading: step.heading });
      }
      if (step.text !== undefined && step.text !== p.text) {
        ops.push({
          op: 'editText',
          target: p.id,
          expect: hash,
          field: 'text',
          edits: deriveWordEdits(p.text, step.text),
        });
      }
    }
  }
  return ops;
}

/** A new provision for an insertion (its label is given by renumbering its container). */
export function newProvision(
  id: string,
  kind: ProvisionKind,
  text: string,
  extra: { label?: string; heading?: string; children?: Provision[] } = {},
): Provision {
  return {
    id,
    kind,
    text,
    children: extra.children ?? [],
    ...(extra.label ? { label: extra.label } : {}),
    ...(extra.heading ? { heading: extra.heading } : {}),
  };
}
