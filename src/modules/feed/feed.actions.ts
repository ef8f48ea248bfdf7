import { inTransaction, type AppContext } from '../../app-context.ts';
import { canManageOwnSessions, requireActor } from '../identity/identity.access.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { hashSecret, loadPrincipal, newSecret } from '../identity/identity.queries.ts';
import { insertFeedToken, revokeFeedTokens, useFeedToken } from './feed.store.ts';

/**
 * Issue 13: a person's private calendar feed: a new token replaces any earlier one (which stops
 * working). Only its hash is stored; the token is shown once. Audited as `calendar_feed.created`.
 */
export async function createCalendarFeed(
  ctx: AppContext,
  principal: Principal | null,
): Promise<{ token: string; createdAt: Date }> {
  const me = requireActor(principal, canManageOwnSessions);
  const { secret, hash } = newSecret('cal_');
  return inTransaction(ctx, actorOf(me), async (unit) => {
    const revoked = await revokeFeedTokens(unit.trx, me.userId, unit.now);
    const row = await insertFeedToken(unit.trx, me.userId, hash, unit.now);
    await unit.audit({
      action: 'calendar_feed.created',
      subjectType: 'user',
      subjectId: String(me.userId),
      after: { feedId: row.id, replaced: revoked },
    });
    return { token: secret, createdAt: row.created_at };
  });
}

/** Revokes a person's private calendar feed; audited as `calendar_feed.revoked`. */
export async function revokeCalendarFeed(
  ctx: AppContext,
  principal: Principal | null,
): Promise<number> {
  const me = requireActor(principal, canManageOwnSessions);
  return inTransaction(ctx, actorOf(me), async (unit) => {
    const revoked = await revokeFeedTokens(unit.trx, me.userId, unit.now);
    if (revoked > 0) {
      await unit.audit({
        action: 'calendar_feed.revoked',
        subjectType: 'user',
        subjectId: String(me.userId),
        after: { revoked },
      });
    }
    return revoked;
  });
}

/** The person a private feed token belongs to; null when unknown or revoked. */
export async function principalOfFeedToken(
  ctx: AppContext,
  token: string,
): Promise<Principal | null> {
  const userId = await useFeedToken(ctx.db, hashSecret(token), ctx.now());
  if (userId === undefined) return null;
  return (await loadPrincipal(ctx.db, userId, 'token', null)) ?? null;
}
