import { describe, expect, it } from 'vitest';
import { paceFor } from './pace.ts';

describe('device pace', () => {
  it('at real speed: batches every second, heartbeats every Delay, keepalive within the offline window', () => {
    const p = paceFor(1, 120);
    expect(p.flushMs).toBe(1000);
    expect(p.heartbeatMs(10)).toBe(10_000);
    expect(p.keepaliveMs).toBe(10_000);
  });

  it('on a fast clock: inside the shrunken offline window, but never more often than the floor', () => {
    const at60 = paceFor(60, 120);
    expect(at60.keepaliveMs).toBe(1200);
    expect(at60.heartbeatMs(10)).toBe(1200);
    const at600 = paceFor(600, 120, 250);
    expect(at600.keepaliveMs).toBe(250);
    expect(at600.flushMs).toBe(250);
  });
});
