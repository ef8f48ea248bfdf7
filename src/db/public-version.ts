import type { CommitVersionKind } from './commit-version.ts';

/**
 * Issue 12, the anonymous render cache's key: the public version, a count of the committed
 * changes to what anonymous readers can see (migration 0021). Every table is public unless it is
 * named here: a write to it, by any code path (a use case, a job, an import, plain SQL), bumps the
 * version in the same transaction. A private table holds nothing any cached page or API read
 * shows, which test/integration/render-cache.test.ts checks by recording the tables every cached
 * route reads.
 */
export const PRIVATE_TABLES: Readonly<Record<string, string>> = {
  session: 'who is signed in, read only to resolve a signed-in request',
  api_token: 'API tokens, read only to resolve a request with a token',
  sign_in_throttle: 'password guesses counted per address',
  oidc_sign_in: 'single sign-ons in progress',
  outbox_message: 'e-mail waiting for or sent by the worker',
  job: "the worker's job list",
  audit_event: 'the audit trail, shown only to those signed in who may read it',
  audit_head: 'the head of the audit chain',
  public_version: 'the version itself',
  data_version: 'the signed-in cache’s version (src/db/data-version.ts)',
  kysely_migration: 'the migrations applied',
  kysely_migration_lock: "the migrator's lock",
};

export const PUBLIC_VERSION: CommitVersionKind = {
  table: 'public_version',
  trigger: 'public_version_bump',
  bump: 'public_version_bump',
  unwatched: PRIVATE_TABLES,
};
