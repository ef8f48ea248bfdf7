/** Issue 14: an edit of one provision in the UI becomes an amendment operation (legal-text.md §6). */
import { describe, expect, it } from 'vitest';
import { consolidate } from './code-consolidate.ts';
import {
  deriveOperations,
  DeriveError,
  describeDrafting,
  searchWorking,
  touchedLabels,
  workingVersion,
  type AuthoringEdit,
  type Drafting,
} from './code-derive.ts';
import { importPlainText } from './code-import.ts';
import { indexVersion, labelIndex, type CodeVersion, type Provision } from './code-tree.ts';

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
const idOf = (v: CodeVersion, label: string): string =>
  labelIndex(indexVersion(v.root)).get(label) ?? '';
const termId = (v: CodeVersion, t: string): string =>
  [...indexVersion(v.root).values()].find((l) => l.provision.term === t)?.provision.id ?? '';
const textOf = (v: CodeVersion, label: string): string =>
  (indexVersion(v.root).get(idOf(v, label))?.provision as Provision).text;

function applied(base: CodeVersion, edit: AuthoringEdit): CodeVersion {
  let n = 0;
  const ops = deriveOperations(base, edit, () => `new${++n}`);
  const result = consolidate(
    base,
    [],
    [{ reference: 'MP1', baseVersion: base.name, dependsOn: [], ops }],
    'v2',
  );
  if (!result.version) throw new Error(JSON.stringify(result.conflicts));
  return result.version;
}

describe('issue 14: deriving an operation from an edit of the Code', () => {
  const base = load();

  it('turns changed words into an anchored word edit that reproduces the edit', () => {
    const edit = {
      action: 'edit' as const,
      provision: idOf(base, 'D10.1'),
      text: 'The Panel shall ensure that this Code is varied.',
    };
    const [op] = deriveOperations(base, edit, () => 'x');
    expect(op?.op).toBe('editText');
    expect(textOf(applied(base, edit), 'D10.1')).toBe(
      'The Panel shall ensure that this Code is varied.',
    );
  });

  it('replaces the whole text when no word of it survives, and refuses an unchanged text', () => {
    const provision = idOf(base, 'D10.3');
    expect(
      deriveOperations(
        base,
        { action: 'edit', provision, text: 'Nobody acts alone.' },
        () => 'x',
      )[0]?.op,
    ).toBe('replace');
    expect(() =>
      deriveOperations(
        base,
        { action: 'edit', provision, text: 'Each Party shall co-operate.' },
        () => 'x',
      ),
    ).toThrow(DeriveError);
  });

  it('inserts a provision after the one edited, numbered by consolidation', () => {
    const v = applied(base, {
      action: 'insertAfter',
      provision: idOf(base, 'D10.1'),
      text: 'The Panel shall publish each version.',
    });
    expect(textOf(v, 'D10.2')).toBe('The Panel shall publish each version.');
    expect(textOf(v, 'D10.3')).toBe('The Panel shall:');
  });

  it('deletes a paragraph, and the next one is relabelled', () => {
    const v = applied(base, { action: 'delete', provision: idOf(base, 'D10.2(a)') });
    expect(textOf(v, 'D10.2(a)')).toBe('set a timetable.');
  });

  it('adds, amends, renames and deletes a definition, refusing a term already defined', () => {
    const panel = termId(base, 'Panel');
    const added = applied(base, {
      action: 'addTerm',
      provision: panel,
      term: 'Authority',
      text: 'means the Gas and Electricity Markets Authority.',
    });
    expect(termId(added, 'Authority')).toBe('new1');
    expect(() =>
      deriveOperations(
        base,
        { action: 'addTerm', provision: panel, term: 'working day', text: 'x' },
        () => 'x',
      ),
    ).toThrow('already defined');
    const renamed = applied(base, { action: 'renameTerm', provision: panel, term: 'SEC Panel' });
    expect(termId(renamed, 'SEC Panel')).toBe(panel);
    const amended = applied(base, {
      action: 'amendTerm',
      provision: panel,
      text: 'means the Panel.',
    });
    expect(indexVersion(amended.root).get(panel)?.provision.text).toBe('means the Panel.');
    const deleted = applied(base, { action: 'deleteTerm', provision: panel });
    expect(termId(deleted, 'Panel')).toBe('');
  });

  it('refuses to edit a definition as a clause, and a clause as a definition', () => {
    expect(() =>
      deriveOperations(
        base,
        { action: 'edit', provision: termId(base, 'Panel'), text: 'x' },
        () => 'x',
      ),
    ).toThrow('as a definition');
    expect(() =>
      deriveOperations(base, { action: 'deleteTerm', provision: idOf(base, 'D10.1') }, () => 'x'),
    ).toThrow('Only a definition');
  });

  it('builds on the operations before it: the working text, each step in words with its redline', () => {
    const first = deriveOperations(
      base,
      { action: 'edit', provision: idOf(base, 'D10.1'), text: 'The Panel shall vary the Code.' },
      () => 'x',
    );
    const drafting: Drafting = { reference: 'MP1', base, ops: first };
    const working = workingVersion(drafting) as CodeVersion;
    const second = deriveOperations(
      working,
      { action: 'edit', provision: idOf(base, 'D10.1'), text: 'The Panel shall vary the SEC.' },
      () => 'y',
    );
    const both: Drafting = { ...drafting, ops: [...first, ...second] };
    expect(textOf(workingVersion(both) as CodeVersion, 'D10.1')).toBe(
      'The Panel shall vary the SEC.',
    );
    const described = describeDrafting(both);
    expect(described.map((d) => d.description)).toEqual([
      'Edit words of D10.1',
      'Edit words of D10.1',
    ]);
    expect(described[1]?.redline[0]?.text).toEqual(
      expect.arrayContaining([
        { type: 'del', text: 'Code' },
        { type: 'ins', text: 'SEC' },
      ]),
    );
    expect(touchedLabels(base, both.ops)).toEqual(['D10.1']);
  });

  it('finds provisions of the working text by label or words', () => {
    expect(searchWorking(base, 'D10.2(b)').map((l) => l.fullLabel)).toEqual(['D10.2(b)']);
    expect(searchWorking(base, 'co-operate').map((l) => l.fullLabel)).toEqual(['D10.3']);
  });
});
