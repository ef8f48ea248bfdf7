import { hash, verify } from '@node-rs/argon2';

/** argon2id at the OWASP Password Storage Cheat Sheet minimum (m=19 MiB, t=2, p=1). */
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verifying against this when the account does not exist keeps sign-in timing uniform. */
export const DUMMY_HASH = await hashPassword('not-a-real-password-for-timing');
