import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../testing/context.ts';
import { LoginThrottle, type Attempt } from './login-throttle.ts';

let ctx: Awaited<ReturnType<typeof testContext>>;
let redis: Redis;
let t = 1_800_000_000_000;
let n = 0;

/** A throttle of its own (prefix) on the real Redis, on a clock the test moves. */
function throttle(): LoginThrottle {
  return new LoginThrottle({
    redis,
    prefix: `${ctx.env.REDIS_PREFIX}:${++n}`,
    freeAttempts: 3,
    addressLimit: 10,
    windowMs: 15 * 60_000,
    firstDelayMs: 1_000,
    maxDelayMs: 60_000,
    now: () => t,
  });
}

const allowed = (a: Attempt) => (a.allowed ? a : expect.fail(`refused: ${JSON.stringify(a)}`));

beforeAll(async () => {
  ctx = await testContext();
  redis = ctx.redis.create('producer', 'throttle-test');
  // A producer connection has no offline queue: wait until it is up.
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
});
afterAll(() => ctx?.dispose());

describe('sign-in throttle', () => {
  it('gives each account and address free attempts, then doubles the wait after each, up to a cap', async () => {
    const th = throttle();
    for (let i = 0; i < 3; i++)
      expect(await th.attempt('walikota', '10.0.0.9')).toEqual({
        allowed: true,
        remaining: 2 - i,
        nextWaitMs: 0,
      });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const a = allowed(await th.attempt('walikota', '10.0.0.9'));
      waits.push(a.nextWaitMs);
      // Before the wait is over: refused, told how long is left.
      t += a.nextWaitMs - 1;
      expect(await th.attempt('walikota', '10.0.0.9')).toEqual({
        allowed: false,
        scope: 'account',
        retryAfterMs: 1,
      });
      t += 1;
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('does not slow the owner down from another address, whatever happens at this one', async () => {
    const th = throttle();
    for (let i = 0; i < 6; i++) await th.attempt('walikota', '203.0.113.7');
    expect((await th.attempt('walikota', '203.0.113.7')).allowed).toBe(false);
    expect(await th.attempt('walikota', '10.1.2.3')).toEqual({ allowed: true, remaining: 2, nextWaitMs: 0 });
  });

  it('starts a pair afresh after a successful sign-in, and after a window left alone', async () => {
    const th = throttle();
    for (let i = 0; i < 5; i++) await th.attempt('camat', '10.0.0.1');
    await th.succeeded('CAMAT', '10.0.0.1');
    expect(await th.attempt('camat', '10.0.0.1')).toEqual({ allowed: true, remaining: 2, nextWaitMs: 0 });

    for (let i = 0; i < 5; i++) await th.attempt('lurah', '10.0.0.1');
    const left = await th.attempt('lurah', '10.0.0.1');
    expect(left.allowed).toBe(false);
    t += 15 * 60_000 + 10_000;
    expect(await th.attempt('lurah', '10.0.0.1')).toEqual({ allowed: true, remaining: 2, nextWaitMs: 0 });
  });

  it("starts a failure's wait when the failure is answered, not when its check began", async () => {
    const th = throttle();
    for (let i = 0; i < 3; i++) await th.attempt('hr', '10.0.0.2');
    const a = allowed(await th.attempt('hr', '10.0.0.2'));
    expect(a.nextWaitMs).toBe(1_000);
    t += 800; // a slow password check
    await th.failed('hr', '10.0.0.2', a);
    t += 900;
    expect(await th.attempt('hr', '10.0.0.2')).toEqual({
      allowed: false,
      scope: 'account',
      retryAfterMs: 100,
    });
  });

  it('lets a burst of parallel guesses through only as far as the free attempts and the first wait', async () => {
    const th = throttle();
    const burst = await Promise.all(Array.from({ length: 40 }, () => th.attempt('admin', '198.51.100.1')));
    expect(burst.filter((a) => a.allowed)).toHaveLength(4);
  });

  it('holds an address that fails on many accounts for the rest of its window, not other addresses', async () => {
    const th = throttle();
    for (let i = 0; i < 10; i++) {
      expect((await th.attempt(`user${i}`, '192.0.2.50')).allowed).toBe(true);
      await th.failed(`user${i}`, '192.0.2.50', { nextWaitMs: 0 });
    }
    t += 60_000;
    expect(await th.attempt('user-new', '192.0.2.50')).toEqual({
      allowed: false,
      scope: 'address',
      retryAfterMs: 14 * 60_000,
    });
    expect((await th.attempt('user-new', '192.0.2.51')).allowed).toBe(true);
    t += 14 * 60_000;
    expect((await th.attempt('user-new', '192.0.2.50')).allowed).toBe(true);
  });
});
