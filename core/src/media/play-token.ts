import { z } from 'zod';
import { streamKind } from '../schemas/cameras.ts';

/**
 * The claims of a play token: what the api signs (HS256 JWT, key MEDIA_SIGNING_KEY) and a media node
 * checks. A token opens one view: the first WHEP offer, WebSocket or HLS playlist that presents it
 * claims its `jti`, and the node refuses it after that (media/src/access/live-views.ts).
 */
export const playClaims = z.object({
  /** The live view (audit row) this token opens. */
  jti: z.string().uuid(),
  /** User id of the viewer. */
  sub: z.string(),
  cam: z.string().uuid(),
  stream: streamKind,
  /** Media node the token is for: another node refuses it. */
  node: z.string(),
  /**
   * The sign-in the token was handed out under, as a reference derived one way from the session's
   * digest (platform/src/media/credential-ref.ts): a revocation names the digest, the node derives
   * the reference and ends the views opened under it. Neither the secret nor its digest is in the URL.
   */
  sid: z.string().min(16).max(64),
  exp: z.number().int(),
  iat: z.number().int(),
});
export type PlayClaims = z.infer<typeof playClaims>;

/** A play token must be claimed within this long of being handed out; the view it opens may go on. */
export const PLAY_TOKEN_TTL_SECONDS = 120;
