/**
 * Issue 14, legal-text.md §9 check 13 (DOCX) and §7.5: the Word redline carries real tracked
 * changes (w:ins / w:del by the modification's reference, dated the decision) with literal labels,
 * and the Word import reads it back — as a version (changes accepted) and as a modification's
 * amendments that consolidate to the target's text. What the import cannot place is reported.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { consolidate, type ModificationText } from './code-consolidate.ts';
import { draftAmendments } from './code-drafting.ts';
import { importPlainText } from './code-import.ts';
import { cloneTree, plainTree, type CodeVersion, type Provision } from './code-tree.ts';
import {
  amendmentsFromWordRedline,
  importWordVersion,
  readingOf,
  readWordParagraphs,
  WordReadError,
  type WordParagraph,
} from './code-word-import.ts';
import { authorsOf, redlineLines, wordRedline } from './code-word-redline.ts';
import { SECMP0061_BEFORE, SECMP0061_DRAFTING, SECMP0061_SCOPE } from './secmp0061-text.ts';

let n = 0;
const newId = () => `w${++n}`;
const base: CodeVersion = {
  name: 'SEC 5.21',
  root: importPlainText(SECMP0061_BEFORE, { newId }).root,
  scope: SECMP0061_SCOPE,
};
const secmp0061: ModificationText = {
  reference: 'SECMP0061',
  baseVersion: 'SEC 5.21',
  dependsOn: [],
  ops: draftAmendments(base, SECMP0061_DRAFTING),
};
const target = consolidate(base, [], [secmp0061], 'SEC 5.22').version as CodeVersion;
const decided = new Date('2026-02-26T09:30:00Z');
const docx = await wordRedline(base, target, {
  title: 'SECMP0061: redline against SEC 5.21',
  authors: authorsOf([secmp0061]),
  defaultAuthor: 'SECAS',
  date: decided,
});
const documentXml = (await (
  await JSZip.loadAsync(docx)
)
  .file('word/document.xml')
  ?.async('string')) as string;
const text = (tree: Provision) => JSON.stringify(plainTree(tree));

describe('issue 14: the Word redline (legal-text.md §9 check 13)', () => {
  it('check 13: word/document.xml has w:ins and w:del with w:delText by SECMP0061, dated the decision, and no w:numPr', () => {
    expect(documentXml).toMatch(/<w:ins [^>]*w:author="SECMP0061"/);
    expect(documentXml).toMatch(/<w:del [^>]*w:author="SECMP0061"/);
    expect(documentXml).toContain('<w:delText');
    expect(documentXml).toContain('w:date="2026-02-26T09:30:00Z"');
    expect(documentXml).not.toMatch(/w:author="(?!SECMP0061")/);
    expect(documentXml).not.toContain('w:numPr');
  });

  it('shows a renumbered clause with its literal label tracked: D10.[-10-][+12+], and the rename [-Panel-][+SEC+]', async () => {
    const paragraphs = await readWordParagraphs(docx);
    const d1012 = paragraphs.find((p) =>
      p.segments
        .map((s) => s.text)
        .join('')
        .startsWith('D10.1012 '),
    );
    expect(d1012?.segments.slice(0, 3)).toEqual([
      { type: 'same', text: 'D10.' },
      { type: 'del', text: '10' },
      { type: 'ins', text: '12' },
    ]);
    const policy = paragraphs.find((p) => p.segments[0]?.text === 'Panel');
    expect(policy?.segments.slice(0, 2)).toEqual([
      { type: 'del', text: 'Panel' },
      { type: 'ins', text: 'SEC' },
    ]);
  });

  it('marks a wholly inserted clause’s paragraph mark as inserted, so rejecting the change leaves no empty paragraph', () => {
    const d1010 = /<w:p>(?:(?!<\/w:p>).)*D10\.10<(?:(?!<\/w:p>).)*<\/w:p>/s.exec(
      documentXml.replace(/<w:p>(?=<w:pPr><w:pStyle w:val="Heading)/g, '<w:p >'),
    );
    expect(d1010?.[0]).toMatch(/<w:pPr><w:rPr><w:ins [^>]*w:author="SECMP0061"/);
  });

  it('shows every part with a change whole but only the A1.1 definitions that change; scope “changes” shows only the changes', () => {
    const parts = redlineLines(base, target);
    const d10 = parts.filter((l) => l.kind === 'clause').map((l) => l.provision.id);
    expect(d10.length).toBeGreaterThanOrEqual(21); // A1.1, D6.8 and D10.1–D10.20 (old D10.10–13 too)
    const d101 = parts.find((l) => l.segments[0]?.text === 'D10.1');
    expect(d101?.change).toBe('same');
    const changes = redlineLines(base, target, 'changes');
    expect(changes.filter((l) => l.kind === 'clause' && l.change === 'same').length).toBeLessThan(
      parts.filter((l) => l.kind === 'clause' && l.change === 'same').length,
    );
    expect(changes.some((l) => l.change === 'inserted' && l.kind === 'definition')).toBe(true);
  });
});

describe('issue 14: the Word import', () => {
  it('round trip: the Word redline read back as amendments consolidates to SEC 5.22’s text', async () => {
    const read = amendmentsFromWordRedline(base, await readWordParagraphs(docx), newId);
    expect(read.unclassified).toEqual([]);
    expect(read.trackedChanges).toBeGreaterThan(50);
    expect(read.ops.map((o) => o.op)).toEqual(expect.arrayContaining(['insert', 'delete']));
    expect(read.ops.map((o) => o.op)).toContain('editText');
    expect(read.ops.map((o) => o.op)).toContain('renameTerm');
    const again = consolidate(base, [], [{ ...secmp0061, ops: read.ops }], 'SEC 5.22')
      .version as CodeVersion;
    expect(text(again.root)).toBe(text(target.root));
  });

  it('a Word document becomes a version with its tracked changes accepted', async () => {
    const imported = await importWordVersion(docx, newId);
    expect(imported.unclassified).toEqual([]);
    expect(imported.trackedChanges).toBeGreaterThan(50);
    expect(text(imported.root)).toBe(text(target.root));
  });

  it('reports, never guesses: a redline drafted against other words names the provision and yields no operations', async () => {
    const other = cloneTree(base.root);
    const d10 = other.children.find((p) => p.label === 'D10') as Provision;
    const d109 = d10.children.find((c) => c.label === '9') as Provision;
    d109.text = 'The Panel shall publish the policy.';
    const read = amendmentsFromWordRedline(
      { ...base, root: other },
      await readWordParagraphs(docx),
      newId,
    );
    expect(read.ops).toEqual([]);
    expect(read.unclassified).toHaveLength(1);
    expect(read.unclassified[0]?.reason).toMatch(/^9 does not read as it does in SEC 5\.21/);
    expect(read.unclassified[0]?.text).toMatch(/^D10\.9 The Panel shall make/);
  });

  it('reports a paragraph that is no provision of the base, and one it cannot classify, by paragraph number', () => {
    const para = (t: string, type: 'same' | 'ins' = 'same'): WordParagraph => ({
      segments: [{ type, text: t }],
      mark: type,
    });
    const read = amendmentsFromWordRedline(
      base,
      [
        { ...para('Legal text'), style: 'Title' },
        para('D10 IMPLEMENTATION'),
        para('D10.30 A clause SEC 5.21 never had.'),
        para('Some words out of place.'),
      ],
      newId,
    );
    expect(read.ops).toEqual([]);
    expect(read.unclassified.map((u) => [u.line, u.reason])).toEqual([
      [3, '30 is not in SEC 5.21 as it stood'],
      [4, 'not a numbered provision, a definition or a crossheading'],
    ]);
  });

  it('reads Word’s own markup: insertions and deletions in hyperlinks and moves, tabs, and a deleted paragraph mark joining the next paragraph', async () => {
    const zip = new JSZip();
    const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    zip.file(
      'word/document.xml',
      `<?xml version="1.0"?><w:document ${w}><w:body>
<w:p><w:r><w:t>D10.9 The </w:t></w:r><w:del w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>Panel</w:delText></w:r></w:del><w:ins w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t>SEC Panel</w:t></w:r></w:ins><w:hyperlink><w:r><w:t xml:space="preserve"> shall</w:t></w:r></w:hyperlink><w:moveFrom><w:r><w:t> not</w:t></w:r></w:moveFrom><w:r><w:tab/><w:t>act</w:t></w:r></w:p>
<w:p><w:pPr><w:rPr><w:del w:id="3" w:author="A" w:date="2026-01-01T00:00:00Z"/></w:rPr></w:pPr><w:r><w:t>first half, </w:t></w:r></w:p>
<w:p><w:r><w:t>second half.</w:t></w:r></w:p>
</w:body></w:document>`,
    );
    const paragraphs = await readWordParagraphs(await zip.generateAsync({ type: 'nodebuffer' }));
    expect(readingOf(paragraphs, 'old').map((l) => l.text)).toEqual([
      'D10.9 The Panel shall not\tact',
      'first half,',
      'second half.',
    ]);
    expect(readingOf(paragraphs, 'new')).toEqual([
      { text: 'D10.9 The SEC Panel shall\tact', paragraph: 0 },
      { text: 'first half, second half.', paragraph: 2 },
    ]);
  });

  it('refuses a file that is not a Word document', async () => {
    await expect(readWordParagraphs(Buffer.from('not a zip'))).rejects.toBeInstanceOf(
      WordReadError,
    );
  });
});
