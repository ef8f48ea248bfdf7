import { inTransaction, type AppContext } from '../../app-context.ts';
import { SYSTEM_ACTOR } from '../../audit/audit.ts';
import { AppError } from '../../errors.ts';
import { hashSecret } from './identity.store.ts';
import {
  admitAttempt,
  afterSuccess,
  FORGET_AFTER_MS,
  KNOWN_PLACE_MS,
  retryAfterSeconds,
  throttledMessage,
} from './sign-in-throttle.ts';
import {
  deleteQuietThrottles,
  lockThrottles,
  saveThrottles,
  type ThrottleKey,
} from './sign-in-throttle.store.ts';

/** The throttles a guess counts against: its e-mail address (known or not) and its address. */
export function throttleKeyOf(email: string, ip: string): ThrottleKey {
  return { accountKey: hashSecret(`sign-in:${email.trim().toLowerCase()}`), source: ip };
}

/**
 * Issue 11: admits a password guess, or refuses it (429 `sign_in_throttled`, the same for every
 * e-mail address) before any password is checked. The guess is counted as a failure under a row
 * lock and committed first, so concurrent guesses are counted one after another.
 */
export async function admitGuess(ctx: AppContext, key: ThrottleKey): Promise<void> {
  const refusal = await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    const { account, place } = await lockThrottles(unit.trx, key);
    const admission = admitAttempt(place, account, unit.now.getTime());
    if (!admission.admitted) return admission.retryAfterMs;
    await saveThrottles(unit.trx, key, admission);
    return undefined;
  });
  if (refusal !== undefined) {
    throw new AppError('sign_in_throttled', throttledMessage(refusal), {
      details: { retryAfterSeconds: retryAfterSeconds(refusal) },
    });
  }
  await forgetQuietThrottles(ctx);
}

/** A right password: its place is cleared and known from now on; the account takes it back. */
export async function forgetFailedGuesses(ctx: AppContext, key: ThrottleKey): Promise<void> {
  await inTransaction(ctx, SYSTEM_ACTOR, async (unit) => {
    const { account } = await lockThrottles(unit.trx, key);
    await saveThrottles(unit.trx, key, afterSuccess(account, unit.now.getTime()));
  });
}

/** Rows forgotten per admitted guess: the table stays as small as a day's guessing. */
const FORGET_PER_GUESS = 20;

/** Forgets a few throttles with nothing left to remember (a day quiet, no wait, no known place). */
async function forgetQuietThrottles(ctx: AppContext): Promise<void> {
  const now = ctx.now();
  await deleteQuietThrottles(
    ctx.db,
    {
      now,
      quietSince: new Date(now.getTime() - FORGET_AFTER_MS),
      knownSince: new Date(now.getTime() - KNOWN_PLACE_MS),
    },
    FORGET_PER_GUESS,
  );
}
