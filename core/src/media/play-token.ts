import { z } from 'zod';
import { streamKind } from '../schemas/cameras.ts';

/**
 * The claims of a play token: what the api signs (HS256 JWT, key MEDIA_SIGNING_KEY) and a media node
 * checks on every request. The token sits in the URL path (`/v/<token>/…`), so HLS segment URLs,
 * which the playlist gives relative to it, carry it too.
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
  exp: z.number().int(),
  iat: z.number().int(),
});
export type PlayClaims = z.infer<typeof playClaims>;

/** Play URLs stop being accepted this long after they are handed out; an open stream may continue. */
export const PLAY_TOKEN_TTL_SECONDS = 120;
