import type { Tx } from '../../app-context.ts';

/** An OpenID Connect sign-in in progress, kept server-side between redirect and callback. */
export interface OidcSignIn {
  /** SHA-256 of the `state` sent to the provider (the state itself is never stored). */
  id: string;
  codeVerifier: string;
  nonce: string;
  nextPath: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Records a new sign-in and drops those that expired (used or not): they can never complete. */
export async function insertOidcSignIn(trx: Tx, signIn: OidcSignIn): Promise<void> {
  await trx.deleteFrom('oidc_sign_in').where('expires_at', '<', signIn.createdAt).execute();
  await trx
    .insertInto('oidc_sign_in')
    .values({
      id: signIn.id,
      code_verifier: signIn.codeVerifier,
      nonce: signIn.nonce,
      next_path: signIn.nextPath,
      created_at: signIn.createdAt,
      expires_at: signIn.expiresAt,
    })
    .execute();
}

/**
 * Marks the sign-in used and returns it, if it exists, was never used and has not expired; a
 * second callback with the same state finds nothing (the conditional update is the lock).
 */
export async function consumeOidcSignIn(
  trx: Tx,
  id: string,
  now: Date,
): Promise<OidcSignIn | undefined> {
  const row = await trx
    .updateTable('oidc_sign_in')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    codeVerifier: row.code_verifier,
    nonce: row.nonce,
    nextPath: row.next_path,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}
