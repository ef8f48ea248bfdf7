import type { CommitVersionKind } from './commit-version.ts';

/**
 * Issue 12, the signed-in render cache's key: the data version, a count of the committed changes
 * to anything a signed-in page can show (migration 0032). Every table moves it but those written
 * while reading — a session or token touched at most once a minute as it is used, guesses
 * counted at sign-in, a single sign-on under way — and the versions themselves. No cached page
 * shows those tables (test/integration/render-cache-signed-in.test.ts records what they read).
 */
export const UNSEEN_TABLES: Readonly<Record<string, string>> = {
  session: 'read to resolve a signed-in request, and touched as it is used',
  api_token: 'read to resolve a request with a token, and touched as it is used',
  sign_in_throttle: 'password guesses counted per address',
  oidc_sign_in: 'single sign-ons in progress',
  public_version: 'the anonymous cache’s version',
  data_version: 'the version itself',
  kysely_migration: 'the migrations applied',
  kysely_migration_lock: "the migrator's lock",
};

export const DATA_VERSION: CommitVersionKind = {
  table: 'data_version',
  trigger: 'data_version_bump',
  bump: 'data_version_bump',
  unwatched: UNSEEN_TABLES,
};
