import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_SPACING_MS,
  admitAttempt,
  afterSuccess,
  FORGET_AFTER_MS,
  KNOWN_PLACE_MS,
  NO_THROTTLE,
  PLACE_FREE_FAILURES,
  placeWaitMs,
  retryAfterSeconds,
  throttledMessage,
  type Throttle,
} from './sign-in-throttle.ts';

const T0 = Date.UTC(2026, 10, 27, 10);

/** Admits `n` guesses at `now` (none refused), returning the throttles after them. */
function guesses(n: number, place = NO_THROTTLE, account = NO_THROTTLE, now = T0) {
  let state = { place, account };
  for (let i = 0; i < n; i += 1) {
    const admission = admitAttempt(state.place, state.account, now);
    if (!admission.admitted) throw new Error(`guess ${i + 1} refused`);
    state = admission;
  }
  return state;
}

describe('issue 11: a place (account and address) backs off, doubling', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 30_000],
    [6, 60_000],
    [8, 240_000],
    [20, 900_000],
  ])('after %i guesses it waits %i ms', (failures, wait) => {
    expect(placeWaitMs(failures)).toBe(wait);
  });

  it('the free guesses are counted before their passwords are checked, so the next one waits', () => {
    const { place, account } = guesses(PLACE_FREE_FAILURES);
    expect(place.failures).toBe(PLACE_FREE_FAILURES);
    expect(admitAttempt(place, account, T0 + 1_000)).toEqual({
      admitted: false,
      retryAfterMs: 29_000,
    });
    expect(admitAttempt(place, account, T0 + 30_000).admitted).toBe(true);
  });

  it('a right password clears the place, makes it known, and takes its own guess back from the account', () => {
    const { account } = guesses(3);
    expect(afterSuccess(account, T0)).toEqual({
      place: { failures: 0, blockedUntil: null, lastAttemptAt: T0, succeededAt: T0 },
      account: { ...account, failures: 2, blockedUntil: null },
    });
  });

  it('a quiet day forgets the count', () => {
    const { place, account } = guesses(4);
    const later = admitAttempt(place, account, T0 + FORGET_AFTER_MS);
    expect(later).toMatchObject({ admitted: true, place: { failures: 1 } });
  });
});

describe('issue 11: the account as a whole slows down, never locks', () => {
  const elsewhere: Throttle = NO_THROTTLE;

  /** The account after `n` guesses, each from a different place. */
  function accountAfter(n: number): Throttle {
    let account = NO_THROTTLE;
    for (let i = 0; i < n; i += 1) {
      const admission = admitAttempt(elsewhere, account, T0);
      if (!admission.admitted) throw new Error('refused');
      account = admission.account;
    }
    return account;
  }

  it(`after ${ACCOUNT_FREE_FAILURES} guesses from anywhere, one guess every ${ACCOUNT_SPACING_MS / 1000} s`, () => {
    const account = accountAfter(ACCOUNT_FREE_FAILURES);
    expect(admitAttempt(elsewhere, account, T0 + 1_000)).toEqual({
      admitted: false,
      retryAfterMs: ACCOUNT_SPACING_MS - 1_000,
    });
    const next = admitAttempt(elsewhere, account, T0 + ACCOUNT_SPACING_MS);
    expect(next.admitted).toBe(true);
  });

  it('a place the person signed in from in the last 30 days is not slowed', () => {
    const account = accountAfter(ACCOUNT_FREE_FAILURES);
    const known = afterSuccess(NO_THROTTLE, T0 - 1_000).place;
    expect(admitAttempt(known, account, T0).admitted).toBe(true);
    const longAgo = afterSuccess(NO_THROTTLE, T0 - KNOWN_PLACE_MS).place;
    expect(admitAttempt(longAgo, account, T0).admitted).toBe(false);
  });

  it('the refusal says how long to wait and nothing about the account', () => {
    expect(retryAfterSeconds(29_001)).toBe(30);
    expect(retryAfterSeconds(1)).toBe(1);
    expect(throttledMessage(4_000)).toBe('Too many sign-in attempts: wait 4 seconds and try again');
    expect(throttledMessage(240_000)).toBe(
      'Too many sign-in attempts: wait 4 minutes and try again',
    );
  });
});
