import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from './identity.ts';
import { newSecret } from './identity.store.ts';
import { actorOf } from './identity.ts';
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
