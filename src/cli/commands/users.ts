import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { createUser } from '../../modules/identity/identity.actions.ts';
import { createApiToken } from '../../modules/identity/token.actions.ts';
import {
  ROLES,
  SUB_COMMITTEES,
  isRole,
  isSubCommittee,
  type Role,
} from '../../modules/identity/identity.ts';
import { findUserByEmail } from '../../modules/identity/identity.store.ts';
import {
  cliConfig,
  databaseSettings,
  withCliDatabase,
  withDatabaseOptions,
  type DatabaseFlags,
} from '../cli-database.ts';
import { CliError, badInput, printLine, printNote, type CliRun } from '../cli-io.ts';

interface CreateFlags extends DatabaseFlags {
  email: string;
  name: string;
  role: string;
  scope?: string;
  organisation?: string;
  password?: string;
}

interface TokenFlags extends DatabaseFlags {
  email: string;
  name: string;
}

async function organisationIdByName(db: Kysely<DB>, name: string): Promise<number> {
  const rows = await db.selectFrom('organisation').select(['id', 'name']).orderBy('name').execute();
  const match =
    rows.find((row) => row.name === name) ??
    rows.find((row) => row.name.toLowerCase() === name.trim().toLowerCase());
  if (!match) {
    const known = rows.map((row) => `"${row.name}"`).join(', ');
    throw badInput(
      `no organisation named "${name}"${known === '' ? ' (there are none yet)' : `; known: ${known}`}`,
    );
  }
  return match.id;
}

function checkRole(role: string, scope: string): Role {
  if (!isRole(role)) throw badInput(`--role must be one of ${ROLES.join(', ')}, not "${role}"`);
  if (role === 'sub_committee_member' && !isSubCommittee(scope)) {
    throw badInput(`a sub_committee_member needs --scope, one of ${SUB_COMMITTEES.join(', ')}`);
  }
  return role;
}

/** `secrel users create` and `secrel users token`. */
export function registerUsersCommands(program: Command, run: CliRun): void {
  const users = program.command('users').description('manage user accounts and API tokens');

  withDatabaseOptions(
    users
      .command('create')
      .description('create a user with one role (audited as the system)')
      .requiredOption('--email <email>', 'e-mail address (the sign-in name)')
      .requiredOption('--name <name>', 'full name')
      .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
      .option(
        '--scope <scope>',
        `the body of a sub_committee_member (${SUB_COMMITTEES.join(', ')})`,
      )
      .option('--organisation <name>', 'the organisation, by its exact name')
      .option(
        '--password <password>',
        'sign-in password (prefer env SECREL_PASSWORD; with neither, the account uses tokens only)',
      ),
  ).action(async (flags: CreateFlags) => {
    const scope = flags.scope ?? '';
    const role = checkRole(flags.role, scope);
    const password = flags.password ?? run.io.env['SECREL_PASSWORD'] ?? null;
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'create' }, async ({ ctx }) => {
      const organisationId =
        flags.organisation === undefined
          ? null
          : await organisationIdByName(ctx.db, flags.organisation);
      const id = await createUser(
        ctx,
        null,
        {
          email: flags.email,
          name: flags.name,
          password,
          organisationId,
          roles: [{ role, scope }],
        },
        SYSTEM_ACTOR,
      );
      printLine(run.io, `created user ${id}: ${flags.name} <${flags.email}> as ${role}`);
      if (password === null) {
        printNote(
          run.io,
          `no password set: this account signs in with API tokens only ("secrel users token --email ${flags.email}")`,
        );
      }
    });
  });

  withDatabaseOptions(
    users
      .command('token')
      .description('issue an API token for a user and print it (shown once)')
      .requiredOption('--email <email>', 'the user’s e-mail address')
      .option('--name <name>', 'what the token is for', 'CLI'),
  ).action(async (flags: TokenFlags) => {
    const config = cliConfig(run.io, databaseSettings(flags));
    await withCliDatabase(run.io, config, { mode: 'existing' }, async ({ ctx }) => {
      const user = await findUserByEmail(ctx.db, flags.email);
      if (!user) throw badInput(`no user with e-mail ${flags.email}`);
      if (user.disabled_at !== null) throw new CliError(`the account ${flags.email} is disabled`);
      const { token } = await createApiToken(ctx, SYSTEM_ACTOR, user.id, flags.name);
      printLine(run.io, token);
      printNote(
        run.io,
        `token "${flags.name}" issued to ${user.email}: keep it secret, it is not shown again`,
      );
    });
  });
}
