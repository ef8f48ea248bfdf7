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
import {
  findUserByEmail,
  grantRoles,
  insertOrganisation,
  insertUser,
  organisationExists,
  organisationNamed,
} from './identity.store.ts';
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
    if (await organisationNamed(unit.trx, input.name.trim()))
      throw new AppError('already_exists', `An organisation named "${input.name}" exists`, {
        field: 'name',
      });
    const organisation = await insertOrganisation(
      unit.trx,
      { ...input, name: input.name.trim() },
      unit.now,
    );
    const { id, ...after } = organisation;
    await unit.audit({
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: String(id),
      after,
    });
    return id;
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
    if (
      input.organisationId !== null &&
      !(await organisationExists(unit.trx, input.organisationId))
    )
      throw invalid('organisationId', 'No such organisation');
    const user = await insertUser(
      unit.trx,
      {
        email: input.email.trim(),
        name: input.name.trim(),
        organisationId: input.organisationId,
        passwordHash,
      },
      unit.now,
    );
    const roles = input.roles.map((grant) => ({ role: grant.role, scope: grant.scope ?? '' }));
    await grantRoles(unit.trx, user.id, roles);
    const { id, ...after } = user;
    await unit.audit({
      action: 'user.created',
      subjectType: 'user',
      subjectId: String(id),
      after: { ...after, roles },
    });
    return id;
  });
}
