import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import { SYSTEM_ACTOR, type Actor } from '../audit/audit.ts';
import {
  SESSION_ABSOLUTE_MS,
  actorLabel,
  checkEmail,
  checkPartyCategory,
  checkPassword,
  isSessionLive,
  loginBackoffMs,
  type OrganisationKind,
  type PartyCategory,
  type Principal,
  type Role,
} from './identity.ts';
import { canAdminister, canManageOwnSessions } from './identity.policy.ts';
import { findUserByEmail, hashSecret, loadPrincipal, newSecret } from './identity.store.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';

export function actorOf(principal: Principal): Actor {
  return { id: principal.userId, label: actorLabel(principal) };
}

function requireAdmin(principal: Principal | null): Actor {
  if (!principal) throw new AppError('unauthenticated');
  if (!canAdminister(principal)) throw new AppError('forbidden');
  return actorOf(principal);
}

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
  actor: Actor = requireAdmin(principal),
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
  actor: Actor = requireAdmin(principal),
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

export interface SignInResult {
  token: string;
  sessionId: string;
  principal: Principal;
}

/**
 * Signs in with e-mail and password. Failures count per account; past the free allowance the
 * account backs off (`account_locked`) for a doubling interval, and success resets the count.
 */
export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string; userAgent: string; ip: string },
): Promise<SignInResult> {
  const now = ctx.now();
  const user = await findUserByEmail(ctx.db, input.email);
  if (user?.locked_until && user.locked_until.getTime() > now.getTime()) {
    throw new AppError(
      'account_locked',
      `Too many failed sign-ins: try again after ${user.locked_until.toISOString()}`,
      {
        details: { retryAt: user.locked_until.toISOString() },
      },
    );
  }
  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  if (!user || !user.password_hash || user.disabled_at !== null || !passwordOk) {
    if (user) await recordFailedSignIn(ctx, user.id, input.ip);
    throw new AppError('invalid_credentials');
  }
  const { secret, hash } = newSecret('s_');
  const actor = { id: user.id, label: user.name };
  await inTransaction(ctx, actor, async (unit) => {
    await unit.trx
      .updateTable('app_user')
      .set({ failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    await unit.trx
      .insertInto('session')
      .values({
        id: hash,
        user_id: user.id,
        created_at: unit.now,
        last_seen_at: unit.now,
        expires_at: new Date(unit.now.getTime() + SESSION_ABSOLUTE_MS),
        user_agent: input.userAgent.slice(0, 300),
        ip: input.ip,
      })
      .execute();
    await unit.audit({
      action: 'session.signed_in',
      subjectType: 'user',
      subjectId: String(user.id),
      after: { session: hash.slice(0, 12), ip: input.ip },
    });
  });
  const principal = await loadPrincipal(ctx.db, user.id, 'session', hash);
  if (!principal) throw new AppError('invalid_credentials');
  return { token: secret, sessionId: hash, principal };
}

async function recordFailedSignIn(ctx: AppContext, userId: number, ip: string): Promise<void> {
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    const row = await unit.trx
      .updateTable('app_user')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', userId)
      .returning('failed_logins')
      .executeTakeFirstOrThrow();
    const wait = loginBackoffMs(row.failed_logins);
    const lockedUntil = wait > 0 ? new Date(unit.now.getTime() + wait) : null;
    if (lockedUntil) {
      await unit.trx
        .updateTable('app_user')
        .set({ locked_until: lockedUntil })
        .where('id', '=', userId)
        .execute();
    }
    await unit.audit({
      action: 'session.sign_in_failed',
      subjectType: 'user',
      subjectId: String(userId),
      after: {
        failedLogins: row.failed_logins,
        lockedUntil: lockedUntil?.toISOString() ?? null,
        ip,
      },
    });
  });
}

