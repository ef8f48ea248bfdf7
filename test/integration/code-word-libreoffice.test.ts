/**
 * Issue 14 acceptance: the Word redline opens in LibreOffice (Debian's libreoffice-writer, run
 * headless) with its tracked changes intact — converted to PDF, and to flat ODF, where the
 * insertions and deletions are LibreOffice's own tracked changes by SECMP0061. Each run has its
 * own LibreOffice profile so parallel runs do not clash, and a time limit.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import {
  consolidate,
  type ModificationText,
} from '../../src/modules/code-text/code-consolidate.ts';
import { draftAmendments } from '../../src/modules/code-text/code-drafting.ts';
import { importPlainText } from '../../src/modules/code-text/code-import.ts';
import type { CodeVersion } from '../../src/modules/code-text/code-tree.ts';
import { authorsOf, wordRedline } from '../../src/modules/code-text/code-word-redline.ts';
import {
  SECMP0061_BEFORE,
  SECMP0061_DRAFTING,
  SECMP0061_SCOPE,
} from '../../src/modules/code-text/secmp0061-text.ts';

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-libreoffice-'));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function convert(file: string, to: string): Promise<string> {
  const profile = fs.mkdtempSync(path.join(dir, 'profile-'));
  await run(
    'soffice',
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--norestore',
      '--convert-to',
      to,
      '--outdir',
      dir,
      file,
    ],
    { timeout: 240_000 },
  );
  return path.join(dir, `${path.basename(file, '.docx')}.${to}`);
}

describe('issue 14: the Word redline in LibreOffice', () => {
  it('converts to PDF and keeps its tracked insertions and deletions by SECMP0061 (flat ODF)', async () => {
    let n = 0;
    const base: CodeVersion = {
      name: 'SEC 5.21',
      root: importPlainText(SECMP0061_BEFORE, { newId: () => `l${++n}` }).root,
      scope: SECMP0061_SCOPE,
    };
    const mod: ModificationText = {
      reference: 'SECMP0061',
      baseVersion: 'SEC 5.21',
      dependsOn: [],
      ops: draftAmendments(base, SECMP0061_DRAFTING),
    };
    const target = consolidate(base, [], [mod], 'SEC 5.22').version as CodeVersion;
    const file = path.join(dir, 'secmp0061-redline.docx');
    fs.writeFileSync(
      file,
      await wordRedline(base, target, {
        title: 'SECMP0061: redline against SEC 5.21',
        authors: authorsOf([mod]),
        defaultAuthor: 'SECAS',
        date: new Date('2026-02-26T00:00:00Z'),
      }),
    );

    const pdf = fs.readFileSync(await convert(file, 'pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);

    const fodt = fs.readFileSync(await convert(file, 'fodt'), 'utf8');
    expect(fodt).toContain('<text:tracked-changes');
    const regions = fodt.match(/<text:changed-region[\s\S]*?<\/text:changed-region>/g) ?? [];
    const insertions = regions.filter((r) => r.includes('<text:insertion>'));
    const deletions = regions.filter((r) => r.includes('<text:deletion>'));
    expect(insertions.length).toBeGreaterThan(20);
    expect(deletions.length).toBeGreaterThan(20);
    for (const r of regions) expect(r).toContain('<dc:creator>SECMP0061</dc:creator>');
    // Dated the decision, as Word recorded them.
    for (const r of regions) expect(r).toContain('<dc:date>2026-02-26');
  }, 600_000);
});
