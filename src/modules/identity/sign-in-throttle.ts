/**
 * Issue 11: sign-in throttling (ASVS 6.3.1 / OWASP Authentication Cheat Sheet). Password guesses
 * are counted twice: per account and address (a "place"), and per account. The place backs off,
 * doubling; the account as a whole only slows down, so nobody can lock someone else out. Both
 * are kept per e-mail address whether or not it has an account, so the answers never tell an
 * unknown address from a known one. Instants are milliseconds since the epoch.
 */
export interface Throttle {
  /** Guesses since the last success (or since the count was forgotten), this one included. */
  failures: number;
  /** No guess is checked before this instant; null when none is waited for. */
  blockedUntil: number | null;
  /** The last guess checked; failures older than {@link FORGET_AFTER_MS} are forgotten. */
  lastAttemptAt: number | null;
  /** The last successful sign-in from this place (unused for the account as a whole). */
  succeededAt: number | null;
}

export const NO_THROTTLE: Throttle = {
  failures: 0,
  blockedUntil: null,
  lastAttemptAt: null,
  succeededAt: null,
};

/** Wrong guesses from one place at one account checked without waiting. */
export const PLACE_FREE_FAILURES = 5;
/** The first wait of a place past its free guesses; each further guess doubles it… */
export const PLACE_FIRST_WAIT_MS = 30_000;
/** …up to this. */
export const PLACE_LONGEST_WAIT_MS = 15 * 60_000;
/** Wrong guesses at one account, from anywhere, before its guesses are spaced out… */
export const ACCOUNT_FREE_FAILURES = 10;
/** …to one every this long: a ceiling that slows guessing by seconds and never locks. */
export const ACCOUNT_SPACING_MS = 5_000;
/** A quiet day forgets the count. */
export const FORGET_AFTER_MS = 24 * 60 * 60_000;
/** A place the person signed in from in this time is not slowed by the account's ceiling. */
export const KNOWN_PLACE_MS = 30 * 24 * 60 * 60_000;

/** The wait of a place after `failures` guesses (this one included): 0 while free, then doubling. */
export function placeWaitMs(failures: number): number {
  if (failures < PLACE_FREE_FAILURES) return 0;
  return Math.min(
    PLACE_FIRST_WAIT_MS * 2 ** (failures - PLACE_FREE_FAILURES),
    PLACE_LONGEST_WAIT_MS,
  );
}

function remembered(throttle: Throttle, now: number): Throttle {
  const quiet = throttle.lastAttemptAt === null || now - throttle.lastAttemptAt >= FORGET_AFTER_MS;
  return quiet ? { ...throttle, failures: 0 } : throttle;
}

export type Admission =
  | { admitted: true; place: Throttle; account: Throttle }
  | { admitted: false; retryAfterMs: number };

/**
 * Whether a guess is checked now, decided before the password is: the guess is counted as a
 * failure in advance (a right password clears it, {@link afterSuccess}), so concurrent guesses
 * see each other and a burst gets no more checks than the free allowance.
 */
export function admitAttempt(place: Throttle, account: Throttle, now: number): Admission {
  const p = remembered(place, now);
  const a = remembered(account, now);
  if (p.blockedUntil !== null && p.blockedUntil > now) {
    return { admitted: false, retryAfterMs: p.blockedUntil - now };
  }
  const knownPlace = p.succeededAt !== null && now - p.succeededAt < KNOWN_PLACE_MS;
  if (!knownPlace && a.blockedUntil !== null && a.blockedUntil > now) {
    return { admitted: false, retryAfterMs: a.blockedUntil - now };
  }
  const placeFailures = p.failures + 1;
  const accountFailures = a.failures + 1;
  const placeWait = placeWaitMs(placeFailures);
  return {
    admitted: true,
    place: {
      ...p,
      failures: placeFailures,
      lastAttemptAt: now,
      blockedUntil: placeWait > 0 ? now + placeWait : null,
    },
    account: {
      ...a,
      failures: accountFailures,
      lastAttemptAt: now,
      blockedUntil: accountFailures >= ACCOUNT_FREE_FAILURES ? now + ACCOUNT_SPACING_MS : null,
    },
  };
}

/**
 * A right password clears its place's count and wait and makes it a known place. The account
 * takes back only this guess, counted in advance: wrong guesses from elsewhere go on being spaced
 * out until a quiet day.
 */
export function afterSuccess(
  account: Throttle,
  now: number,
): { place: Throttle; account: Throttle } {
  const failures = Math.max(0, account.failures - 1);
  return {
    place: { failures: 0, blockedUntil: null, lastAttemptAt: now, succeededAt: now },
    account: {
      ...account,
      failures,
      blockedUntil: failures >= ACCOUNT_FREE_FAILURES ? account.blockedUntil : null,
    },
  };
}

/** Whole seconds to wait, at least 1 (the `Retry-After` header). */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** The refusal's message: the same for every e-mail address, known or not. */
export function throttledMessage(retryAfterMs: number): string {
  const seconds = retryAfterSeconds(retryAfterMs);
  const wait =
    seconds < 60
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;
  return `Too many sign-in attempts: wait ${wait} and try again`;
}

/** The seconds to wait a `sign_in_throttled` refusal carries in its details, if any. */
export function retryAfterOf(details: Record<string, unknown> | undefined): number | undefined {
  const seconds = details?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds : undefined;
}
