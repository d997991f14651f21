import type { Redis } from 'ioredis';

/**
 * Sign-in attempts slowed per (account, address), not locked per account: somebody guessing the
 * mayor's password from one address makes only that address wait, and the mayor signs in from her
 * own. Each pair has a few free attempts; after them every attempt makes the next one wait twice as
 * long (1 s, 2 s, 4 s … up to a cap), a successful sign-in clears the pair, and a pair left alone for
 * a window after its wait starts afresh. Across accounts, an address gets a generous number of
 * failures per window (one address trying a few passwords on many accounts), then waits the window
 * out. State is in Redis, so every api node counts alike; attempts are counted when they start, in
 * one script, so a burst of parallel guesses cannot all pass as "free", and a failure starts its wait
 * again when it is answered.
 */
export interface LoginThrottleOptions {
  redis: Redis;
  /** Key prefix (REDIS_PREFIX). */
  prefix: string;
  /** Attempts per account and address before waits begin. */
  freeAttempts: number;
  /** Failed attempts per address and window, whatever the account. */
  addressLimit: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
  /** Real time by default: sign-in limits never follow a simulated clock. */
  now?: () => number;
}

export type Attempt =
  | {
      allowed: true;
      /** Free attempts left after this one. */
      remaining: number;
      /** How long the next attempt must wait should this one fail (0 while free attempts remain). */
      nextWaitMs: number;
    }
  | { allowed: false; scope: 'account' | 'address'; retryAfterMs: number };

// KEYS: pair, address. ARGV: now, window, free, first delay, max delay, address limit.
// Pair hash: n = attempts, u = not before (ms). Address hash: s = window start, n = failures.
const ATTEMPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local free = tonumber(ARGV[3])
local first = tonumber(ARGV[4])
local cap = tonumber(ARGV[5])
local limit = tonumber(ARGV[6])
local u = tonumber(redis.call('HGET', KEYS[1], 'u') or '0')
if u > now then return {1, u - now} end
local s = tonumber(redis.call('HGET', KEYS[2], 's') or '0')
local f = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
if now - s < window and f >= limit then return {2, s + window - now} end
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if n > 0 and now >= u + window then n = 0 end
n = n + 1
local delay = 0
if n > free then delay = math.floor(math.min(cap, first * 2 ^ (n - free - 1))) end
redis.call('HSET', KEYS[1], 'n', n, 'u', now + delay)
redis.call('PEXPIRE', KEYS[1], delay + window)
return {0, math.max(0, free - n), delay}
`;
// KEYS: pair, address. ARGV: now, window, the wait this attempt brought.
const FAILED = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = tonumber(ARGV[3])
if wait > 0 and redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'u', now + wait)
  redis.call('PEXPIRE', KEYS[1], wait + window)
end
local s = tonumber(redis.call('HGET', KEYS[2], 's') or '0')
if now - s >= window then
  redis.call('HSET', KEYS[2], 's', now, 'n', 1)
else
  redis.call('HINCRBY', KEYS[2], 'n', 1)
end
redis.call('PEXPIRE', KEYS[2], window)
return 0
`;

export class LoginThrottle {
  private readonly now: () => number;

  constructor(private readonly o: LoginThrottleOptions) {
    this.now = o.now ?? Date.now;
  }

  private pairKey(account: string, address: string): string {
    // Names are short (the login schema caps them); the address is the client's, after trusted proxies.
    return `${this.o.prefix}:login:pair:${address}|${account.toLowerCase()}`;
  }
  private addressKey(address: string): string {
    return `${this.o.prefix}:login:addr:${address}`;
  }

  /** Counts an attempt that may go ahead, or says how long this pair or address must still wait. */
  async attempt(account: string, address: string): Promise<Attempt> {
    const [verdict, a, b] = (await this.o.redis.eval(
      ATTEMPT,
      2,
      this.pairKey(account, address),
      this.addressKey(address),
      this.now(),
      this.o.windowMs,
      this.o.freeAttempts,
      this.o.firstDelayMs,
      this.o.maxDelayMs,
      this.o.addressLimit,
    )) as [number, number, number?];
    if (verdict === 1) return { allowed: false, scope: 'account', retryAfterMs: a };
    if (verdict === 2) return { allowed: false, scope: 'address', retryAfterMs: a };
    return { allowed: true, remaining: a, nextWaitMs: b ?? 0 };
  }

  /**
   * The attempt failed: its wait runs from now (the reply), not from when the password check began,
   * and it counts against its address too.
   */
  async failed(account: string, address: string, attempt: { nextWaitMs: number }): Promise<void> {
    await this.o.redis.eval(
      FAILED,
      2,
      this.pairKey(account, address),
      this.addressKey(address),
      this.now(),
      this.o.windowMs,
      attempt.nextWaitMs,
    );
  }

  /** The owner is in: the pair starts afresh. */
  async succeeded(account: string, address: string): Promise<void> {
    await this.o.redis.del(this.pairKey(account, address));
  }
}
