import { sql, type Kysely } from 'kysely';

/**
 * Issue 11: sign-in throttling per account and address, and per account (sign-in-throttle.ts).
 * A row per e-mail address guessed at (its SHA-256, whether or not an account has it) and place
 * (`source`: the client address, '' for the account as a whole). The per-account lock on
 * app_user, which anyone could set off for anyone, goes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`create table sign_in_throttle (
      account_key text not null,
      source text not null,
      failures integer not null default 0,
      blocked_until timestamptz,
      last_attempt_at timestamptz,
      succeeded_at timestamptz,
      primary key (account_key, source)
    )`,
    sql`create index sign_in_throttle_by_last_attempt on sign_in_throttle (last_attempt_at)`,
    sql`alter table app_user drop column failed_logins, drop column locked_until`,
  ];
  for (const statement of statements) await statement.execute(db);
}
