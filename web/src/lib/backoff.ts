export interface BackoffPolicy {
  /** First delay, ms. */
  baseMs: number;
  /** Cap, ms: a wall that lost its network keeps trying at least this often. */
  maxMs: number;
  /** Share of the delay randomised (0-1) so that a room full of screens does not reconnect in step. */
  jitter: number;
}

export const RECONNECT: BackoffPolicy = { baseMs: 500, maxMs: 15_000, jitter: 0.3 };

/** Capped exponential backoff: base × 2^attempt, at most max, minus up to `jitter` of it at random. */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = RECONNECT,
  random: () => number = Math.random,
): number {
  const raw = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(raw * (1 - policy.jitter * random()));
}
