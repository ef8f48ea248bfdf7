import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import {
  checkEmail,
  checkPartyCategory,
  checkPassword,
  type OrganisationKind,
  type PartyCategory,
  type Principal,
  type Role,
  actorOf,
} from './identity.ts';
import { canAdminister, requireActor } from './identity.access.ts';
import { findUserByEmail } from './identity.store.ts';
import { hashPassword } from './password.ts';

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  partyCategory: PartyCategory | null;
  isUser: boolean;
}

/** Registers an organisation (a Party with its category, the DCC, the Authority, …). */
export async function createOrganisation(
  ctx: AppContext,
  principal: Principal | null,
  input: NewOrganisation,
  actor: Actor = actorOf(requireActor(principal, canAdminister)),
): Promise<number> {
  const problem = checkPartyCategory(input.kind, input.partyCategory);
  if (problem) throw invalid('partyCategory', problem);
  if (input.name.trim() === '') throw invalid('name', 'Enter the organisation name');
  return inTransaction(ctx, actor, async (unit) => {
    const clash = await unit.trx
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', input.name.trim())
      .executeTakeFirst();
    if (clash)
      throw new AppError('already_exists', `An organisation named "${input.name}" exists`, {
        field: 'name',
      });
    const row = await unit.trx
      .insertInto('organisation')
      .values({
        name: input.name.trim(),
        kind: input.kind,
        party_category: input.partyCategory,
        is_user: input.isUser,
        created_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await unit.audit({
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: String(row.id),
      after: {
        name: row.name,
        kind: row.kind,
        partyCategory: row.party_category,
        isUser: row.is_user,
      },
    });
    return row.id;
  });
}

export interface NewUser {
  email: string;
  name: string;
  password: string | null;
  organisationId: number | null;
  roles: { role: Role; scope?: string }[];
}

/** Creates a user with roles. The CLI passes the system actor; the UI and API need SECAS. */
export async function createUser(
  ctx: AppContext,
  principal: Principal | null,
  input: NewUser,
  actor: Actor = actorOf(requireActor(principal, canAdminister)),
): Promise<number> {
  const emailProblem = checkEmail(input.email);
  if (emailProblem) throw invalid('email', emailProblem);
  if (input.name.trim() === '') throw invalid('name', 'Enter the person’s name');
  if (input.password !== null) {
    const passwordProblem = checkPassword(input.password);
    if (passwordProblem) throw invalid('password', passwordProblem);
  }
  if (input.roles.length === 0) throw invalid('roles', 'Choose at least one role');
  const passwordHash = input.password === null ? null : await hashPassword(input.password);
  return inTransaction(ctx, actor, async (unit) => {
    if (await findUserByEmail(unit.trx, input.email)) {
      throw new AppError('already_exists', `A user with e-mail ${input.email} exists`, {
        field: 'email',
      });
    }
    if (input.organisationId !== null) {
      const organisation = await unit.trx
        .selectFrom('organisation')
        .select('id')
        .where('id', '=', input.organisationId)
        .executeTakeFirst();
      if (!organisation) throw invalid('organisationId', 'No such organisation');
    }
    const user = await unit.trx
      .insertInto('app_user')
      .values({
        email: input.email.trim(),
        name: input.name.trim(),
        organisation_id: input.organisationId,
        password_hash: passwordHash,
        created_at: unit.now,
      })
      .returning(['id', 'email', 'name', 'organisation_id'])
      .executeTakeFirstOrThrow();
    const roles = input.roles.map((grant) => ({
      user_id: user.id,
      role: grant.role,
      scope: grant.scope ?? '',
    }));
    await unit.trx.insertInto('user_role').values(roles).execute();
    await unit.audit({
      action: 'user.created',
      subjectType: 'user',
      subjectId: String(user.id),
      after: {
        email: user.email,
        name: user.name,
        organisationId: user.organisation_id,
        roles: roles.map(({ role, scope }) => ({ role, scope })),
      },
    });
    return user.id;
  });
}
