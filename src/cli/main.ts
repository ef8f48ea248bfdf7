import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerAuditCommands } from './commands/audit.ts';
import { registerCalendarCommands } from './commands/calendar.ts';
import { registerCatalogueCommands } from './commands/catalogue.ts';
import { registerCodeCommands } from './commands/code.ts';
import { registerCutOverCommands } from './commands/cut-over.ts';
import { registerRecordWindowCommands } from './commands/record-window.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerExportImportCommands } from './commands/export-import.ts';
import { registerHistoryCommands } from './commands/history.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerReleasesCommands } from './commands/releases.ts';
import { registerUsersCommands } from './commands/users.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import {
  EXIT_BAD_INPUT,
  EXIT_OK,
  describeFailure,
  printNote,
  processIo,
  type CliIo,
  type CliRun,
} from './cli-io.ts';

/** The `secrel` program with every command; each command file registers its own. */
export function buildProgram(run: CliRun): Command {
  const program = new Command('secrel')
    .description('SEC Release Management: the Smart Energy Code release process')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        run.io.stdout(text);
      },
      writeErr: (text) => {
        run.io.stderr(text);
      },
    })
    .showHelpAfterError('(run "secrel help <command>" for its usage)');
  // Subcommands made with .command() copy the settings above, so they exit the same way.
  registerServeCommand(program, run);
  registerWorkerCommand(program, run);
  registerInitCommand(program, run);
  registerMigrateCommand(program, run);
  registerDemoCommand(program, run);
  registerUsersCommands(program, run);
  registerCalendarCommands(program, run);
  registerAuditCommands(program, run);
  registerCutOverCommands(program, run);
  registerRecordWindowCommands(program, run);
  registerCatalogueCommands(program, run);
  registerCodeCommands(program, run);
  registerExportImportCommands(program, run);
  registerReleasesCommands(program, run);
  registerHistoryCommands(program, run);
  return program;
}

/**
 * Runs the CLI on `argv` (as `process.argv`: node, script, then arguments) and resolves with
 * the exit code: 0 done, 1 refused or failed, 2 bad input. Expected errors print one line on
 * standard error, never a stack trace.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const run: CliRun = { io, exitCode: EXIT_OK };
  const program = buildProgram(run);
  try {
    await program.parseAsync(argv, { from: 'node' });
    return run.exitCode;
  } catch (error) {
    // Commander has already printed its own message (usage errors, help, version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    const failure = describeFailure(error);
    printNote(io, `error: ${failure.message}`);
    return failure.exitCode;
  }
}

/**
 * Ends the process with `code` once output is flushed. Should anything still hold the event loop
 * open (a socket that did not close), a last-resort timer ends it anyway.
 */
export function exitWith(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  exitWith(await main(process.argv));
}
