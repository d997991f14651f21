import { createPublicKey, verify } from 'node:crypto';
import type { SignatureCheck } from '@pkk/core';

/**
 * Ed25519 signatures of evidence statements. The officer's private key never leaves their browser
 * (WebCrypto, non-extractable); the server holds the raw public key (base64url) with its validity
 * period. A signature verifies when it is the key's over the statement's bytes and the key was valid
 * when the server received it: revoking a key later does not undo what it signed before.
 */
export function verifyEd25519(publicKey: string, message: string, signature: string): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    return verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

export interface KeyRow {
  id: number;
  public_key: string;
  valid_from: Date;
  valid_to: Date | null;
  revoked: boolean;
  nip: string;
}

/** The check shown beside every piece of evidence. */
export function checkEvidenceSignature(
  key: KeyRow,
  ev: { statement: string; signature: string; uploaded_at: Date; nip: string },
): SignatureCheck {
  const at = ev.uploaded_at.getTime();
  const revokedSince = key.revoked && key.valid_to ? key.valid_to.getTime() : null;
  const base = { keyId: key.id, keyRevokedSince: revokedSince };
  if (key.nip !== ev.nip) return { ...base, valid: false, reason: 'the key is not the uploader’s' };
  if (at < key.valid_from.getTime() || (key.valid_to !== null && at >= key.valid_to.getTime()))
    return { ...base, valid: false, reason: 'the key was not valid when the evidence was received' };
  if (!verifyEd25519(key.public_key, ev.statement, ev.signature))
    return { ...base, valid: false, reason: 'the signature does not match the statement' };
  return { ...base, valid: true, reason: null };
}
