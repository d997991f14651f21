import type { Transport } from '@pkk/core';

/** What this browser can play, probed once (see capabilities in components/video). */
export interface Capabilities {
  webrtc: boolean;
  /** MediaSource or ManagedMediaSource (iOS 17.1+) with H.264. */
  mse: boolean;
  /** hls.js can run (it needs MSE too) or the <video> plays HLS itself (Safari). */
  hls: boolean;
}

const ORDER: readonly Transport[] = ['webrtc', 'fmp4', 'hls'];

/**
 * The transports to try, best first: the preferred one, then the others in the contract's order
 * (WebRTC, fMP4, HLS), leaving out what the browser cannot do.
 */
export function transportOrder(prefer: Transport, caps: Capabilities): Transport[] {
  const can = (t: Transport) => (t === 'webrtc' ? caps.webrtc : t === 'fmp4' ? caps.mse : caps.hls);
  return [prefer, ...ORDER.filter((t) => t !== prefer)].filter(can);
}

export type FailReason = 'error' | 'stall' | 'timeout' | 'expired';

/**
 * After a transport failed: the next one to try, or the first again (a new round, after a backoff)
 * when all have failed. An expired token retries the same transport with a new token.
 */
export function nextTransport(
  order: readonly Transport[],
  current: Transport,
  reason: FailReason,
): { transport: Transport; newRound: boolean } | null {
  if (!order.length) return null;
  if (reason === 'expired') return { transport: current, newRound: false };
  const i = order.indexOf(current);
  if (i >= 0 && i + 1 < order.length) return { transport: order[i + 1]!, newRound: false };
  return { transport: order[0]!, newRound: true };
}

/** A play token is reused only while it has this much life left; otherwise a new one is asked for. */
export const TOKEN_MARGIN_MS = 15_000;

export function tokenUsable(expiresAt: number, now: number, margin = TOKEN_MARGIN_MS): boolean {
  return expiresAt - now > margin;
}
