import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { SESSION_ABSOLUTE_MS, isSessionLive, type Principal, actorOf } from './identity.ts';
import { canManageOwnSessions, requireActor } from './identity.access.ts';
import {
  findUserByEmail,
  hashSecret,
  loadPrincipal,
  newSecret,
  type UserRow,
} from './identity.store.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { admitGuess, forgetFailedGuesses, throttleKeyOf } from './sign-in-throttle.actions.ts';
import {
  findSession,
  insertSession,
  listOpenSessions,
  revokeOwnSession,
  touchSession,
  type SessionMethod,
} from './session.store.ts';
import { findTokenByHash, touchApiToken } from './token.store.ts';
export interface SignInResult {
  token: string;
  sessionId: string;
  principal: Principal;
}

/**
 * Signs in with e-mail and password (issue 11). The guess is admitted by the throttles first
 * (sign-in-throttle.ts: per account and address, and a per-account ceiling that slows but never
 * locks), then checked; an unknown address is checked against a dummy hash and gets the same
 * answers. A right password clears its place's count.
 */
export async function signIn(
  ctx: AppContext,
  input: { email: string; password: string; userAgent: string; ip: string },
): Promise<SignInResult> {
  const key = throttleKeyOf(input.email, input.ip);
  await admitGuess(ctx, key);
  const user = await findUserByEmail(ctx.db, input.email);
  const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
  if (!user || !user.password_hash || user.disabled_at !== null || !passwordOk) {
    if (user) await auditFailedSignIn(ctx, user.id, input.ip);
    throw new AppError('invalid_credentials');
  }
  await forgetFailedGuesses(ctx, key);
  return openSession(ctx, user, { ...input, method: 'password' });
}

/**
 * Opens a session for a user who has proved who they are (by password or by single sign-on): a
 * new secret (ASVS 7.2.4) and `session.signed_in` audited with the method, in one transaction.
 */
export async function openSession(
  ctx: AppContext,
  user: Pick<UserRow, 'id' | 'name'>,
  input: { userAgent: string; ip: string; method: SessionMethod },
): Promise<SignInResult> {
  const { secret, hash } = newSecret('s_');
  const actor = { id: user.id, label: user.name };
  await inTransaction(ctx, actor, async (unit) => {
    await insertSession(unit.trx, {
      id: hash,
      userId: user.id,
      createdAt: unit.now,
      expiresAt: new Date(unit.now.getTime() + SESSION_ABSOLUTE_MS),
      userAgent: input.userAgent.slice(0, 300),
      ip: input.ip,
      method: input.method,
    });
    await unit.audit({
      action: 'session.signed_in',
      subjectType: 'user',
      subjectId: String(user.id),
      after: { session: hash.slice(0, 12), ip: input.ip, method: input.method },
    });
  });
  const principal = await loadPrincipal(ctx.db, user.id, 'session', hash);
  if (!principal) throw new AppError('invalid_credentials');
  return { token: secret, sessionId: hash, principal };
}

/** A wrong password for an account is audited (the throttles counted it when admitting it). */
async function auditFailedSignIn(ctx: AppContext, userId: number, ip: string): Promise<void> {
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    await unit.audit({
      action: 'session.sign_in_failed',
      subjectType: 'user',
      subjectId: String(userId),
      after: { ip },
    });
  });
}

/** The principal behind a session cookie, if the session is live; touches its last-seen time. */
export async function principalForSession(
  ctx: AppContext,
  token: string,
): Promise<Principal | undefined> {
  const id = hashSecret(token);
  const session = await findSession(ctx.db, id);
  const now = ctx.now();
  if (!session) return undefined;
  if (!isSessionLive(session, now)) return undefined;
  // Touch at most once a minute: a write per request would cost more than the request.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await touchSession(ctx.db, id, now);
  }
  return loadPrincipal(ctx.db, session.userId, 'session', id);
}

/** The principal behind an API token (`Authorization: Bearer`), if the token is not revoked. */
export async function principalForToken(
  ctx: AppContext,
  token: string,
): Promise<Principal | undefined> {
  const row = await findTokenByHash(ctx.db, hashSecret(token));
  if (!row || row.revokedAt !== null) return undefined;
  const now = ctx.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await touchApiToken(ctx.db, row.id, now);
  }
  return loadPrincipal(ctx.db, row.userId, 'token', null);
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
  const owner = requireActor(principal, canManageOwnSessions);
  await inTransaction(ctx, actorOf(owner), async (unit) => {
    if (!(await revokeOwnSession(unit.trx, owner.userId, sessionId, unit.now))) {
      throw new AppError('not_found', 'No such session of yours is active');
    }
    await unit.audit({
      action,
      subjectType: 'user',
      subjectId: String(owner.userId),
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
  const sessions = await listOpenSessions(ctx.db, principal.userId, now);
  return sessions
    .filter((session) => isSessionLive(session, now))
    .map((session) => ({
      id: session.id,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      userAgent: session.userAgent,
      ip: session.ip,
      current: session.id === principal.sessionId,
    }));
}
