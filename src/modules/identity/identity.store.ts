import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AppUserTable, DB, OrganisationTable } from '../../db/schema.ts';
import { isRole, type Principal, type RoleGrant } from './identity.ts';

export type UserRow = Selectable<AppUserTable>;
export type OrganisationRow = Selectable<OrganisationTable>;

/** A fresh secret for a session or token (256 bits) and the hash that is stored instead of it. */
export function newSecret(prefix: string): { secret: string; hash: string } {
  const secret = `${prefix}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export async function findUserByEmail(db: Kysely<DB>, email: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function findUser(db: Kysely<DB>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Builds the principal for an active user, or undefined if the user is missing or disabled. One
 * query (user, organisation and roles together): it runs on every signed-in request.
 */
export async function loadPrincipal(
  db: Kysely<DB>,
  userId: number,
  via: Principal['via'],
  sessionId: string | null,
): Promise<Principal | undefined> {
  const user = await db
    .selectFrom('app_user')
    .leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .select((eb) => [
      'app_user.id',
      'app_user.name',
      'app_user.email',
      'app_user.disabled_at',
      'app_user.organisation_id',
      'organisation.name as organisation_name',
      'organisation.kind as organisation_kind',
      jsonArrayFrom(
        eb
          .selectFrom('user_role')
          .select(['user_role.role', 'user_role.scope'])
          .whereRef('user_role.user_id', '=', 'app_user.id')
          .orderBy('user_role.role'),
      ).as('roles'),
    ])
    .where('app_user.id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled_at !== null) return undefined;
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    organisationId: user.organisation_id,
    organisationName: user.organisation_name,
    organisationKind: user.organisation_kind,
    roles: user.roles.flatMap((row) =>
      isRole(row.role) ? [{ role: row.role, scope: row.scope }] : [],
    ),
    via,
    sessionId,
  };
}

export async function listOrganisations(db: Kysely<DB>): Promise<OrganisationRow[]> {
  return db.selectFrom('organisation').selectAll().orderBy('kind').orderBy('name').execute();
}

export async function listUsers(
  db: Kysely<DB>,
): Promise<(UserRow & { organisation_name: string | null; roles: RoleGrant[] })[]> {
  const users = await db
    .selectFrom('app_user')
    .leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .selectAll('app_user')
    .select('organisation.name as organisation_name')
    .orderBy('app_user.name')
    .execute();
  const roles = await db.selectFrom('user_role').select(['user_id', 'role', 'scope']).execute();
  return users.map((user) => ({
    ...user,
    roles: roles.flatMap((row) =>
      row.user_id === user.id && isRole(row.role) ? [{ role: row.role, scope: row.scope }] : [],
    ),
  }));
}
