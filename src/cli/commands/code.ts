import fs from 'node:fs';
import type { Command } from 'commander';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { checkVersion } from '../../modules/code-text/code-checks.ts';
import { entryHtml, redline } from '../../modules/code-text/code-redline.ts';
import {
  consolidateRelease,
  importCodeVersion,
} from '../../modules/code-text/code-text.actions.ts';
import {
  amendmentsOfRelease,
  latestConsolidation,
  loadVersion,
  versionByName,
  versionMeta,
} from '../../modules/code-text/code-text.store.ts';
import { readingOf, readWordParagraphs } from '../../modules/code-text/code-word-import.ts';
import { authorsOf, wordRedline } from '../../modules/code-text/code-word-redline.ts';
import { A1_TERMS_NOT_LOADED } from '../../modules/code-text/secmp0061-text.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { printLine, type CliRun } from '../cli-io.ts';

/**
 * `secrel code import|check|consolidate|redline` (issue 14, D10.1): the Code as data from the
 * command line — the same use cases and checks as the API.
 */
export function registerCodeCommands(program: Command, run: CliRun): void {
  const code = program
    .command('code')
    .description('the Code as data: versions, checks, consolidation, redlines (D10.1)');

  withDatabaseOptions(
    code
      .command('import <file>')
      .description(
        'import a version of the Code from plain text (one provision a line) or Word (changes accepted)',
      )
      .requiredOption('--name <name>', 'the version’s name, e.g. "SEC 5.21"')
      .option('--format <format>', 'text or docx', 'text')
      .option(
        '--scope <prefixes>',
        'label prefixes loaded in full, comma-separated (e.g. A1.1,D6.8,D10)',
      )
      .option('--live', 'make it the live version'),
  ).action(
    async (
      file: string,
      flags: DatabaseFlags & { name: string; scope?: string; live?: boolean; format: string },
    ) => {
      if (flags.format !== 'text' && flags.format !== 'docx')
        throw new Error('--format must be text or docx');
      const text =
        flags.format === 'docx'
          ? readingOf(await readWordParagraphs(fs.readFileSync(file)), 'new')
              .map((l) => l.text)
              .join('\n')
          : fs.readFileSync(file, 'utf8');
      const config = cliConfig(run.io, databaseSettings(flags));
      await withCliDatabase(run.io, config, { mode: 'create' }, async ({ ctx }) => {
        const meta = await importCodeVersion(
          ctx,
          null,
          {
            name: flags.name,
            text,
            scope: flags.scope?.split(','),
            live: flags.live,
          },
          undefined,
          SYSTEM_ACTOR,
        );
        printLine(run.io, `imported ${meta.name}${meta.live ? ' (live)' : ''}`);
      });
    },
  );

  withDatabaseOptions(
    code.command('check <version>').description('check a version: references, labels, terms'),
  ).action(async (name: string, flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, async ({ ctx }) => {
      const meta = await versionByName(ctx.db, name);
      if (!meta) throw new Error(`There is no version called ${name}`);
      const parent = meta.parentId ? await versionMeta(ctx.db, meta.parentId) : undefined;
      const findings = checkVersion({
        version: await loadVersion(ctx.db, meta),
        ...(parent ? { previous: await loadVersion(ctx.db, parent) } : {}),
        externalTerms: A1_TERMS_NOT_LOADED,
      });
      for (const f of findings)
        printLine(
          run.io,
          `${f.severity}\t${f.where}\t${f.message}${f.suggestion ? `\tsuggest: ${f.suggestion}` : ''}`,
        );
      printLine(run.io, `${findings.length} finding(s)`);
    });
  });

  withDatabaseOptions(
    code
      .command('consolidate <release>')
      .description('consolidate a release’s legal text against the live version (a preview)'),
  ).action(async (release: string, flags: DatabaseFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, async ({ ctx }) => {
      const done = await consolidateRelease(ctx, null, Number(release), SYSTEM_ACTOR);
      printLine(
        run.io,
        done.result.version
          ? `consolidated onto ${done.base.name}: ${done.result.order.join(', ')}`
          : 'refused',
      );
      for (const l of done.result.labelMap) printLine(run.io, `renumbered\t${l.old} → ${l.new}`);
      for (const c of [...done.result.conflicts, ...done.result.merged])
        printLine(run.io, `${c.modifications.join(' and ')}\t${c.message}`);
      for (const m of done.result.missingDependencies)
        printLine(run.io, `missing\t${m.modification} depends on ${m.dependsOn}`);
      for (const f of done.findings) printLine(run.io, `${f.severity}\t${f.where}\t${f.message}`);
    });
  });

  withDatabaseOptions(
    code
      .command('redline <from> <to>')
      .description('the redline between two versions')
      .option('--format <format>', 'html or docx (Word with tracked changes)', 'html')
      .option('--output <file>', 'where to write the Word document (--format docx)'),
  ).action(
    async (
      from: string,
      to: string,
      flags: DatabaseFlags & { format: string; output?: string },
    ) => {
      if (flags.format !== 'html' && flags.format !== 'docx')
        throw new Error('--format must be html or docx');
      if (flags.format === 'docx' && !flags.output)
        throw new Error('--format docx needs --output <file>');
      const config = cliConfig(run.io, databaseSettings(flags));
      await withCliDatabase(run.io, config, { mode: 'create' }, async ({ ctx }) => {
        const [a, b] = await Promise.all([versionByName(ctx.db, from), versionByName(ctx.db, to)]);
        if (!a || !b) throw new Error(`There is no version called ${a ? to : from}`);
        const [before, after] = [await loadVersion(ctx.db, a), await loadVersion(ctx.db, b)];
        if (flags.format === 'docx' && flags.output) {
          const release = b.releaseId ? await latestConsolidation(ctx.db, b.releaseId) : undefined;
          const produced = release?.resultVersionId === b.id ? release : undefined;
          const mods =
            b.releaseId && produced ? await amendmentsOfRelease(ctx.db, b.releaseId) : [];
          fs.writeFileSync(
            flags.output,
            await wordRedline(before, after, {
              title: `Redline of ${b.name} against ${a.name}`,
              authors: authorsOf(mods),
              defaultAuthor: b.name,
              date: produced?.createdAt ?? b.createdAt,
            }),
          );
          printLine(run.io, `wrote ${flags.output}`);
          return;
        }
        const entries = redline(before, after);
        for (const e of entries) printLine(run.io, entryHtml(e));
      });
    },
  );
}
