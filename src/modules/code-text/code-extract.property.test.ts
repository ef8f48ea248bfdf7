/**
 * legal-text.md §9 check 12: for random edits of a version — words changed, provisions inserted,
 * deleted and moved, terms renamed — applying the amendments extracted between the two versions
 * reproduces the target.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consolidate } from './code-consolidate.ts';
import { extractAmendments } from './code-extract.ts';
import { renumber } from './code-labels.ts';
import {
  cloneTree,
  indexVersion,
  plainTree,
  type CodeVersion,
  type Provision,
} from './code-tree.ts';

const WORDS = [
  'the',
  'Panel',
  'shall',
  'DCC',
  'notice',
  'Release',
  'and',
  'of',
  'Users',
  'timetable',
  'SEC',
  'a',
];

function baseVersion(): CodeVersion {
  let n = 0;
  const node = (
    kind: Provision['kind'],
    label: string,
    text: string,
    children: Provision[] = [],
  ): Provision => ({
    id: `b${++n}`,
    kind,
    label,
    text,
    children,
  });
  const clauses = [1, 2, 3, 4].map((c) =>
    node('clause', String(c), `Clause ${c} of the Panel shall notice the DCC.`, [
      node('para', '(a)', `first item of ${c};`),
      node('para', '(b)', `second item of ${c}; and`),
      node('para', '(c)', `third item of ${c}.`),
    ]),
  );
  const part = node('part', 'D10', '', clauses);
  part.heading = 'IMPLEMENTATION';
  const defs = node('clause', '1', 'In this Code:', [
    { id: 'd1', kind: 'definition', term: 'Panel Policy', text: 'means the policy.', children: [] },
    { id: 'd2', kind: 'definition', term: 'SEC Release', text: 'means a package.', children: [] },
  ]);
  const a1 = node('part', 'A1', '', [defs]);
  return { name: 'base', root: { id: 'root', kind: 'document', text: '', children: [a1, part] } };
}

type Edit =
  | { kind: 'words'; pick: number; at: number; word: number; del: number }
  | { kind: 'insert'; pick: number; word: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'move'; pick: number; to: number }
  | { kind: 'rename'; pick: number; word: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('words' as const),
    pick: fc.nat(),
    at: fc.nat(),
    word: fc.nat(),
    del: fc.nat({ max: 3 }),
  }),
  fc.record({ kind: fc.constant('insert' as const), pick: fc.nat(), word: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), word: fc.nat() }),
);

/** Applies random edits directly to a copy (not through the amendment code) and renumbers. */
function edited(base: CodeVersion, edits: Edit[]): CodeVersion {
  const root = cloneTree(base.root);
  let fresh = 0;
  for (const e of edits) {
    const all = [...indexVersion(root).values()].filter((l) => l.parent);
    const numbered = all.filter(
      (l) => l.provision.kind === 'clause' || l.provision.kind === 'para',
    );
    if (numbered.length === 0) break;
    const target = numbered[e.pick % numbered.length];
    if (!target?.parent) continue;
    const p = target.provision;
    if (e.kind === 'words') {
      const words = p.text.split(' ');
      const at = e.at % (words.length + 1);
      words.splice(at, e.del, WORDS[e.word % WORDS.length] ?? 'x');
      p.text = words.join(' ');
    } else if (e.kind === 'insert') {
      const node: Provision = {
        id: `new${++fresh}`,
        kind: p.kind,
        text: `inserted ${WORDS[e.word % WORDS.length]} text;`,
        children: [],
      };
      target.parent.children.splice(target.parent.children.indexOf(p) + 1, 0, node);
      renumber(target.parent);
    } else if (e.kind === 'delete') {
      target.parent.children = target.parent.children.filter((c) => c !== p);
      renumber(target.parent);
    } else if (e.kind === 'move') {
      const peers = numbered.filter((l) => l.provision.kind === p.kind && l.provision !== p);
      const to = peers[e.to % Math.max(1, peers.length)];
      if (!to?.parent || to.parent === target.parent) continue;
      target.parent.children = target.parent.children.filter((c) => c !== p);
      to.parent.children.splice(to.parent.children.indexOf(to.provision) + 1, 0, p);
      renumber(target.parent);
      renumber(to.parent);
    } else {
      const defs = all.filter((l) => l.provision.kind === 'definition');
      const d = defs[e.pick % defs.length]?.provision;
      if (d) d.term = `${d.term ?? ''} ${WORDS[e.word % WORDS.length]}`;
    }
  }
  return { name: 'target', root };
}

describe('legal-text.md §9 check 12: apply ∘ extract reproduces the target', () => {
  it('for random edits of a version', () => {
    const base = baseVersion();
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const target = edited(base, edits);
        const ops = extractAmendments(base, target);
        const result = consolidate(
          base,
          [],
          [{ reference: 'MP1', baseVersion: 'base', dependsOn: [], ops }],
          'v2',
        );
        expect(result.conflicts).toEqual([]);
        const got = plainTree((result.version as CodeVersion).root);
        const want = plainTree(target.root);
        expect(got).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});
