import { ApiError, type Clock, type PlayClaims, type Transport } from '@pkk/core';

/** Why a node ended a view itself (the viewer leaving is not one of them). */
export type ViewEnd =
  /** The sign-in the token was handed out under ended: logout, user deactivated or changed. */
  | 'revoked'
  /** HLS only: the view reached MEDIA_HLS_MAX_SESSION_SECONDS. */
  | 'max_length';

/** The error a transport reports for a view it ended (HLS answers it; the WebSocket closes with 4000 + status). */
export function viewEndError(reason: ViewEnd): ApiError {
  return reason === 'revoked'
    ? new ApiError(401, 'view_revoked', 'the sign-in this view was opened under has ended: sign in again')
    : new ApiError(410, 'view_ended', 'this view reached its maximum length: ask for a new play URL');
}

/** One token's view on this node, from its claim until its transport session is over. */
export interface ClaimedView {
  readonly claims: PlayClaims;
  readonly transport: Transport;
  /**
   * How the transport ends its session when the view loses its right; given once the session exists.
   * A view revoked before that is ended at once.
   */
  bind(end: (reason: ViewEnd) => void): void;
  /** The session is over, for whatever reason: the view is no longer open (its token stays used). */
  close(): void;
}

interface Open {
  view: ClaimedView;
  end: ((reason: ViewEnd) => void) | null;
  ended: ViewEnd | null;
}

/**
 * The play tokens this node has seen used, and the views open under them. One token opens one view:
 * the first WHEP offer, fMP4 WebSocket or HLS playlist that presents it claims its `jti`, and any
 * later claim is refused (409 token_used) whatever the transport, for the rest of the token's life.
 *
 * The record is this node's alone, and that is enough: a token names its media node (`node`, checked
 * with the signature), so no other node accepts it, and the api never hands out a token for a node
 * other than the camera's owner. A node that restarts forgets the tokens it saw; one handed out
 * less than PLAY_TOKEN_TTL_SECONDS before could be claimed once more, by whoever already held it.
 *
 * The open views are also what revocations act on: by the sign-in they were handed out under (`sid`)
 * from the Redis announcement, or by view id from the periodic check against the tables.
 */
export class LiveViews {
  /** jti → the token's expiry (epoch seconds): past it, the token is refused by its signature check. */
  private readonly used = new Map<string, number>();
  private readonly open = new Map<string, Open>();
  private lastPrune = 0;

  /** `clock`: the real time tokens are checked against (the same as verifyPlayToken's). */
  constructor(private readonly clock: Clock) {}

  /** Claims a token's view for one transport session; 409 token_used when the token was used before. */
  claim(claims: PlayClaims, transport: Transport): ClaimedView {
    this.prune();
    if (this.used.has(claims.jti))
      throw new ApiError(
        409,
        'token_used',
        'this play token has already opened a view (one token, one view): ask for a new play URL',
      );
    this.used.set(claims.jti, claims.exp);
    const entry: Open = { view: null as unknown as ClaimedView, end: null, ended: null };
    entry.view = {
      claims,
      transport,
      bind: (end) => {
        if (this.open.get(claims.jti) !== entry) return;
        entry.end = end;
        if (entry.ended) end(entry.ended);
      },
      close: () => {
        if (this.open.get(claims.jti) === entry) this.open.delete(claims.jti);
      },
    };
    this.open.set(claims.jti, entry);
    return entry.view;
  }

  /** Ends the open views handed out under these sign-ins (`sid`); returns how many. */
  endCredentials(sids: ReadonlySet<string>, reason: ViewEnd = 'revoked'): number {
    return this.endWhere((v) => sids.has(v.claims.sid), reason);
  }

  /** Ends these open views (by view id = jti); returns how many. */
  endViews(ids: Iterable<string>, reason: ViewEnd = 'revoked'): number {
    const set = new Set(ids);
    return this.endWhere((v) => set.has(v.claims.jti), reason);
  }

  /** The ids of the views open here (the periodic check asks the tables about them). */
  openIds(): string[] {
    return [...this.open.keys()];
  }

  get size(): number {
    return this.open.size;
  }

  private endWhere(match: (v: ClaimedView) => boolean, reason: ViewEnd): number {
    let n = 0;
    for (const e of [...this.open.values()]) {
      if (e.ended || !match(e.view)) continue;
      e.ended = reason;
      n += 1;
      e.end?.(reason);
    }
    return n;
  }

  /** Forgets used tokens past their expiry (their signature check refuses them anyway), once a minute. */
  private prune(): void {
    const now = this.clock.now();
    if (now - this.lastPrune < 60_000) return;
    this.lastPrune = now;
    const s = Math.floor(now / 1000);
    for (const [jti, exp] of this.used) if (exp < s) this.used.delete(jti);
  }
}
