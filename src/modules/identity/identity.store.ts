import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Db, Tx } from '../../app-context.ts';
import type { AppUserTable, DB, OrganisationTable } from '../../db/schema.ts';
import {
  isRole,
  type Organisation,
  type OrganisationKind,
  type PartyCategory,
  type Principal,
  type RoleGrant,
  type UserListing,
} from './identity.ts';

export type UserRow = Selectable<AppUserTable>;
type OrganisationRow = Selectable<OrganisationTable>;

function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    partyCategory: row.party_category,
    isUser: row.is_user,
  };
}

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

/** The organisations, by kind then name. */
export async function listOrganisations(db: Db): Promise<Organisation[]> {
  const rows = await db
    .selectFrom('organisation')
    .selectAll()
    .orderBy('kind')
    .orderBy('name')
    .execute();
  return rows.map(toOrganisation);
}

/** The users by name, with their organisation's name and their roles. */
export async function listUsers(db: Db): Promise<UserListing[]> {
  const users = await db
    .selectFrom('app_user')
    .leftJoin('organisation', 'organisation.id', 'app_user.organisation_id')
    .selectAll('app_user')
    .select('organisation.name as organisation_name')
    .orderBy('app_user.name')
    .execute();
  const roles = await db.selectFrom('user_role').select(['user_id', 'role', 'scope']).execute();
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    organisationId: user.organisation_id,
    organisationName: user.organisation_name,
    disabled: user.disabled_at !== null,
    roles: roles.flatMap((row) =>
      row.user_id === user.id && isRole(row.role) ? [{ role: row.role, scope: row.scope }] : [],
    ),
  }));
}

/** Whether an organisation already has this name (names are unique). */
export async function organisationNamed(db: Db, name: string): Promise<boolean> {
  const row = await db
    .selectFrom('organisation')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether an organisation with this id exists. */
export async function organisationExists(db: Db, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('organisation')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertOrganisation(
  trx: Tx,
  organisation: {
    name: string;
    kind: OrganisationKind;
    partyCategory: PartyCategory | null;
    isUser: boolean;
  },
  now: Date,
): Promise<Organisation> {
  const row = await trx
    .insertInto('organisation')
    .values({
      name: organisation.name,
      kind: organisation.kind,
      party_category: organisation.partyCategory,
      is_user: organisation.isUser,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrganisation(row);
}

/** A new user (without roles: see {@link grantRoles}). */
export async function insertUser(
  trx: Tx,
  user: {
    email: string;
    name: string;
    organisationId: number | null;
    passwordHash: string | null;
  },
  now: Date,
): Promise<{ id: number; email: string; name: string; organisationId: number | null }> {
  const row = await trx
    .insertInto('app_user')
    .values({
      email: user.email,
      name: user.name,
      organisation_id: user.organisationId,
      password_hash: user.passwordHash,
      created_at: now,
    })
    .returning(['id', 'email', 'name', 'organisation_id'])
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, name: row.name, organisationId: row.organisation_id };
}

export async function grantRoles(
  trx: Tx,
  userId: number,
  roles: readonly RoleGrant[],
): Promise<void> {
  await trx
    .insertInto('user_role')
    .values(roles.map((grant) => ({ user_id: userId, role: grant.role, scope: grant.scope })))
    .execute();
}
