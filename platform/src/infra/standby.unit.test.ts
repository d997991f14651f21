import { afterEach, describe, expect, it } from 'vitest';
import { STANDBY_ENV, STANDBY_SIGNAL, roleStartedAt, standbyUntilCalled } from './standby.ts';

afterEach(() => {
  delete process.env[STANDBY_ENV];
});

describe('standbyUntilCalled', () => {
  it('goes on at once in a process that is not a spare', async () => {
    await standbyUntilCalled();
    expect(roleStartedAt()).toBe(0);
  });

  it('waits in a spare until it is called, then counts the role from that moment', async () => {
    process.env[STANDBY_ENV] = '1';
    let called = false;
    const waiting = standbyUntilCalled().then(() => (called = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(called).toBe(false);
    const before = performance.now();
    process.emit(STANDBY_SIGNAL);
    await waiting;
    expect(called).toBe(true);
    expect(roleStartedAt()).toBeGreaterThanOrEqual(before);
    // What the role starts (its own children) is not a spare.
    expect(process.env[STANDBY_ENV]).toBeUndefined();
  });
});
