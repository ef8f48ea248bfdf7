import { inTransaction, type AppContext } from '../../app-context.ts';
import {
  lockOutboxMessage,
  resetMessageToPending,
  type OutboxRow,
} from '../../outbox/outbox.store.ts';
import { canAdminister, requireActor } from '../identity/identity.access.ts';
import { actorOf, type Principal } from '../identity/identity.ts';
import { checkRetryable } from './outbox.ts';

/**
 * An administrator sends a failed message again: it goes back to pending with its attempts
 * reset (so it gets the full number of tries), keeping its Message-ID and last error. Only a
 * failed message can be retried; audited as `outbox.retried`.
 */
export async function retryFailedMessage(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
): Promise<OutboxRow> {
  const actor = actorOf(requireActor(principal, canAdminister));
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockOutboxMessage(unit.trx, id);
    checkRetryable(before);
    const after = await resetMessageToPending(unit.trx, id);
    await unit.audit({
      action: 'outbox.retried',
      subjectType: 'outbox_message',
      subjectId: String(id),
      before: { status: before.status, attempts: before.attempts, lastError: before.last_error },
      after: { status: after.status, attempts: after.attempts },
    });
    return after;
  });
}
