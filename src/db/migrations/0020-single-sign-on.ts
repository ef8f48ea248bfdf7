import { sql, type Kysely } from 'kysely';

/**
 * Issue 11, single sign-on (OpenID Connect): each session records how it was opened (password or
 * oidc), and an OIDC sign-in in progress is kept server-side between the redirect to the
 * provider and the callback: the hash of its `state`, the PKCE code verifier, the `nonce` and
 * the page to return to. A row is used once (the callback marks it) and lives ten minutes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`alter table session add column method text not null default 'password'
      check (method in ('password', 'oidc'))`,
    sql`create table oidc_sign_in (
      id text primary key,
      code_verifier text not null,
      nonce text not null,
      next_path text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    )`,
    sql`create index oidc_sign_in_by_expiry on oidc_sign_in (expires_at)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
