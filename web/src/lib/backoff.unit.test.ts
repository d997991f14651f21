import { describe, expect, it } from 'vitest';
import { backoffDelay, RECONNECT } from './backoff.ts';

describe('reconnect backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, RECONNECT, none))).toEqual([
      500, 1000, 2000, 4000, 8000, 15000, 15000, 15000,
    ]);
  });
  it('takes off at most the jitter share, so screens do not retry in step', () => {
    expect(backoffDelay(3, RECONNECT, () => 1)).toBe(Math.round(4000 * 0.7));
    expect(backoffDelay(20, RECONNECT, () => 0.5)).toBe(Math.round(15000 * 0.85));
  });
});
