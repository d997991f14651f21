import { createHash } from 'node:crypto';

/**
 * What a play token says about the sign-in it was issued under (`sid`): a one-way reference to the
 * session's digest (the hex SHA-256 that `sessions.token_hash` holds and revocations announce).
 * Play URLs travel in logs and address bars, so they carry neither the secret nor its digest; a media
 * node that hears a digest revoked derives the same reference and ends the views that carry it.
 */
export function credentialRef(digestHex: string): string {
  return createHash('sha256')
    .update(`pkk:play-credential:${digestHex.toLowerCase()}`)
    .digest('base64url')
    .slice(0, 22);
}
