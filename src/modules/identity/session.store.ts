import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { SessionTable } from '../../db/schema.ts';

/** A browser session as stored (the id is the hash of the cookie's secret). */
export interface Session {
  id: string;
  userId: number;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  userAgent: string;
  ip: string;
  /** How it was opened: e-mail and password, or OpenID Connect single sign-on. */
  method: SessionMethod;
}

export type SessionMethod = 'password' | 'oidc';

function toSession(row: Selectable<SessionTable>): Session {
  return {
    id: row.id,
    userId: row.user_id,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    userAgent: row.user_agent,
    ip: row.ip,
    method: row.method,
  };
}

/** A new session, last seen when it was created. */
export async function insertSession(
  trx: Tx,
  session: Pick<
    Session,
    'id' | 'userId' | 'createdAt' | 'expiresAt' | 'userAgent' | 'ip' | 'method'
  >,
): Promise<void> {
  await trx
    .insertInto('session')
    .values({
      id: session.id,
      user_id: session.userId,
      created_at: session.createdAt,
      last_seen_at: session.createdAt,
      expires_at: session.expiresAt,
      user_agent: session.userAgent,
      ip: session.ip,
      method: session.method,
    })
    .execute();
}

export async function findSession(db: Db, id: string): Promise<Session | undefined> {
  const row = await db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSession(row) : undefined;
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Revokes one of the user's own active sessions; false when there is no such session. */
export async function revokeOwnSession(
  trx: Tx,
  userId: number,
  sessionId: string,
  now: Date,
): Promise<boolean> {
  const row = await trx
    .updateTable('session')
    .set({ revoked_at: now })
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** The user's sessions neither revoked nor past their absolute expiry, last seen first. */
export async function listOpenSessions(db: Db, userId: number, now: Date): Promise<Session[]> {
  const rows = await db
    .selectFrom('session')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
  return rows.map(toSession);
}
