/**
 * Issue 14's budgets for the Code as data, measured on a synthetic Code (code-synthetic.ts), in
 * this process and on the CPU alone (no database, no server):
 * - consolidating a release of 40 modifications into a Code of 10,000 clauses and checking the
 *   result within 20 times a JSON round trip of the same tree;
 * - the HTML redline of 500 changed provisions within 1 s (as `secrel code redline --format
 *   html` prints it, and as the redline page's macro renders it);
 * - the Word redline (tracked changes) of the same within 5 s.
 * Each figure is the median of several runs after one unmeasured run.
 */
import { checkVersion } from '../../src/modules/code-text/code-checks.ts';
import { consolidate } from '../../src/modules/code-text/code-consolidate.ts';
import { entryHtml, redline } from '../../src/modules/code-text/code-redline.ts';
import { redlineView } from '../../src/modules/code-text/code-text-pages.present.ts';
import { indexVersion, type CodeVersion } from '../../src/modules/code-text/code-tree.ts';
import { authorsOf, wordRedline } from '../../src/modules/code-text/code-word-redline.ts';
import { createViewEnvironment } from '../../src/web/views.ts';
import { SYNTHETIC_CODE, syntheticCode, syntheticRelease } from './code-synthetic.ts';
import { table, type Check } from './report.ts';

export const CODE_TARGETS = {
  /** Consolidate and check, over a JSON round trip of the same tree. */
  consolidateFactor: 20,
  modifications: 40,
  /** Provisions the consolidated release changes (each modification about ten). */
  consolidateChanges: 400,
  redlineChanges: 500,
  htmlRedlineMs: 1000,
  wordRedlineMs: 5000,
} as const;

const SEED = 14;

export interface CodeBudgetFacts {
  clauses: number;
  provisions: number;
  jsonBytes: number;
  jsonRoundTripMs: number;
  consolidateMs: number;
  checkMs: number;
  findings: number;
  redlineEntries: number;
  htmlCliMs: number;
  htmlPageMs: number;
  htmlBytes: number;
  wordMs: number;
  wordBytes: number;
}

export interface CodeBudgetReport {
  facts: CodeBudgetFacts;
  checks: Check[];
  pass: boolean;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** The median duration of `runs` runs of `work`, after one unmeasured run. */
async function timed<T>(
  runs: number,
  work: () => T | Promise<T>,
): Promise<{ ms: number; result: T }> {
  let result = await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    result = await work();
    times.push(performance.now() - began);
  }
  return { ms: median(times), result };
}

const fixed = (ms: number): string => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

