/**
 * legal-text.md §9: the acceptance checks on the seed (SECMP0061's draft legal text), one test
 * per numbered check. The base is a hand reconstruction (secmp0061-text.ts says so); the raw
 * seed is read as printed for the checks that are about the flattened text (1, 2, 3, 8).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkVersion } from './code-checks.ts';
import { consolidate, type ModificationText } from './code-consolidate.ts';
import { draftAmendments } from './code-drafting.ts';
import { importPlainText } from './code-import.ts';
import { decodeFlattenedNumber } from './code-labels.ts';
import { indexVersion, plainTree, type CodeVersion } from './code-tree.ts';
import {
  A1_TERMS_NOT_LOADED,
  SECMP0061_AFTER,
  SECMP0061_BEFORE,
  SECMP0061_DRAFTING,
  SECMP0061_SCOPE,
} from './secmp0061-text.ts';

const seed = fs.readFileSync(
  path.join(import.meta.dirname, 'seed', 'secmp0061-draft-legal-text.txt'),
  'utf8',
);
let n = 0;
const newId = () => `t${++n}`;
const load = (text: string, name: string): CodeVersion => {
  const result = importPlainText(text, { newId });
  expect(result.unclassified).toEqual([]);
  return { name, root: result.root, scope: SECMP0061_SCOPE };
};
const base = load(SECMP0061_BEFORE, 'SEC 5.21');
const after = load(SECMP0061_AFTER, 'seed reading');
const secmp0061: ModificationText = {
  reference: 'SECMP0061',
  baseVersion: 'SEC 5.21',
  dependsOn: ['SECMP0008'],
  ops: draftAmendments(base, SECMP0061_DRAFTING),
};
const result = consolidate(base, ['SECMP0008'], [secmp0061], 'SEC 5.22');
const version = result.version as CodeVersion;
const findings = checkVersion({ version, previous: base, externalTerms: A1_TERMS_NOT_LOADED });
const labelsOf = (v: CodeVersion, full: string) =>
  [...indexVersion(v.root).values()]
    .find((l) => l.fullLabel === full)
    ?.provision.children.map((c) => c.label);

describe('legal-text.md §9 on SECMP0061', () => {
  it('check 1: the seed parses into A1.1 (4 amended, 1 new definition), D6.8 (a)–(l) and D10.1–D10.20 under six crossheadings', () => {
    const terms = indexVersion(version.root);
    const defs = [...terms.values()]
      .filter((l) => l.provision.kind === 'definition')
      .map((l) => l.provision.term);
    expect(defs).toEqual([
      'SEC Release',
      'SEC Release Implementation Document',
      'SEC Release Management Policy',
      'SEC Release Testing Approach Document',
      'Technical Code Specifications',
    ]);
    // D6.8 straight from the raw seed, wrapped lines and all.
    const raw = importPlainText(
      seed.slice(seed.indexOf('D6 REFINEMENT'), seed.indexOf('Amend Sections D10')),
      { newId },
    );
    expect(raw.unclassified).toEqual([]);
    const d68 = raw.root.children[0]?.children.find((c) => c.label === '8');
    expect(
      d68?.children.map((p) => (p.label ?? '') + p.children.map((s) => s.label).join('')),
    ).toEqual([
      '(a)',
      '(b)',
      '(c)',
      '(d)',
      '(e)',
      '(f)(i)(ii)',
      '(g)(i)(ii)',
      '(h)(i)(ii)',
      '(i)(i)(ii)(iii)(iv)',
      '(j)',
      '(k)',
      '(l)',
    ]);
    const d10 = version.root.children.find((p) => p.label === 'D10');
    expect(d10?.children.filter((c) => c.kind === 'crossheading').map((c) => c.heading)).toEqual([
      'General',
      'Implementation',
      'Subsequent Amendment to Implementation Timetable',
      'SEC Release Management Policy',
      'SEC Release Implementation Document',
      'SEC Release Testing Approach Document',
    ]);
    expect(d10?.children.filter((c) => c.kind === 'clause').map((c) => c.label)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(i + 1)),
    );
  });

  it('check 2: the flattened clause numbers of the raw seed decode, longest prefix first, to the renumbering map', () => {
    expect(decodeFlattenedNumber('113', '13')).toEqual({ old: '11', new: '13' });
    const raw = importPlainText(seed.slice(seed.indexOf('D10 IMPLEMENTATION')), {
      newId,
      flattened: true,
    });
    expect(raw.decoded.map((d) => `${d.old}→${d.new}`)).toEqual([
      'D10.10→D10.12',
      'D10.11→D10.13',
      'D10.12→D10.15',
      'D10.13→D10.17',
    ]);
  });

  it('check 3: the (i) after D6.8(h)(ii) is alpha, with (i)–(iv) beneath it', () => {
    expect(labelsOf(version, 'D6.8')).toEqual([
      '(a)',
      '(b)',
      '(c)',
      '(d)',
      '(e)',
      '(f)',
      '(g)',
      '(h)',
      '(i)',
      '(j)',
      '(k)',
      '(l)',
    ]);
    expect(labelsOf(version, 'D6.8(i)')).toEqual(['(i)', '(ii)', '(iii)', '(iv)']);
  });

  it('check 4 and the acceptance: consolidating reproduces the seed, D10.8 relabelled (old (d) is (c)), and the map D10.10→D10.12 …', () => {
    expect(result.conflicts).toEqual([]);
    expect(plainTree(version.root)).toEqual(plainTree(after.root));
    const clauses = result.labelMap
      .filter((l) => l.kind === 'clause')
      .map((l) => `${l.old}→${l.new}`);
    expect(clauses).toEqual(['D10.10→D10.12', 'D10.11→D10.13', 'D10.12→D10.15', 'D10.13→D10.17']);
    const d108 = result.labelMap
      .filter((l) => l.old.startsWith('D10.8('))
      .map((l) => `${l.old}→${l.new}`);
    expect(d108).toEqual(['D10.8(b)→D10.8(a)', 'D10.8(c)→D10.8(b)', 'D10.8(d)→D10.8(c)']);
  });

  it('check 5: D10.15’s “D10.8(d)” has drifted onto the cost review; the suggestion is D10.8(c)', () => {
    const drift = findings.filter((f) => f.check === 'drifted-reference');
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ where: 'D10.15', suggestion: 'Section D10.8(c)' });
  });

  it('check 6: D10.2’s (m) and (n) are out of sequence, expected (a) and (b)', () => {
    const labels = findings.filter((f) => f.check === 'non-sequential-label');
    expect(labels.map((f) => [f.where, f.suggestion])).toEqual([
      ['D10.2(m)', '(a)'],
      ['D10.2(n)', '(b)'],
    ]);
  });

  it('check 7: the other references resolve, (d) and (e) expand, and those outside the loaded text are said to be', () => {
    const references = findings.filter(
      (f) => f.check.endsWith('reference') || f.check === 'title-mismatch',
    );
    expect(references.map((f) => f.where)).toEqual(['D10.15']);
    const outside = findings
      .filter((f) => f.check === 'outside-loaded-text')
      .map((f) => `${f.where} ${f.message}`);
    expect(outside).toContain('D10.1 Section D9 is outside the text loaded in this version.');
    expect(outside).toContain('D10.1 Section D9A.11 is outside the text loaded in this version.');
    expect(outside).toContain(
      'D6.8(d) Section D6.9(b) is outside the text loaded in this version.',
    );
    expect(outside.join(' ')).not.toContain('173');
  });

  it('check 8: the raw “D10.112” is unresolvable, and decodes to D10.11 → D10.12', () => {
    const raw: CodeVersion = {
      name: 'raw',
      scope: SECMP0061_SCOPE,
      root: {
        ...version.root,
        children: [
          ...version.root.children,
          {
            id: 'raw-a',
            kind: 'part',
            label: 'A9',
            text: '',
            children: [
              {
                id: 'raw-1',
                kind: 'clause',
                label: '1',
                text: 'established under Section D10.112 (SEC Release Implementation Document)',
                children: [],
              },
            ],
          },
        ],
      },
    };
    const found = checkVersion({ version: raw }).filter((f) => f.provision === 'raw-1');
    expect(found.map((f) => f.check)).toEqual(['unresolvable-reference']);
    expect(decodeFlattenedNumber('112', '12')).toEqual({ old: '11', new: '12' });
  });

  it('check 9: stale and near-miss terms, and the term defined twice', () => {
    const terms = findings.filter(
      (f) => f.check.endsWith('term') || f.check === 'double-definition',
    );
    expect(terms.map((f) => `${f.check} ${f.where} ${f.suggestion ?? ''}`.trim())).toEqual([
      'double-definition D10.7',
      'double-definition D10.18',
      'near-miss-term D10.12 SEC Release Implementation Document',
      'near-miss-term D10.15 SEC Release Implementation Document',
      'stale-term D10.15 SEC Release Management Policy',
    ]);
    expect(terms[1]?.message).toContain('SEC Release Testing Approach Document');
  });

  it('check 10: a release with SECMP0061 but not SECMP0008, on a base without it, is refused', () => {
    const refused = consolidate(base, [], [secmp0061], 'SEC 5.22');
    expect(refused.version).toBeUndefined();
    expect(refused.missingDependencies).toEqual([
      { modification: 'SECMP0061', dependsOn: 'SECMP0008' },
    ]);
  });

  it('check 11: an overlapping edit of old D10.12 conflicts; a disjoint one merges with a warning', () => {
    const d1012 = [...indexVersion(base.root).values()].find((l) => l.fullLabel === 'D10.10');
    const other = (reference: string, text: string): ModificationText => ({
      reference,
      baseVersion: 'SEC 5.21',
      dependsOn: [],
      ops: draftAmendments(base, [{ amend: 'D10.10', text }]),
    });
    const original = d1012?.provision.text ?? '';
    const overlapping = other(
      'MP300',
      original.replace('To support the Panel in discharging', 'To help the Panel with'),
    );
    const clash = consolidate(base, ['SECMP0008'], [secmp0061, overlapping], 'SEC 5.22');
    expect(clash.version).toBeUndefined();
    expect(clash.conflicts.map((c) => c.modifications)).toEqual([['SECMP0061', 'MP300']]);
    const disjoint = other(
      'MP301',
      original.replace('once approved by the Panel', 'once it is approved by the Panel'),
    );
    const merged = consolidate(base, ['SECMP0008'], [secmp0061, disjoint], 'SEC 5.22');
    expect(merged.conflicts).toEqual([]);
    expect(merged.merged.map((c) => c.where)).toEqual(['D10.10']);
    const d1012Now = [...indexVersion((merged.version as CodeVersion).root).values()].find(
      (l) => l.fullLabel === 'D10.12',
    );
    expect(d1012Now?.provision.text).toContain('The Panel shall develop');
    expect(d1012Now?.provision.text).toContain('once it is approved by the Panel');
  });

  it('check 12: the amendments extracted from base to the seed reading reproduce it (see also the property test)', async () => {
    const { extractAmendments } = await import('./code-extract.ts');
    const ops = extractAmendments(base, version);
    const again = consolidate(
      base,
      [],
      [{ reference: 'X', baseVersion: 'SEC 5.21', dependsOn: [], ops }],
      'again',
    );
    expect(plainTree((again.version as CodeVersion).root)).toEqual(plainTree(version.root));
  });
});

describe('legal-text.md §9 check 13: the HTML redline', () => {
  it('shows D10.12’s label as <del>10</del> <ins>12</ins> and the rename Panel → SEC, words for screen readers included', async () => {
    const { redline, entryHtml } = await import('./code-redline.ts');
    const entries = redline(base, version);
    const d1012 = entries.find((e) => e.newLabel === 'D10.12');
    const html = entryHtml(d1012 as (typeof entries)[number], 'SECMP0061');
    expect(html).toMatch(
      /D10\.<span class="govuk-visually-hidden">\[renumbered from <\/span><del>10<\/del><span class="govuk-visually-hidden"> to <\/span><ins>12<\/ins>/,
    );
    const all = entries.map((e) => entryHtml(e)).join('\n');
    expect(all).toContain('<del>Panel</del>');
    expect(all).toContain('[inserted: </span><ins>SEC ');
    expect(
      entries.filter((e) => e.change === 'inserted' && e.kind === 'clause').map((e) => e.newLabel),
    ).toEqual(['D10.10', 'D10.11', 'D10.14', 'D10.16', 'D10.18', 'D10.19', 'D10.20']);
    expect(entries.filter((e) => e.change === 'deleted').map((e) => e.oldLabel)).toEqual([
      'D10.8(a)',
    ]);
  });
});
