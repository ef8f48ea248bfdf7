import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import {
  SESSION_ABSOLUTE_MS,
  isSessionLive,
  loginBackoffMs,
  type Principal,
  actorOf,
} from './identity.ts';
import { canManageOwnSessions } from './identity.access.ts';
import { findUserByEmail, hashSecret, loadPrincipal, newSecret } from './identity.store.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
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
