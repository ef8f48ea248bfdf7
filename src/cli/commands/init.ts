import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { AppContext } from '../../app-context.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { todayOf } from '../../calendar/deadline.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { loadCatalogueOnFirstStart } from '../../modules/catalogue/catalogue.actions.ts';
import { createUser } from '../../modules/identity/identity.actions.ts';
import { checkEmail, checkPassword } from '../../modules/identity/identity.ts';
import { findUserByEmail, listUsers } from '../../modules/identity/identity.store.ts';
import { setCutOver } from '../../modules/installation/installation.actions.ts';
import { cutOverAfterTodayRefusal } from '../../modules/installation/installation.ts';
import { cutOverOf, isCutOverChosen } from '../../modules/installation/installation.queries.ts';
import {
  cliConfig,
  databaseSettings,
  openCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { CliError, badInput, printLine, printNote, type CliIo, type CliRun } from '../cli-io.ts';

interface InitFlags extends DatabaseFlags {
  adminEmail: string;
  adminName: string;
  cutOver?: string;
}

/** A strong password for the first administrator: 144 random bits, 24 URL-safe characters. */
function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The password piped to standard input (its last line ending dropped), or null for none. */
async function pipedPassword(io: CliIo): Promise<string | null> {
  const text = (await io.readStdin?.()) ?? null;
  if (text === null) return null;
  const password = text.replace(/\r?\n$/, '');
  return password === '' ? null : password;
}

/**
 * What init would leave as it is, checked before it changes anything, so a conflicting second
 * run fails whole rather than half-way.
 */
async function checkExisting(ctx: AppContext, flags: InitFlags): Promise<void> {
  const user = await findUserByEmail(ctx.db, flags.adminEmail);
  if (user) {
    const admins = (await listUsers(ctx.db)).filter((u) =>
      u.roles.some((grant) => grant.role === 'code_administrator'),
    );
    if (!admins.some((admin) => admin.id === user.id)) {
      throw new CliError(
        `${flags.adminEmail} already has an account that is not a Code Administrator (SECAS): choose another --admin-email`,
      );
    }
  }
  if (flags.cutOver !== undefined && (await isCutOverChosen(ctx.db))) {
    const current = await cutOverOf(ctx.db);
    if (current !== flags.cutOver) {
      throw new CliError(
        `the cut-over date is already ${current}; init does not move it: use "secrel cut-over set ${flags.cutOver}"`,
      );
    }
  }
}

/** Ruling 13: the cut-over, chosen once; later runs leave it. Returns true if set now. */
async function initCutOver(io: CliIo, ctx: AppContext, flags: InitFlags): Promise<boolean> {
  if (await isCutOverChosen(ctx.db)) {
    printNote(io, `cut-over date: ${await cutOverOf(ctx.db)} (already set; unchanged)`);
    return false;
  }
  const date = flags.cutOver ?? todayOf(ctx.now());
  await setCutOver(ctx, SYSTEM_ACTOR, date);
  printLine(io, `cut-over date set to ${date}: acts before it are recorded as history`);
  return true;
}

/** The active Code Administrators (SECAS). */
async function administrators(ctx: AppContext): Promise<string[]> {
  return (await listUsers(ctx.db))
    .filter(
      (user) => !user.disabled && user.roles.some((grant) => grant.role === 'code_administrator'),
    )
    .map((user) => user.email);
}

/**
 * The first administrator's password when one is to be created (piped, or null to generate),
 * read and checked before init changes anything; undefined when there is one already.
 */
async function adminPassword(io: CliIo, ctx: AppContext): Promise<string | null | undefined> {
  if ((await administrators(ctx)).length > 0) return undefined;
  const piped = await pipedPassword(io);
  const problem = piped === null ? null : checkPassword(piped);
  if (problem !== null) throw badInput(`the password on standard input: ${problem}`);
  return piped;
}

/** The first Code Administrator (SECAS); none is created once one exists. */
async function initAdministrator(
  io: CliIo,
  ctx: AppContext,
  flags: InitFlags,
  piped: string | null | undefined,
): Promise<boolean> {
  if (piped === undefined) {
    const emails = (await administrators(ctx)).join(', ');
    printNote(io, `administrator: ${emails} (already there; unchanged)`);
    return false;
  }
  const password = piped ?? generatePassword();
  await createUser(
    ctx,
    null,
    {
      email: flags.adminEmail,
      name: flags.adminName,
      password,
      organisationId: null,
      roles: [{ role: 'code_administrator', scope: '' }],
    },
    SYSTEM_ACTOR,
  );
  printLine(io, `created the administrator ${flags.adminName} <${flags.adminEmail}>`);
  if (piped === null) {
    printLine(io, `password: ${password}`);
    printNote(io, 'the password is shown once: keep it safe, or change it after signing in');
  }
  return true;
}

/** A-TCS, D6.8(f)–(i): the SEC's documents, loaded into an empty catalogue only. */
async function initCatalogue(io: CliIo, ctx: AppContext): Promise<boolean> {
  const load = await loadCatalogueOnFirstStart(ctx);
  if (load === null) {
    printNote(io, 'SEC document catalogue: already holds documents (unchanged)');
    return false;
  }
  printLine(io, `loaded the SEC document catalogue: ${load.added.length} documents`);
  return true;
}

/**
 * `secrel init`: makes an empty database ready for production — migrations, the cut-over date
 * (ruling 13), the first SECAS administrator and the SEC document catalogue — through the same
 * use cases as `secrel migrate`, `cut-over set`, `users create` and `catalogue load`. Each step
 * is skipped when already done, so a second run changes nothing and says so.
 */
export function registerInitCommand(program: Command, run: CliRun): void {
  withDatabaseOptions(
    program
      .command('init')
      .description(
        'prepare a new installation: migrate, set the cut-over date, create the first administrator, load the SEC catalogue (safe to run again)',
      )
      .requiredOption('--admin-email <email>', 'e-mail address of the first administrator (SECAS)')
      .option('--admin-name <name>', 'full name of the first administrator', 'SECAS administrator')
      .option(
        '--cut-over <date>',
        'ruling 13: the first day acts happen live in secrel (YYYY-MM-DD, today or earlier; default today)',
      )
      .addHelpText(
        'after',
        '\nThe administrator\'s password is read from standard input when one is piped (echo "$PASSWORD" | secrel init ...); otherwise a strong one is generated and printed once.',
      ),
  ).action(async (flags: InitFlags) => {
    const emailProblem = checkEmail(flags.adminEmail);
    if (emailProblem) throw badInput(`--admin-email: ${emailProblem}`);
    if (flags.cutOver !== undefined && !isIsoDate(flags.cutOver)) {
      throw badInput(
        `--cut-over must be a date (YYYY-MM-DD), not ${JSON.stringify(flags.cutOver)}`,
      );
    }
    // Ruling 13: checked before init changes anything (setCutOver refuses it too).
    const afterToday =
      flags.cutOver === undefined
        ? null
        : cutOverAfterTodayRefusal(flags.cutOver, todayOf(new Date()));
    if (afterToday !== null) throw new CliError(`--cut-over: ${afterToday}`);
    const config = cliConfig(run.io, databaseSettings(flags));
    const { database, ctx, applied } = await openCliDatabase(run.io, config, { mode: 'create' });
    try {
      for (const result of applied) printNote(run.io, `applied migration ${result.migrationName}`);
      if (applied.length === 0) printNote(run.io, 'database: up to date (unchanged)');
      await checkExisting(ctx, flags);
      const piped = await adminPassword(run.io, ctx);
      const changed = [
        await initCutOver(run.io, ctx, flags),
        await initAdministrator(run.io, ctx, flags, piped),
        await initCatalogue(run.io, ctx),
      ];
      if (applied.length === 0 && !changed.includes(true)) {
        printLine(run.io, 'already initialised: nothing changed');
      } else {
        printLine(
          run.io,
          `initialised: start "secrel serve" and sign in at ${config.publicUrl} as an administrator`,
        );
      }
    } finally {
      await database.close();
    }
  });
}