/** Measures the Code budgets; `progress` hears each figure as it is measured. */
export async function measureCodeBudgets(
  progress: (message: string) => void,
): Promise<CodeBudgetReport> {
  const base = syntheticCode(SEED);
  const index = indexVersion(base.root);
  const clauses = [...index.values()].filter((l) => l.provision.kind === 'clause').length - 1;
  progress(
    `[code] synthetic Code: ${clauses.toLocaleString('en-GB')} clauses, ${index.size.toLocaleString('en-GB')} provisions`,
  );

  const jsonBytes = JSON.stringify(base.root).length;
  const json = await timed(15, () => JSON.parse(JSON.stringify(base.root)) as unknown);
  progress(`[code] JSON round trip (${(jsonBytes / 1e6).toFixed(1)} MB): ${fixed(json.ms)}`);

  const release = syntheticRelease(
    base,
    SEED + 1,
    CODE_TARGETS.modifications,
    CODE_TARGETS.consolidateChanges,
  );
  const consolidated = await timed(5, () => {
    const began = performance.now();
    const result = consolidate(base, [], release, 'SEC 9.1 (synthetic)');
    const consolidateMs = performance.now() - began;
    if (!result.version) {
      throw new Error(
        `the synthetic release did not consolidate: ${result.conflicts.map((c) => c.message).join(' ')}`,
      );
    }
    const findings = checkVersion({ version: result.version, previous: base });
    return { consolidateMs, checkMs: performance.now() - began - consolidateMs, findings };
  });
  progress(
    `[code] consolidate ${CODE_TARGETS.modifications} modifications (${CODE_TARGETS.consolidateChanges} changes) and check: ${fixed(consolidated.ms)} (consolidate ${fixed(consolidated.result.consolidateMs)}, check ${fixed(consolidated.result.checkMs)}, ${consolidated.result.findings.length} findings)`,
  );

  const changed = syntheticRelease(
    base,
    SEED + 2,
    CODE_TARGETS.modifications,
    CODE_TARGETS.redlineChanges,
    false,
  );
  const next = consolidate(base, [], changed, 'SEC 9.2 (synthetic)').version as CodeVersion;
  const cli = await timed(5, () =>
    redline(base, next)
      .map((e) => entryHtml(e))
      .join('\n'),
  );
  const entries = redline(base, next).length;
  if (entries !== CODE_TARGETS.redlineChanges) {
    throw new Error(
      `the redline has ${entries} entries where the release changed ${CODE_TARGETS.redlineChanges} provisions`,
    );
  }
  progress(
    `[code] HTML redline (${entries} entries, as the command line prints it): ${fixed(cli.ms)}`,
  );
  const env = createViewEnvironment();
  const template = '{% from "code-macros.njk" import codeRedline %}{{ codeRedline(entries) }}';
  const page = await timed(5, () =>
    env.renderString(template, { entries: redlineView(base, next) }),
  );
  progress(`[code] HTML redline (as the redline page renders it): ${fixed(page.ms)}`);
  const word = await timed(3, () =>
    wordRedline(base, next, {
      title: 'Redline of SEC 9.2 (synthetic) against SEC 9.0 (synthetic)',
      authors: authorsOf(changed),
      defaultAuthor: 'SEC 9.2 (synthetic)',
      date: new Date('2026-11-05T00:00:00Z'),
    }),
  );
  progress(`[code] Word redline (${(word.result.length / 1e6).toFixed(1)} MB): ${fixed(word.ms)}`);

  const factor = consolidated.ms / json.ms;
  const htmlMs = Math.max(cli.ms, page.ms);
  const checks: Check[] = [
    {
      name: `Code: consolidate ${CODE_TARGETS.modifications} modifications into ${clauses.toLocaleString('en-GB')} clauses and check`,
      value: `${fixed(consolidated.ms)} = ×${factor.toFixed(1)} JSON round trip (${fixed(json.ms)})`,
      target: `< ×${CODE_TARGETS.consolidateFactor}`,
      pass: factor < CODE_TARGETS.consolidateFactor,
    },
    {
      name: `Code: HTML redline of ${CODE_TARGETS.redlineChanges} changed provisions (command line, page)`,
      value: `${fixed(cli.ms)}, ${fixed(page.ms)}`,
      target: `< ${CODE_TARGETS.htmlRedlineMs} ms`,
      pass: htmlMs < CODE_TARGETS.htmlRedlineMs,
    },
    {
      name: `Code: Word redline (tracked changes) of ${CODE_TARGETS.redlineChanges} changed provisions`,
      value: fixed(word.ms),
      target: `< ${CODE_TARGETS.wordRedlineMs} ms`,
      pass: word.ms < CODE_TARGETS.wordRedlineMs,
    },
  ];
  return {
    facts: {
      clauses,
      provisions: index.size,
      jsonBytes,
      jsonRoundTripMs: json.ms,
      consolidateMs: consolidated.result.consolidateMs,
      checkMs: consolidated.result.checkMs,
      findings: consolidated.result.findings.length,
      redlineEntries: entries,
      htmlCliMs: cli.ms,
      htmlPageMs: page.ms,
      htmlBytes: page.result.length,
      wordMs: word.ms,
      wordBytes: word.result.length,
    },
    checks,
    pass: checks.every((check) => check.pass),
  };
}

/** The Code budgets as the report prints them: a table of checks, then the figures. */
export function formatCodeReport(report: CodeBudgetReport): string {
  const f = report.facts;
  const checks = table(
    ['Code budget (issue 14)', 'value', 'target', 'result'],
    report.checks.map((check) => [
      check.name,
      check.value,
      check.target,
      check.pass ? 'PASS' : 'FAIL',
    ]),
    new Set(),
  );
  return [
    `The Code as data: a synthetic Code of ${f.clauses.toLocaleString('en-GB')} clauses (${f.provisions.toLocaleString('en-GB')} provisions, ${(f.jsonBytes / 1e6).toFixed(1)} MB of JSON), seed ${SEED}`,
    '',
    checks,
    '',
    `consolidate ${fixed(f.consolidateMs)}, check ${fixed(f.checkMs)} (${f.findings} findings); redline of ${f.redlineEntries} entries: page ${(f.htmlBytes / 1e6).toFixed(1)} MB, Word ${(f.wordBytes / 1e6).toFixed(1)} MB`,
    `Code budgets: ${report.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

export { SYNTHETIC_CODE };
