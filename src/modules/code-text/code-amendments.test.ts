/** legal-text.md §6: each amendment operation, and its check that the target still reads as drafted. */
import { describe, expect, it } from 'vitest';
import { applyOp, AmendmentError, type AmendOp } from './code-amendments.ts';
import { consolidate } from './code-consolidate.ts';
import { importPlainText } from './code-import.ts';
import { parseReferencePhrases } from './code-reference-grammar.ts';
import {
  cloneTree,
  indexVersion,
  labelIndex,
  wordingHash,
  type CodeVersion,
  type Provision,
} from './code-tree.ts';

const TEXT = `A1 DEFINITIONS
A1.1 In this Code:
Panel\tmeans the SEC Panel.
Working Day\tmeans a day that is not a weekend.
D10 IMPLEMENTATION
General
D10.1 The Panel shall vary this Code.
D10.2 The Panel shall:
(a) determine actions; and
(b) set a timetable.
D10.3 Each Party shall co-operate.`;

function load(): CodeVersion {
  let n = 0;
  return { name: 'v1', root: importPlainText(TEXT, { newId: () => `p${++n}` }).root };
}
const byLabel = (root: Provision, label: string): Provision => {
  const index = indexVersion(root);
  return index.get(labelIndex(index).get(label) ?? '')?.provision as Provision;
};
const term = (root: Provision, t: string): Provision =>
  [...indexVersion(root).values()].find((l) => l.provision.term === t)?.provision as Provision;

describe('amendment operations (legal-text.md §6)', () => {
  const v = load();
  const d101 = byLabel(v.root, 'D10.1');
  const d102a = byLabel(v.root, 'D10.2(a)');
  const stale = 'ffffffff';
  const ops: Array<[string, AmendOp, AmendOp]> = [
    [
      'delete',
      { op: 'delete', target: d101.id, expect: wordingHash(d101) },
      { op: 'delete', target: d101.id, expect: stale },
    ],
    [
      'replace',
      { op: 'replace', target: d101.id, expect: wordingHash(d101), text: 'New.' },
      { op: 'replace', target: d101.id, expect: stale, text: 'New.' },
    ],
    [
      'editText',
      {
        op: 'editText',
        target: d101.id,
        expect: wordingHash(d101),
        field: 'text',
        edits: [{ before: 'shall ', del: 'vary', ins: 'amend', after: ' this' }],
      },
      { op: 'editText', target: d101.id, expect: stale, field: 'text', edits: [] },
    ],
    [
      'move',
      {
        op: 'move',
        target: d102a.id,
        expect: wordingHash(d102a),
        parent: d102a.id === '' ? '' : byLabel(v.root, 'D10.2').id,
        after: byLabel(v.root, 'D10.2(b)').id,
      },
      {
        op: 'move',
        target: d102a.id,
        expect: stale,
        parent: byLabel(v.root, 'D10.2').id,
        after: null,
      },
    ],
    [
      'relabel',
      { op: 'relabel', target: d101.id, expect: wordingHash(d101), label: '1A' },
      { op: 'relabel', target: d101.id, expect: stale, label: '1A' },
    ],
    [
      'amendTerm',
      {
        op: 'amendTerm',
        target: term(v.root, 'Panel').id,
        expect: wordingHash(term(v.root, 'Panel')),
        text: 'means the Panel.',
      },
      { op: 'amendTerm', target: term(v.root, 'Panel').id, expect: stale, text: 'x' },
    ],
    [
      'deleteTerm',
      {
        op: 'deleteTerm',
        target: term(v.root, 'Panel').id,
        expect: wordingHash(term(v.root, 'Panel')),
      },
      { op: 'deleteTerm', target: term(v.root, 'Panel').id, expect: stale },
    ],
    [
      'renameTerm',
      {
        op: 'renameTerm',
        target: term(v.root, 'Panel').id,
        expect: wordingHash(term(v.root, 'Panel')),
        to: 'SEC Panel',
      },
      { op: 'renameTerm', target: term(v.root, 'Panel').id, expect: stale, to: 'SEC Panel' },
    ],
  ];
  it.each(ops)(
    '%s applies when its target reads as drafted and is refused when it does not',
    (_name, good, bad) => {
      expect(() => applyOp(cloneTree(v.root), good)).not.toThrow();
      expect(() => applyOp(cloneTree(v.root), bad)).toThrow(AmendmentError);
      expect(() => applyOp(cloneTree(v.root), bad)).toThrow(/no longer reads as drafted/);
    },
  );

  it('an edit whose words are no longer there is refused, not guessed', () => {
    const op: AmendOp = {
      op: 'editText',
      target: d101.id,
      expect: wordingHash(d101),
      field: 'text',
      edits: [{ before: 'shall ', del: 'alter', ins: 'amend', after: ' this' }],
    };
    expect(() => applyOp(cloneTree(v.root), op)).toThrow(/not found once/);
  });

  it('insert and delete renumber the container; relabel keeps its label; definitions stay in alphabetical order', () => {
    const part = v.root.children[1] as Provision;
    const result = consolidate(
      v,
      [],
      [
        {
          reference: 'MP1',
          baseVersion: 'v1',
          dependsOn: [],
          ops: [
            {
              op: 'insert',
              parent: part.id,
              after: d101.id,
              node: { id: 'n1', kind: 'clause', text: 'The DCC shall help.', children: [] },
            },
            { op: 'delete', target: d102a.id, expect: wordingHash(d102a) },
            {
              op: 'addTerm',
              parent: byLabel(v.root, 'A1.1').id,
              id: 'n2',
              term: 'SEC Release',
              text: 'means a package.',
            },
            {
              op: 'renameTerm',
              target: term(v.root, 'Panel').id,
              expect: wordingHash(term(v.root, 'Panel')),
              to: 'Zeta Panel',
            },
          ],
        },
      ],
      'v2',
    );
    expect(result.labelMap.map((l) => `${l.old}→${l.new}`)).toEqual([
      'D10.2→D10.3',
      'D10.2(b)→D10.3(a)',
      'D10.3→D10.4',
    ]);
    const index = indexVersion(result.version?.root as Provision);
    expect(
      [...index.values()]
        .filter((l) => l.provision.kind === 'definition')
        .map((l) => l.provision.term),
    ).toEqual(['SEC Release', 'Working Day', 'Zeta Panel']);
  });

  it('reports the lines it cannot classify, never guessing', () => {
    const result = importPlainText(
      `Some preamble.\nD10 IMPLEMENTATION\nD10.1 The Panel shall act.\nA stray sentence that is a sentence.`,
      { newId: () => 'x' },
    );
    expect(result.unclassified.map((u) => u.line)).toEqual([1, 4]);
  });
});

describe('the cross-reference grammar (peggy)', () => {
  it('parses lists, relative labels, titles and inserted parts', () => {
    const phrases = parseReferencePhrases(
      'as set out in Sections D10.13(d) and (e), Section D9A.11 (Authority Decision) and section 173 of the Energy Act 2004',
    );
    expect(phrases.flatMap((p) => p.refs.map((r) => [r.label, r.title ?? '']))).toEqual([
      ['D10.13(d)', ''],
      ['(e)', ''],
      ['D9A.11', 'Authority Decision'],
    ]);
  });
});
