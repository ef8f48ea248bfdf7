import { inTransaction, type AppContext } from '../../app-context.ts';
import { AppError, invalid } from '../../errors.ts';
import type { Actor } from '../../audit/audit.ts';
import type { Principal } from './identity.ts';
import { newSecret } from './identity.store.ts';
import { actorOf } from './identity.ts';
import { insertApiToken, listActiveTokens, revokeOwnToken, type ApiToken } from './token.store.ts';
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
    const id = await insertApiToken(
      unit.trx,
      { userId, name: name.trim(), tokenHash: hash },
      unit.now,
    );
    await unit.audit({
      action: 'token.created',
      subjectType: 'user',
      subjectId: String(userId),
      after: { tokenId: id, name: name.trim() },
    });
    return { id, token: secret };
  });
}

export async function listOwnTokens(ctx: AppContext, principal: Principal): Promise<ApiToken[]> {
  return listActiveTokens(ctx.db, principal.userId);
}

export async function revokeApiToken(
  ctx: AppContext,
  principal: Principal,
  tokenId: number,
): Promise<void> {
  await inTransaction(ctx, actorOf(principal), async (unit) => {
    if (!(await revokeOwnToken(unit.trx, principal.userId, tokenId, unit.now))) {
      throw new AppError('not_found', 'No such token of yours is active');
    }
    await unit.audit({
      action: 'token.revoked',
      subjectType: 'user',
      subjectId: String(principal.userId),
      after: { tokenId },
    });
  });
}
