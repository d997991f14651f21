/**
 * How often devices talk, in real milliseconds, given the clock speed.
 *
 * On a sped-up clock every simulated interval shrinks, and so does the server's notion of "offline"
 * (`devices.offlineAfterSeconds` of simulated time). A device therefore reports about every 0.6 of
 * the offline window (some margin for queueing) to stay online, but never more often than `minMs`
 * (107 offices must not flood the api) and never less often than its real protocol interval (an ADMS
 * terminal polls every `Delay` s). With 321 devices that is 321 / window requests per second at
 * least: the window is 2 s of real time at 60x and 1 s at 120x.
 * Batches go out once a simulated minute, or once per `minMs` of real time when that is longer.
 */
export interface Pace {
  /** Batches go out this often (about one simulated minute), or sooner when `batchMax` items wait. */
  flushMs: number;
  /** An idle device says "still here" this often. */
  keepaliveMs: number;
  /** ADMS heartbeat interval for the handshake's `Delay`. */
  heartbeatMs(delaySec: number): number;
  batchMax: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function paceFor(speed: number, offlineAfterSec: number, minMs = 1000, batchMax = 200): Pace {
  const keepaliveMs = clamp((offlineAfterSec * 1000 * 0.6) / speed, minMs, 10_000);
  return {
    flushMs: Math.max(minMs, Math.min(60_000 / speed, 1000)),
    keepaliveMs,
    heartbeatMs: (delaySec) => clamp((delaySec * 1000) / speed, keepaliveMs, delaySec * 1000),
    batchMax,
  };
}
