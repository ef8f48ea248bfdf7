import type { Db, Tx } from '../../app-context.ts';

/** An API token as its holder sees it (the secret itself is never stored). */
export interface ApiToken {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function insertApiToken(
  trx: Tx,
  token: { userId: number; name: string; tokenHash: string },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('api_token')
    .values({
      user_id: token.userId,
      name: token.name,
      token_hash: token.tokenHash,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The token with this hash, whoever holds it and whether or not it is revoked. */
export async function findTokenByHash(
  db: Db,
  tokenHash: string,
): Promise<
  { id: number; userId: number; revokedAt: Date | null; lastUsedAt: Date | null } | undefined
> {
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row
    ? { id: row.id, userId: row.user_id, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at }
    : undefined;
}

export async function touchApiToken(db: Db, id: number, now: Date): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** The user's tokens that are not revoked, newest first. */
export async function listActiveTokens(db: Db, userId: number): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom('api_token')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  }));
}

/** Revokes one of the user's own active tokens; false when there is no such token. */
export async function revokeOwnToken(
  trx: Tx,
  userId: number,
  tokenId: number,
  now: Date,
): Promise<boolean> {
  const row = await trx
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
