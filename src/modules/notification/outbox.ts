import { AppError } from '../../errors.ts';

/** Rule: only a failed message can be sent again (a pending one is still being tried). */
export function checkRetryable<M extends { status: string }>(
  message: M | undefined,
): asserts message is M {
  if (!message) throw new AppError('not_found', 'No such message in the outbox');
  if (message.status !== 'failed') {
    throw new AppError(
      'outbox_not_failed',
      `Only a failed message can be sent again; this one is ${message.status}`,
    );
  }
}
