import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Passwords: argon2id with the library's defaults (OWASP-level memory cost). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Opaque bearer secrets (session cookies, API tokens, device keys): 32 random bytes, shown once,
 * stored only as a SHA-256 digest. A digest, not a slow hash, is right here: the secret has 256 bits
 * of entropy, and every ingest request must look it up fast.
 */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
