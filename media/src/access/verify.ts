import { errors, jwtVerify } from 'jose';
import { ApiError, playClaims, type Clock, type PlayClaims } from '@pkk/core';

export interface VerifyDeps {
  /** MEDIA_SIGNING_KEY, shared with the api. */
  /** HS256 key: mediaKeys(env).signing, the same bytes the api signs with. */
  signingKey: Uint8Array;
  /** MEDIA_NODE_ID: a token for another node is refused. */
  nodeId: string;
  /** Real epoch time the expiry is checked against (tests pass a fixed one). */
  clock: Clock;
}

export interface VerifyOptions {
  /**
   * Accept a token past its expiry (still signed by us, for this node): HLS, whose every segment
   * request carries the token, while the view it opened is still being watched.
   */
  acceptExpired?: boolean;
}

/**
 * Checks a play token (HS256 JWT signed by the api, claims `playClaims`): 401 when it is not a
 * valid token of ours or has expired, 403 when it is for another media node. The codes say which,
 * so the player can tell "ask for a new URL" from "wrong node".
 */
export async function verifyPlayToken(
  token: string,
  deps: VerifyDeps,
  opts: VerifyOptions = {},
): Promise<PlayClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, deps.signingKey, {
      algorithms: ['HS256'],
      currentDate: new Date(deps.clock.now()),
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      ...(opts.acceptExpired ? { clockTolerance: 10 * 365 * 86_400 } : {}),
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired)
      throw new ApiError(401, 'token_expired', 'play token expired: ask for a new play URL');
    throw new ApiError(401, 'token_invalid', 'play token invalid');
  }
  const claims = playClaims.safeParse(payload);
  if (!claims.success) throw new ApiError(401, 'token_invalid', 'play token claims invalid');
  if (claims.data.node !== deps.nodeId)
    throw new ApiError(
      403,
      'wrong_node',
      `play token is for media node ${claims.data.node}, not ${deps.nodeId}`,
    );
  return claims.data;
}