/** The principal behind a session cookie, if the session is live; touches its last-seen time. */
export async function principalForSession(
  ctx: AppContext,
  token: string,
): Promise<Principal | undefined> {
  const id = hashSecret(token);
  const session = await ctx.db
    .selectFrom('session')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  const now = ctx.now();
  if (!session) return undefined;
  const live = isSessionLive(
    {
      lastSeenAt: session.last_seen_at,
      expiresAt: session.expires_at,
      revokedAt: session.revoked_at,
    },
    now,
  );
  if (!live) return undefined;
  // Touch at most once a minute: a write per request would cost more than the request.
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
    await ctx.db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return loadPrincipal(ctx.db, session.user_id, 'session', id);
}

/** The principal behind an API token (`Authorization: Bearer`), if the token is not revoked. */
export async function principalForToken(
  ctx: AppContext,
  token: string,
): Promise<Principal | undefined> {
  const row = await ctx.db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return undefined;
  const now = ctx.now();
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) {
    await ctx.db
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .execute();
  }
  return loadPrincipal(ctx.db, row.user_id, 'token', null);
}

/** Signing out ends the session on the server, not just in the browser (ASVS 7.4.1). */
export async function signOut(ctx: AppContext, principal: Principal): Promise<void> {
  if (!principal.sessionId) return;
  await revokeSession(ctx, principal, principal.sessionId, 'session.signed_out');
}

/** A user revokes one of their own sessions (ASVS 7.5.2); others' sessions are not found. */
export async function revokeSession(
  ctx: AppContext,
  principal: Principal | null,
  sessionId: string,
  action = 'session.revoked',
): Promise<void> {
  if (!principal) throw new AppError('unauthenticated');
  if (!canManageOwnSessions(principal)) throw new AppError('forbidden');
  await inTransaction(ctx, actorOf(principal), async (unit) => {
    const row = await unit.trx
      .updateTable('session')
      .set({ revoked_at: unit.now })
      .where('id', '=', sessionId)
      .where('user_id', '=', principal.userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such session of yours is active');
    await unit.audit({
      action,
      subjectType: 'user',
      subjectId: String(principal.userId),
      after: { session: sessionId.slice(0, 12) },
    });
  });
}

export interface SessionView {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string;
  ip: string;
  current: boolean;
}

export async function listOwnSessions(
  ctx: AppContext,
  principal: Principal,
): Promise<SessionView[]> {
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('session')
    .selectAll()
    .where('user_id', '=', principal.userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows
    .filter((row) =>
      isSessionLive(
        { lastSeenAt: row.last_seen_at, expiresAt: row.expires_at, revokedAt: row.revoked_at },
        now,
      ),
    )
    .map((row) => ({
      id: row.id,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      userAgent: row.user_agent,
      ip: row.ip,
      current: row.id === principal.sessionId,
    }));
}

/**
 * Issues an API token for the CLI and integrations. The secret is shown once; only its hash is
 * kept. A user makes their own; the CLI (system actor) may make one for anyone.
 */
export async function createApiToken(
  ctx: AppContext,
  actor: Actor,
  userId: number,
  name: string,
): Promise<{ id: number; token: string }> {
  if (name.trim() === '') throw invalid('name', 'Give the token a name, e.g. "CLI on my laptop"');
  const { secret, hash } = newSecret('secrel_');
  return inTransaction(ctx, actor, async (unit) => {
    const row = await unit.trx
      .insertInto('api_token')
      .values({ user_id: userId, name: name.trim(), token_hash: hash, created_at: unit.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await unit.audit({
      action: 'token.created',
      subjectType: 'user',
      subjectId: String(userId),
      after: { tokenId: row.id, name: name.trim() },
    });
    return { id: row.id, token: secret };
  });
}

export async function listOwnTokens(ctx: AppContext, principal: Principal) {
  return ctx.db
    .selectFrom('api_token')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', principal.userId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeApiToken(
  ctx: AppContext,
  principal: Principal,
  tokenId: number,
): Promise<void> {
  await inTransaction(ctx, actorOf(principal), async (unit) => {
    const row = await unit.trx
      .updateTable('api_token')
      .set({ revoked_at: unit.now })
      .where('id', '=', tokenId)
      .where('user_id', '=', principal.userId)
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('not_found', 'No such token of yours is active');
    await unit.audit({
      action: 'token.revoked',
      subjectType: 'user',
      subjectId: String(principal.userId),
      after: { tokenId },
    });
  });
}
