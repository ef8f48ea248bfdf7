import { sql, type Selectable } from 'kysely';
import type { Db, Tx } from '../../app-context.ts';
import type { SignInThrottleTable } from '../../db/schema.ts';
import type { Throttle } from './sign-in-throttle.ts';

/** The account as a whole, as opposed to one place (client address) guessing at it. */
const ACCOUNT = '';

export interface ThrottleKey {
  /** SHA-256 of the lower-cased e-mail address, whether or not an account has it. */
  accountKey: string;
  /** The client address. */
  source: string;
}

function toThrottle(row: Selectable<SignInThrottleTable>): Throttle {
  return {
    failures: row.failures,
    blockedUntil: row.blocked_until?.getTime() ?? null,
    lastAttemptAt: row.last_attempt_at?.getTime() ?? null,
    succeededAt: row.succeeded_at?.getTime() ?? null,
  };
}

function toRow(throttle: Throttle) {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    failures: throttle.failures,
    blocked_until: date(throttle.blockedUntil),
    last_attempt_at: date(throttle.lastAttemptAt),
    succeeded_at: date(throttle.succeededAt),
  };
}

/**
 * The account's and the place's throttles, created if new and locked `FOR UPDATE` (account row
 * first, always, so two guesses never wait on each other in opposite orders) until the
 * transaction ends: concurrent guesses at one account are decided one after another.
 */
export async function lockThrottles(
  trx: Tx,
  key: ThrottleKey,
): Promise<{ account: Throttle; place: Throttle }> {
  await trx
    .insertInto('sign_in_throttle')
    .values([
      { account_key: key.accountKey, source: ACCOUNT },
      { account_key: key.accountKey, source: key.source },
    ])
    .onConflict((oc) => oc.columns(['account_key', 'source']).doNothing())
    .execute();
  const rows = await trx
    .selectFrom('sign_in_throttle')
    .selectAll()
    .where('account_key', '=', key.accountKey)
    .where('source', 'in', [ACCOUNT, key.source])
    .orderBy('source')
    .forUpdate()
    .execute();
  const account = rows.find((row) => row.source === ACCOUNT);
  const place = rows.find((row) => row.source === key.source);
  if (!account || !place) throw new Error('sign-in throttle rows missing after insert');
  return { account: toThrottle(account), place: toThrottle(place) };
}

/** Saves the place's and the account's throttles. */
export async function saveThrottles(
  trx: Tx,
  key: ThrottleKey,
  throttles: { place: Throttle; account: Throttle },
): Promise<void> {
  await trx
    .updateTable('sign_in_throttle')
    .set(toRow(throttles.place))
    .where('account_key', '=', key.accountKey)
    .where('source', '=', key.source)
    .execute();
  await trx
    .updateTable('sign_in_throttle')
    .set(toRow(throttles.account))
    .where('account_key', '=', key.accountKey)
    .where('source', '=', ACCOUNT)
    .execute();
}

/**
 * Forgets up to `limit` throttles with nothing left to remember: no guess since `quietSince`, no
 * wait still running at `now`, no success since `knownSince`. Rows another sign-in holds are
 * skipped, never waited for.
 */
export async function deleteQuietThrottles(
  db: Db,
  at: { now: Date; quietSince: Date; knownSince: Date },
  limit: number,
): Promise<number> {
  const result = await sql`
    delete from sign_in_throttle
    where (account_key, source) in (
      select account_key, source from sign_in_throttle
      where (last_attempt_at is null or last_attempt_at < ${at.quietSince})
        and (blocked_until is null or blocked_until < ${at.now})
        and (succeeded_at is null or succeeded_at < ${at.knownSince})
      limit ${limit}
      for update skip locked
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
