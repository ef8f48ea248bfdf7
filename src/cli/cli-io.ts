import path from 'node:path';
import { ConfigError } from '../config.ts';
import { DatabaseInUseError } from '../db/database.ts';
import { MigrationError } from '../db/migrate.ts';
import { AppError, type ErrorCode } from '../errors.ts';

/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  /** Writes text to standard output as it is (add the newline yourself). */
  stdout(text: string): void;
  /** Writes text to standard error as it is. */
  stderr(text: string): void;
  env: Partial<Record<string, string | undefined>>;
  cwd: string;
  /**
   * Everything piped to standard input, or null when it is a terminal (or the caller has none).
   * Only commands that take a secret on standard input (`secrel init`) call it.
   */
  readStdin?(): Promise<string | null>;
}

/** What a command's action sees: where to write, and the exit code it may set. */
export interface CliRun {
  io: CliIo;
  exitCode: number;
}

/** The real process's streams, environment and working directory. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => {
      if (process.stdin.isTTY) return null;
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Exit codes: 0 done, 1 refused or failed, 2 bad input (as commander uses for usage errors). */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** An expected failure of a command: its message is shown without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A bad argument or option value: exit code 2. */
export function badInput(message: string): CliError {
  return new CliError(message, EXIT_BAD_INPUT);
}

const BAD_INPUT_CODES: readonly ErrorCode[] = [
  'validation_failed',
  'bad_request',
  'calendar_import_invalid',
];

/**
 * Turns an error thrown by a command into its message and exit code: expected errors
 * (CliError, AppError, ConfigError, MigrationError, DatabaseInUseError) get one clear line; anything else is a bug
 * and keeps its stack trace.
 */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof AppError) {
    const field = error.field === undefined ? '' : ` (${error.field})`;
    const exitCode = BAD_INPUT_CODES.includes(error.code) ? EXIT_BAD_INPUT : EXIT_FAILED;
    return { message: `${error.message}${field}`, exitCode };
  }
  if (error instanceof ConfigError) return { message: error.message, exitCode: EXIT_BAD_INPUT };
  if (error instanceof MigrationError) return { message: error.message, exitCode: EXIT_FAILED };
  if (error instanceof DatabaseInUseError) return { message: error.message, exitCode: EXIT_FAILED };
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `unexpected failure: ${detail}`, exitCode: EXIT_FAILED };
}

/** Writes one line to standard output. */
export function printLine(io: CliIo, line: string): void {
  io.stdout(`${line}\n`);
}

/** Writes one line to standard error (progress, warnings, errors). */
export function printNote(io: CliIo, line: string): void {
  io.stderr(`${line}\n`);
}

/** A path as the user would type it: `./data` inside the working directory, absolute outside. */
export function displayPath(io: CliIo, target: string): string {
  const relative = path.relative(io.cwd, target);
  if (relative === '') return '.';
  if (relative.startsWith('..') || path.isAbsolute(relative)) return target;
  return `./${relative.split(path.sep).join('/')}`;
}

/** Lays rows out as a plain-text table with a header row and aligned columns. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}
