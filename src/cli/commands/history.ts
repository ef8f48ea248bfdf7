import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { AppContext } from '../../app-context.ts';
import { findUserByEmail, loadPrincipal } from '../../modules/identity/identity.store.ts';
import type { Principal } from '../../modules/identity/identity.ts';
import { recordHistory, reviewHistory } from '../../modules/history/history.actions.ts';
import {
  fileRecords,
  formatOfName,
  type FileRecord,
  type HistoryFileFormat,
} from '../../modules/history/history-file.ts';
import {
  readHistoryRecord,
  type HistoryProblem,
  type HistoryRecord,
} from '../../modules/history/history.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import {
  EXIT_BAD_INPUT,
  EXIT_OK,
  badInput,
  printLine,
  printNote,
  type CliIo,
  type CliRun,
} from '../cli-io.ts';

interface ImportFlags extends DatabaseFlags {
  as: string;
  format?: string;
}

/** Files longer than this show their progress on standard error. */
const PROGRESS_FROM = 200;

function printProblems(io: CliIo, where: readonly string[], problems: readonly HistoryProblem[]) {
  for (const p of problems)
    printNote(io, `${where[p.index] ?? `record ${String(p.index + 1)}`}: ${p.field}: ${p.message}`);
  printNote(io, `nothing imported: ${String(problems.length)} problem(s) in the file`);
}

/**
 * Ruling 13: imports a past register (CSV or JSON text) as history. The whole file is checked
 * first, each problem printed with its line, and nothing is imported (exit 2) if there is one;
 * then every record is recorded in one transaction. Returns the exit code.
 */
export async function importHistoryFile(
  ctx: AppContext,
  io: CliIo,
  principal: Principal,
  text: string,
  format: HistoryFileFormat,
): Promise<number> {
  let file: FileRecord[];
  try {
    file = fileRecords(text, format);
  } catch (error) {
    printNote(io, `nothing imported: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_BAD_INPUT;
  }
  const where = file.map((r) => r.where);
  const records: HistoryRecord[] = [];
  const problems: HistoryProblem[] = [];
  file.forEach(({ raw }, index) => {
    const read = readHistoryRecord(raw);
    problems.push(...read.problems.map((p) => ({ index, ...p })));
    if (read.record) records.push(read.record);
  });
  if (problems.length === 0)
    problems.push(...(await reviewHistory(ctx, principal, records)).problems);
  if (problems.length > 0) {
    printProblems(io, where, problems);
    return EXIT_BAD_INPUT;
  }
  if (records.length === 0) {
    printNote(io, 'nothing imported: the file holds no records');
    return EXIT_OK;
  }
  const progress =
    records.length >= PROGRESS_FROM
      ? (done: number, total: number) => {
          printNote(io, `recorded ${String(done)} of ${String(total)}`);
        }
      : undefined;
  const outcome = await recordHistory(ctx, principal, records, progress);
  for (const entry of outcome.recorded)
    printLine(io, `recorded  ${entry.type.padEnd(12)}  ${entry.key}`);
  for (const entry of outcome.alreadyRecorded)
    printNote(io, `skipped ${entry.type} ${entry.key}: already recorded as history`);
  printLine(
    io,
    outcome.recorded.length === 0
      ? `nothing new: all ${String(records.length)} record(s) are already recorded as history`
      : `${String(outcome.recorded.length)} record(s) recorded as held outside secrel (before the cut-over, ${outcome.cutOver}); ${String(outcome.alreadyRecorded.length)} already recorded`,
  );
  return EXIT_OK;
}

/** `secrel history import <file> [--format csv|json] --as <e-mail>`: ruling 13. */
export function registerHistoryCommands(program: Command, run: CliRun): void {
  const history = program
    .command('history')
    .description('the past register, recorded from before the cut-over (held outside secrel)');

  withDatabaseOptions(
    history
      .command('import')
      .description(
        'import modifications, decisions, releases and RID approvals dated before the cut-over, each with its published source (README: "Importing history")',
      )
      .argument('<file>', 'a CSV or JSON file of records (see examples/history/)')
      .option('--format <format>', 'csv or json (default: from the file name)')
      .requiredOption('--as <email>', 'the Code Administrator the import is recorded against'),
  ).action(async (file: string, flags: ImportFlags) => {
    const format = flags.format ?? formatOfName(file);
    if (format !== 'csv' && format !== 'json')
      throw badInput('give --format csv or --format json (the file name does not say)');
    const target = path.resolve(run.io.cwd, file);
    let text: string;
    try {
      text = fs.readFileSync(target, 'utf8');
    } catch {
      throw badInput(`cannot read ${file}`);
    }
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ ctx }) => {
      const user = await findUserByEmail(ctx.db, flags.as);
      if (!user) throw badInput(`no user with e-mail ${flags.as}`);
      const principal = await loadPrincipal(ctx.db, user.id, 'token', null);
      if (!principal) throw badInput(`the account ${flags.as} is disabled`);
      run.exitCode = await importHistoryFile(ctx, run.io, principal, text, format);
    });
  });
}
