/**
 * The amendments between two versions (legal-text.md §6, "Amendments in Context"): provisions
 * are matched by permanent id; new ones are inserted, vanished ones deleted, ones that changed
 * container or order moved (longest common subsequence of each container's children), changed
 * words edited by anchor, renamed terms renamed, and labels that renumbering would not give
 * relabelled. apply(base, extract(base, target)) reproduces target. PURE.
 */
import type { AmendOp } from './code-amendments.ts';
import { consolidate } from './code-consolidate.ts';
import { deriveWordEdits } from './code-diff.ts';
import {
  indexVersion,
  wordingHash,
  type CodeVersion,
  type Located,
  type Provision,
} from './code-tree.ts';

function lcs(a: string[], b: string[]): Set<string> {
  const dp: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      (dp[i] as number[])[j] =
        a[i] === b[j]
          ? (dp[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(dp[i + 1]?.[j] ?? 0, dp[i]?.[j + 1] ?? 0);
  const keep = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      keep.add(a[i] as string);
      i++;
      j++;
    } else if ((dp[i + 1]?.[j] ?? 0) >= (dp[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  return keep;
}

/** The operations that turn base into target (both trees share permanent ids). */
export function extractAmendments(base: CodeVersion, target: CodeVersion): AmendOp[] {
  const from = indexVersion(base.root);
  const to = indexVersion(target.root);
  const structural: AmendOp[] = [];
  const inPlace = new Map<string, Set<string>>();
  for (const [id, located] of to) {
    const p = located.provision;
    const baseKids = from.get(id)?.provision.children.map((c) => c.id) ?? [];
    const kept = p.children.map((c) => c.id).filter((c) => from.get(c)?.parent?.id === id);
    inPlace.set(
      id,
      lcs(
        baseKids.filter((c) => kept.includes(c)),
        kept,
      ),
    );
  }
  const newOnly = (node: Provision): Provision => ({
    ...node,
    children: node.children.filter((c) => !from.has(c.id)).map(newOnly),
  });
  const visit = (node: Provision, insertedAncestor: boolean) => {
    node.children.forEach((child, i) => {
      const after = i === 0 ? null : (node.children[i - 1]?.id ?? null);
      const was = from.get(child.id);
      if (!was) {
        if (!insertedAncestor)
          structural.push({ op: 'insert', parent: node.id, after, node: newOnly(child) });
      } else if (was.parent?.id !== node.id || !inPlace.get(node.id)?.has(child.id)) {
        structural.push({
          op: 'move',
          target: child.id,
          expect: wordingHash(was.provision),
          parent: node.id,
          after,
        });
      }
      visit(child, !was);
    });
  };
  visit(target.root, false);
  const deletes: AmendOp[] = [];
  for (const [id, located] of from) {
    if (!to.has(id) && located.parent && to.has(located.parent.id)) {
      deletes.push({ op: 'delete', target: id, expect: wordingHash(located.provision) });
    }
  }
  const wording: AmendOp[] = [];
  for (const [id, now] of to) {
    const was = from.get(id)?.provision;
    if (!was) continue;
    const p = now.provision;
    let hash = wordingHash(was);
    if ((was.term ?? '') !== (p.term ?? '') && p.term) {
      wording.push({ op: 'renameTerm', target: id, expect: hash, to: p.term });
      hash = wordingHash({ ...was, term: p.term });
    }
    if ((was.heading ?? '') !== (p.heading ?? '')) {
      wording.push({
        op: 'editText',
        target: id,
        expect: hash,
        field: 'heading',
        edits: deriveWordEdits(was.heading ?? '', p.heading ?? ''),
      });
      hash = wordingHash({ ...was, term: p.term, heading: p.heading });
    }
    if (was.text !== p.text) {
      wording.push({
        op: 'editText',
        target: id,
        expect: hash,
        field: 'text',
        edits: deriveWordEdits(was.text, p.text),
      });
    }
  }
  const ops = [...structural, ...deletes, ...wording];
  const trial = consolidate(
    base,
    [],
    [{ reference: 'trial', baseVersion: base.name, dependsOn: [], ops }],
    'trial',
  );
  const trialIndex = trial.version ? indexVersion(trial.version.root) : new Map<string, Located>();
  for (const [id, now] of to) {
    const got = trialIndex.get(id)?.provision;
    if (got && now.provision.label && got.label !== now.provision.label) {
      ops.push({
        op: 'relabel',
        target: id,
        expect: wordingHash(now.provision),
        label: now.provision.label,
      });
    }
  }
  return ops;
}
